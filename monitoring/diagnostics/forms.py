from __future__ import annotations

from django import forms

from mentorship import dates
from orgs.concurrency import VersionedFormMixin
from orgs.models import DeficitArea, StaffMember

from .models import (
    Campaign,
    Instrument,
    InstrumentVersion,
    LifecycleSchedule,
    Question,
    Section,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _bootstrap(form: forms.BaseForm) -> None:
    """Bootstrap classes on the widgets that the shared form template renders as-is."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class InstrumentForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["title", "purpose", "audience", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SectionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ScheduleForm(BootstrapMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LifecycleSchedule
        fields = [
            "enabled",
            "pulse_first_days",
            "pulse_every_days",
            "final_on_completion",
            "compatibility_on_draft",
        ]


class RuleForm(BootstrapMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = InstrumentVersion
        fields = ["difficulty_threshold", "compatibility_threshold"]


class QuestionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label="Вопрос", max_length=500)
    kind = forms.ChoiceField(label="Тип", choices=Question.Kind.choices)
    area = forms.ModelChoiceField(
        label="Область затруднений",
        queryset=DeficitArea.objects.none(),
        required=False,
        help_text="Для шкалы и «да / нет»: ответ войдёт в профиль затруднений.",
    )
    options = forms.CharField(
        label="Варианты ответа",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Для вопросов с выбором: по одному варианту в строке.",
    )
    required = forms.BooleanField(label="Обязательный", required=False, initial=True)
    reverse = forms.BooleanField(
        label="Обратная шкала (высокий балл или «да» — затруднение)", required=False
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = DeficitArea.objects.filter(region__isnull=True)
        if region is not None:
            areas = DeficitArea.objects.filter(region__in=[region]) | areas
        self.fields["area"].queryset = areas.order_by("position", "name")

    def clean_options(self):
        return [line for line in self.cleaned_data["options"].splitlines() if line.strip()]


class CampaignForm(BootstrapMixin, forms.Form):
    version = forms.ChoiceField(label="Инструмент")
    title = forms.CharField(label="Название кампании", max_length=300)
    audience = forms.ChoiceField(label="Кто отвечает", choices=Campaign.Audience.choices)
    chosen = forms.ModelMultipleChoiceField(
        label="Выбранные педагоги",
        queryset=StaffMember.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Только если отвечают выбранные педагоги.",
    )
    starts_on = dates.DateField(label="Начало", widget=DATE_INPUT)
    ends_on = dates.DateField(label="Окончание", widget=DATE_INPUT)
    anonymous = forms.BooleanField(
        label="Анонимно (результаты только сводно, от 5 ответов)", required=False
    )

    def __init__(self, *args, versions, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {str(v.pk): v for v in versions}
        self.fields["version"].choices = [
            (str(v.pk), f"{v.instrument.title} (версия {v.number})") for v in versions
        ]
        if staff is not None:
            self.fields["chosen"].queryset = staff
        else:
            del self.fields["chosen"]
            self.fields["audience"].choices = [
                c for c in Campaign.Audience.choices if c[0] != Campaign.Audience.CHOSEN
            ]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "Окончание кампании не может быть раньше начала.")
        if data.get("version"):
            data["version"] = self.versions[data["version"]]
        if data.get("audience") == Campaign.Audience.CHOSEN and not data.get("chosen"):
            self.add_error("chosen", "Выберите хотя бы одного педагога.")
        return data


YES_NO = [("yes", "Да"), ("no", "Нет")]


class SectionAnswersForm(forms.Form):
    """One page of a questionnaire: a field per question of the section."""

    def __init__(self, *args, section: Section, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(section.questions.all())
        for q in self.questions:
            self.fields[f"q{q.pk}"] = self._field(q)
            answer = answers.get(q.pk)
            if answer is not None and not self.is_bound:
                self.initial[f"q{q.pk}"] = _initial(q, answer)
        _bootstrap(self)

    @staticmethod
    def _field(q: Question) -> forms.Field:
        common = {"label": q.text, "required": q.required}
        if q.kind == Question.Kind.SCALE:
            hint = " — ".join(p for p in (q.scale_low, q.scale_high) if p)
            return forms.TypedChoiceField(
                choices=[(str(i), str(i)) for i in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=f"1 — {q.scale_low}, 5 — {q.scale_high}" if hint else "",
                **common,
            )
        if q.kind == Question.Kind.YES_NO:
            return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
        if q.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(
                choices=[(o, o) for o in q.options], widget=forms.RadioSelect, **common
            )
        if q.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(o, o) for o in q.options], widget=forms.CheckboxSelectMultiple, **common
            )
        if q.kind == Question.Kind.NUMBER:
            return forms.DecimalField(max_digits=8, decimal_places=2, **common)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)

    def values(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


def _initial(q: Question, answer):
    if q.kind == Question.Kind.SCALE and answer.number is not None:
        return str(int(answer.number))
    if q.kind == Question.Kind.YES_NO and answer.number is not None:
        return "yes" if answer.number else "no"
    if q.kind == Question.Kind.SINGLE:
        return answer.choices[0] if answer.choices else None
    if q.kind == Question.Kind.MULTIPLE:
        return answer.choices
    if q.kind == Question.Kind.NUMBER:
        return answer.number
    return answer.text
