import django_filters
from django import forms

from mentorship import dates
from orgs.concurrency import VersionedFormMixin
from orgs.models import StaffMember

from .models import SERIES_KINDS, Answer, Event, Form, Indicator, Participation, Session
from .scales import NUMERIC_SCALES, SCALE_OPTIONS, Scale


class OpenCampaignForm(forms.Form):
    year = forms.IntegerField(label="Год", min_value=2020, max_value=2100)
    deadline = dates.DateField(label="Срок сдачи", required=False)


class AnswerForm(VersionedFormMixin, forms.ModelForm):
    """One indicator of a monitoring form; the field shown depends on its scale. Each row
    carries its own version, so two people filling one form are refused only where they
    touched the same indicator."""

    class Meta:
        model = Answer
        fields = ["value", "option", "comment", "evidence_text", "evidence_url", "evidence_file"]
        widgets = {
            "comment": forms.TextInput(attrs={"placeholder": "комментарий"}),
            "evidence_text": forms.TextInput(attrs={"placeholder": "подтверждение"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scale = self.instance.indicator.scale
        self.scale = scale
        if scale in NUMERIC_SCALES:
            del self.fields["option"]
            self.fields["value"].label = "%" if scale == Scale.PERCENT else "количество"
            # People type «79,5»; the page shows values the same way.
            self.fields["value"].localize = True
            self.fields["value"].widget.is_localized = True
            # The computed value stands in for an empty one: as the page showed it (a bound
            # form's initial comes from the version it was opened with).
            if self.initial.get("value") is None and self.instance.computed_value is not None:
                self.initial["value"] = self.instance.computed_value
        else:
            del self.fields["value"]
            self.fields["option"] = forms.ChoiceField(
                label="Ответ",
                required=False,
                choices=[("", "—")] + [(c, label) for c, label, _ in SCALE_OPTIONS[scale]],
            )

    def clean_value(self):
        value = self.cleaned_data.get("value")
        if value is not None and value < 0:
            raise forms.ValidationError("Значение не может быть отрицательным.")
        if value is not None and self.scale == Scale.PERCENT and value > 100:
            raise forms.ValidationError("Процент не может быть больше 100.")
        return value


class ActsFilter(forms.Form):
    gaps = forms.BooleanField(label="Только с пробелами", required=False)


STATUS_COLOURS = {
    Form.Status.NOT_STARTED: "secondary",
    Form.Status.IN_PROGRESS: "primary",
    Form.Status.SUBMITTED: "warning",
    Form.Status.RETURNED: "danger",
    Form.Status.ACCEPTED: "success",
}


class EventForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = Event
        fields = ["kind", "level", "title", "starts_on", "ends_on", "hours"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ParticipationForm(forms.Form):
    person = forms.ModelChoiceField(label="Педагог", queryset=StaffMember.objects.none())
    role = forms.ChoiceField(label="Роль", choices=Participation.Role.choices)
    result = forms.ChoiceField(label="Результат", choices=Participation.Result.choices)
    evidence = forms.CharField(
        label="Подтверждение (диплом, приказ, ссылка)", max_length=500, required=False
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.full_name} — {p.organisation.short_name}, {p.position}"
        )


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Вид", choices=Event.Kind.choices)
    level = django_filters.ChoiceFilter(label="Уровень", choices=Event.Level.choices)
    year = django_filters.NumberFilter(
        label="Год", field_name="starts_on", lookup_expr="year", min_value=2000, max_value=2100
    )

    class Meta:
        model = Event
        fields = ["kind", "level", "year"]

    @property
    def form(self):
        # Shown above the new-event form, which has a kind and a level too.
        form = super().form
        form.auto_id = "id_filter_%s"
        return form


class LocalActForm(forms.Form):
    kind = forms.TypedChoiceField(label="Документ", coerce=int)
    number = forms.CharField(label="Номер", max_length=40, required=False)
    date = dates.DateField(
        label="Дата", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    file = forms.FileField(label="Файл (PDF, DOCX, JPG, PNG)", required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.position, k.name) for k in kinds]


class WebsiteForm(forms.Form):
    url = forms.URLField(
        label="Адрес раздела «Наставничество» на сайте", max_length=200, assume_scheme="https"
    )


class RoadMapYearForm(forms.Form):
    action = forms.ChoiceField(choices=[("done", "Выполнено"), ("reopen", "Вернуть в план")])
    evidence = forms.CharField(label="Подтверждение", max_length=500, required=False)


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "method", "scale", "computed"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}


class CopyCriteriaForm(forms.Form):
    year = forms.IntegerField(label="На год", min_value=2020, max_value=2100)


class CriterionForm(forms.Form):
    name = forms.CharField(label="Новый критерий", max_length=500)


class PackKindForm(forms.Form):
    """The methodist's change of the required pack: add a document or remove one."""

    action = forms.ChoiceField(choices=[("add_kind", "добавить"), ("remove_kind", "убрать")])
    name = forms.CharField(max_length=300, required=False)
    position = forms.IntegerField(
        min_value=1,
        max_value=1000,
        required=False,
        error_messages={"invalid": "Неверный номер документа."},
    )


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SeriesForm(VersionedFormMixin, forms.ModelForm):
    """A series of sessions; its level follows who holds it."""

    class Meta:
        formfield_callback = dates.formfield
        model = Event
        fields = ["kind", "title", "starts_on", "ends_on", "hours"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}
        labels = {"starts_on": "Начало", "ends_on": "Окончание"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in SERIES_KINDS]


class SessionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = Session
        fields = ["date", "topic", "leader", "leader_name", "description"]
        widgets = {"date": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders
        self.fields["leader"].label_from_instance = lambda p: (
            f"{p.full_name} — {p.organisation.short_name}, {p.position}"
        )


class MaterialForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300, required=False)
    file = forms.FileField(label="Файл (PDF, DOCX, XLSX, JPG, PNG)", required=False)
    url = forms.URLField(label="или ссылка", required=False, assume_scheme="https")


class EnrolForm(forms.Form):
    person = forms.ModelChoiceField(label="Педагог", queryset=StaffMember.objects.none())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.full_name} — {p.organisation.short_name}, {p.position}"
            + (" (молодой специалист)" if p.is_young_specialist() else "")
        )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label="Присутствовали",
        queryset=StaffMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people
        self.fields["present"].label_from_instance = lambda p: (
            f"{p.full_name} — {p.organisation.short_name}"
        )
