from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils import timezone

from .models import StaffMember, add_years
from .tasks import send_password_reset


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the letter sent by a Celery worker."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or (request.get_host() if request else "localhost")
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(
                lambda pk=user.pk: send_password_reset.delay(pk, domain, use_https)
            )


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StaffForm(forms.ModelForm):
    """Add or edit a staff member of the curator's organisation."""

    class Meta:
        model = StaffMember
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "position",
            "subjects",
            "category",
            "birth_date",
            "hired_on",
            "career_started_on",
            "email",
            "phone",
            "previous_organisation_name",
        ]
        widgets = {
            "birth_date": DATE,
            "hired_on": DATE,
            "career_started_on": DATE,
            "subjects": forms.SelectMultiple(attrs={"size": 6}),
        }

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("birth_date", "hired_on", "career_started_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, "Дата не может быть в будущем.")
        birth = data.get("birth_date")
        career = data.get("career_started_on")
        if birth and career and career < add_years(birth, 16):
            self.add_error("career_started_on", "Педагогический стаж не может начаться до 16 лет.")
        return data


class LeaveForm(forms.Form):
    left_on = forms.DateField(label="Дата увольнения", widget=DATE)
    reason = forms.CharField(label="Причина", max_length=300, required=False)
