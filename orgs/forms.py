from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db.models import Q

from mentorship import dates

from . import outbox
from .concurrency import VersionedFormMixin
from .declension import CASE_CHOICES
from .models import (
    DeficitArea,
    Head,
    MatchingWeights,
    MentorProfile,
    Municipality,
    Organisation,
    Role,
    StaffMember,
    Subject,
    User,
)
from .registers import DEFAULT_FORMAT, NUMBER, YEAR, Register, validate_format
from .services import ACCOUNT_NOT_FOUND
from .tasks import send_password_reset
from .tenancy import widened_scope


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the letter sent by a Celery worker."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or (request.get_host() if request else "localhost")
        for user in self.get_users(self.cleaned_data["email"]):
            # Written now, sent when the broker can take it: an outage delays the letter.
            outbox.enqueue(send_password_reset, user.pk, domain, use_https)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StaffMemberForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = StaffMember
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "position",
            "subjects",
            "needs",
            "category",
            "birth_date",
            "hired_on",
            "career_started_on",
            "email",
            "phone",
            "previous_organisation_name",
        ]
        widgets = {
            "birth_date": DateInput(),
            "hired_on": DateInput(),
            "career_started_on": DateInput(),
            "subjects": forms.CheckboxSelectMultiple,
            "needs": forms.CheckboxSelectMultiple,
        }


class LeaveForm(forms.Form):
    left_on = dates.DateField(label="Дата увольнения", widget=DateInput())
    leave_reason = forms.CharField(label="Причина", max_length=300)


class MentorProfileForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = [
            "is_available",
            "subjects",
            "deficit_areas",
            "offers_reverse",
            "offers_digital",
            "offers_group",
            "capacity",
            "note",
        ]
        widgets = {
            "subjects": forms.CheckboxSelectMultiple,
            "deficit_areas": forms.CheckboxSelectMultiple,
        }

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if not 1 <= capacity <= 10:
            raise forms.ValidationError("Укажите от 1 до 10 наставляемых.")
        return capacity


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл со списком педагогов (.xlsx или .csv)",
        help_text=f"Не больше {settings.IMPORT_MAX_BYTES // (1024 * 1024)} МБ.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"Файл слишком большой: допускается не более "
                f"{settings.IMPORT_MAX_BYTES // 1024} КБ."
            )
        if upload.size == 0:
            raise forms.ValidationError("Файл пустой.")
        return upload


class MentorBaseSearchForm(forms.Form):
    subject = forms.ModelChoiceField(Subject.objects.all(), required=False, label="Предмет")
    area = forms.ModelChoiceField(
        DeficitArea.objects.all(), required=False, label="Область затруднений"
    )
    category = forms.ChoiceField(
        choices=[("", "любая"), *StaffMember.Category.choices], required=False, label="Категория"
    )
    min_career_years = forms.IntegerField(
        min_value=0, max_value=60, required=False, label="Стаж не менее, лет"
    )
    organisation = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Организация"
    )
    free_only = forms.BooleanField(required=False, label="Только со свободными местами")

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # A curator's scope holds only their school; the names of the municipality's schools
        # are public, so the filter lists them.
        with widened_scope((municipality.region_id, municipality.pk, None)):
            self.fields["organisation"].choices = [("", "любая")] + [
                (o.pk, o.short_name)
                for o in Organisation.objects.filter(municipality=municipality).order_by(
                    "short_name"
                )
            ]


class MatchingWeightsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = MatchingWeights
        fields = ["subject", "needs", "experience", "capacity"]

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.Meta.fields):
            raise forms.ValidationError("Хотя бы один вес должен быть больше нуля.")
        for name in self.Meta.fields:
            if (data.get(name) or 0) > 100:
                self.add_error(name, "Не больше 100.")
        return data


class MembershipGrantForm(forms.Form):
    """The role page's grant form; the choices are what the viewer may give (the service
    checks the same rule again)."""

    account = forms.CharField(label="Учётная запись (логин или e-mail)", max_length=254)
    role = forms.ChoiceField(label="Роль")
    place = forms.ChoiceField(label="Где")

    def __init__(self, *args, roles: list[str], places: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = places
        self.fields["role"].choices = [(role, Role(role).label) for role in roles]
        self.fields["place"].choices = [(key, place_label(place)) for key, place in places.items()]

    def clean_account(self):
        login = self.cleaned_data["account"].strip()
        accounts = list(User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))[:2])
        if len(accounts) != 1:
            raise forms.ValidationError(ACCOUNT_NOT_FOUND)
        return accounts[0]

    def clean_place(self):
        return self.places[self.cleaned_data["place"]]


def place_label(place) -> str:
    if isinstance(place, Organisation):
        return f"{place.short_name} ({place.municipality})"
    if isinstance(place, Municipality):
        return f"{place.name} ({place.region})"
    return str(place)


class RequisitesForm(VersionedFormMixin, forms.ModelForm):
    """The names and place an organisation's documents print."""

    class Meta:
        model = Organisation
        fields = ["full_name", "name", "short_name", "settlement", "head_position"]
        widgets = {"full_name": forms.Textarea(attrs={"rows": 2})}


class RegisterFormatsForm(forms.Form):
    """The number format of every register of the issuer's documents, on one form."""

    def __init__(self, *args, formats: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for register, label in Register.choices:
            self.fields[register] = forms.CharField(
                label=label,
                initial=formats.get(register, DEFAULT_FORMAT),
                max_length=40,
                validators=[validate_format],
                help_text=f"Например, «{NUMBER}-од» или «{NUMBER}/{YEAR}».",
            )


class HeadForm(forms.ModelForm):
    """Who heads the organisation from a date (an acting head for a period)."""

    class Meta:
        formfield_callback = dates.formfield
        model = Head
        fields = ["staff", "acting", "starts_on", "ends_on", "basis"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            StaffMember.objects.filter(organisation=organisation)
            .working()
            .order_by("last_name", "first_name")
        )
        self.fields["staff"].label = "Сотрудник"


class NameCaseForm(forms.Form):
    """A hand-corrected case of one of the names the organisation's documents use."""

    phrase = forms.ChoiceField(label="Название или ФИО")
    case = forms.ChoiceField(label="Падеж", choices=CASE_CHOICES)
    form = forms.CharField(
        label="Правильная форма",
        max_length=500,
        required=False,
        help_text="Пусто — вернуть форму, которую предлагает портал.",
    )

    def __init__(self, *args, phrases: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phrase"].choices = [(p, p) for p in phrases]
