from django import forms

from mentorship import dates
from monitoring.effectiveness.models import Event
from orgs.models import StaffMember

from .models import Nomination

STAGE_LEVELS = [
    (Event.Level.SCHOOL, "школьный"),
    (Event.Level.MUNICIPAL, "муниципальный"),
    (Event.Level.REGIONAL, "региональный"),
]


class DateInput(forms.DateInput):
    input_type = "date"


class ContestForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    year = forms.IntegerField(label="Год", min_value=2020, max_value=2100)
    starts_on = dates.DateField(label="Начало", widget=DateInput)
    regulation = forms.CharField(
        label="Положение о конкурсе (кратко)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class NominationForm(forms.Form):
    title = forms.CharField(label="Номинация", max_length=300)


class CriterionForm(forms.Form):
    name = forms.CharField(label="Критерий", max_length=300)
    max_points = forms.IntegerField(label="Максимум баллов", min_value=1, max_value=100)


class StageForm(forms.Form):
    level = forms.ChoiceField(label="Уровень", choices=STAGE_LEVELS)
    title = forms.CharField(label="Этап", max_length=300)
    starts_on = dates.DateField(label="Начало", widget=DateInput)
    ends_on = dates.DateField(label="Окончание", widget=DateInput)
    advance = forms.IntegerField(label="Проходят дальше из номинации", min_value=1, required=False)


class PersonChoiceForm(forms.Form):
    """A teacher of the given list (read in the caller's scope by the view)."""

    person = forms.ModelChoiceField(label="Педагог", queryset=StaffMember.objects.none())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people


class ApplicationForm(PersonChoiceForm):
    nomination = forms.ModelChoiceField(label="Номинация", queryset=Nomination.objects.none())
    summary = forms.CharField(
        label="Описание опыта наставничества", widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, contest=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label = "Наставник"
        if contest is not None:
            self.fields["nomination"].queryset = contest.nominations.all()


class AssignForm(forms.Form):
    juror = forms.IntegerField(widget=forms.HiddenInput)


class ScoreForm(forms.Form):
    """One number field per criterion of the rubric, bounded by its maximum."""

    def __init__(self, *args, criteria=(), initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_points = initial_points or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.max_points})",
                min_value=0,
                max_value=criterion.max_points,
                initial=initial_points.get(criterion.pk),
            )

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}
