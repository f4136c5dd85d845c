"""Forms. Choice querysets come from the scoped managers (a foreign id is "not a valid
choice"); the network mentor field is the one deliberate, commented exception."""

from __future__ import annotations

from django import forms
from django.db.models import Case, IntegerField, Q, When

from mentorship import dates
from orgs.concurrency import VersionedFormMixin
from orgs.models import DeficitArea, StaffMember, Subject
from orgs.selectors import network_mentor_area, network_mentor_place, region_deficit_areas_q
from orgs.tenancy import widened_scope

from .models import REOPEN_DAYS, LogEntry, Pair, PairMember, Plan, PlanActivity, Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class MonthField(dates.DateField):
    widget = MONTH
    input_formats = ["%Y-%m", "%Y-%m-%d", "%d.%m.%Y"]


class ProgrammeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = Programme
        fields = [
            "title",
            "form",
            "custom_form",
            "starts_on",
            "ends_on",
            "goals",
            "status",
            "approval_order",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "goals": forms.Textarea(attrs={"rows": 3}),
            "custom_form": forms.TextInput(attrs={"list": "custom-forms"}),
        }


PAIR_FIELDS = [
    "title",
    "format",
    "model_element",
    "mentor_type",
    "mentee_category",
    "starts_on",
    "planned_end_on",
    "compatibility",
    "compatibility_note",
    "consent_status",
    "consent_on",
    "agreement_status",
    "agreement_on",
    "agreement_ends_on",
    "extra_pay_amount",
    "extra_pay_percent",
    "appointment_order",
]
PAIR_WIDGETS = {
    name: DATE for name in ("starts_on", "planned_end_on", "consent_on", "agreement_on")
} | {"agreement_ends_on": DATE}


def network_mentor_choices(organisation):
    """Working staff who may mentor in ``organisation``: its own, and network mentors from
    the municipality (or the region, if the municipality allows it).

    A curator's scope is their school: this queryset reaches the area's schools on purpose,
    filtered explicitly by the municipality or region."""
    with widened_scope(network_mentor_place(organisation)):
        return (
            StaffMember.objects.working()
            .filter(Q(organisation=organisation.pk) | network_mentor_area(organisation))
            .cross_tenant()
        )


class PairCreateForm(forms.ModelForm):
    programme = forms.ModelChoiceField(queryset=None, label="Программа")
    mentors = forms.ModelMultipleChoiceField(queryset=None, label="Наставники")
    mentees = forms.ModelMultipleChoiceField(queryset=None, label="Наставляемые")
    status = forms.ChoiceField(
        label="Статус",
        choices=[(Pair.Status.DRAFT, "формируется"), (Pair.Status.ACTIVE, "действует")],
        initial=Pair.Status.DRAFT,
        help_text="«Действует» — только когда получено письменное согласие наставника "
        "(ст. 351.8 ТК РФ); иначе создайте пару формируемой и запросите согласие на её странице.",
    )

    class Meta:
        formfield_callback = dates.formfield
        model = Pair
        fields = PAIR_FIELDS
        widgets = PAIR_WIDGETS

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["programme"].queryset = Programme.objects.filter(
            organisation=organisation
        ).exclude(status=Programme.Status.CLOSED)
        self.fields["mentees"].queryset = StaffMember.objects.filter(organisation=organisation)
        self.fields["mentors"].queryset = network_mentor_choices(organisation)
        # The model's own rules run in the service, with the members.
        self.fields["starts_on"].required = False
        self.fields["planned_end_on"].required = False
        self.fields["planned_end_on"].help_text = "Пусто — через год после начала."

    def _post_clean(self):
        """Field values only: pair_create validates the whole pair with its members."""


class PairEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = Pair
        fields = PAIR_FIELDS
        widgets = PAIR_WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status != Pair.Status.DRAFT:
            # Once the pair works, its term changes only by extension, with a reason in the
            # history; the start date stays as it was.
            del self.fields["starts_on"], self.fields["planned_end_on"]


class StatusForm(forms.Form):
    """The pair's next step. Nothing is chosen until the curator chooses, and a closing step
    needs a tick under a sentence saying what it does."""

    to_status = forms.ChoiceField(
        label="Действие", choices=[], error_messages={"required": "Выберите действие."}
    )
    reason = forms.CharField(label="Причина", max_length=500, required=False)
    ended_on = dates.DateField(label="Дата окончания", required=False, widget=DATE)
    initiator = forms.ChoiceField(
        label="Инициатор", choices=[("", "—"), *Pair.Initiator.choices], required=False
    )
    notice_on = dates.DateField(label="Дата уведомления", required=False, widget=DATE)
    confirm = forms.BooleanField(
        label="Подтверждаю закрытие пары",
        required=False,
        help_text=(
            "Пара закроется: её незавершённые планы будут закрыты, а пара уйдёт из текущих "
            f"задач участников. Вернуть её в работу куратор сможет в течение {REOPEN_DAYS} "
            "дней, история изменений сохранится."
        ),
    )

    def __init__(self, *args, current: str = Pair.Status.DRAFT, **kwargs):
        from .services import ALLOWED, CLOSING

        super().__init__(*args, **kwargs)
        labels = {
            Pair.Status.ACTIVE: "вернуть в работу" if current in CLOSING else "начать работу",
            Pair.Status.COMPLETED: "завершить",
            Pair.Status.TERMINATED: "прекратить досрочно",
        }
        self.fields["to_status"].choices = [("", "— выберите действие —")] + [
            (value, label) for value, label in labels.items() if value in ALLOWED[current]
        ]
        if current in CLOSING:
            for name in ("ended_on", "initiator", "notice_on", "confirm"):
                del self.fields[name]
            self.fields["reason"].label = "Почему пара возвращается в работу"
            # The only step left is not destructive, and the button names it.
            self.fields["to_status"].initial = Pair.Status.ACTIVE
            self.fields["to_status"].widget = forms.HiddenInput()

    def clean(self):
        from .services import CLOSING

        data = super().clean()
        if "confirm" not in self.fields:
            return data
        if data.get("to_status") in CLOSING and not data.get("confirm"):
            self.add_error(
                "confirm",
                "Подтвердите закрытие пары: отметьте «Подтверждаю закрытие пары».",
            )
        data.pop("confirm", None)
        return data


class ConsentForm(forms.Form):
    consent_on = dates.DateField(label="Дата письменного согласия", widget=DATE)
    scan = forms.FileField(
        label="Скан подписанного согласия",
        required=False,
        help_text="PDF, PNG или JPEG до 20 МБ; можно приложить позже.",
    )


class ExtendForm(forms.Form):
    new_end_on = dates.DateField(label="Новая дата окончания", widget=DATE)
    reason = forms.CharField(label="Причина продления", max_length=500)


class PlanCreateForm(forms.Form):
    SOURCES = [
        ("empty", "пустой план"),
        ("template", "из шаблона"),
        ("copy", "копия другого плана"),
    ]

    mentee = forms.ModelChoiceField(queryset=None, label="Наставляемый")
    source = forms.ChoiceField(label="Начать", choices=SOURCES, initial="template")
    template = forms.TypedChoiceField(label="Шаблон", coerce=int, required=False, empty_value=None)
    copy_from = forms.ModelChoiceField(queryset=None, label="Копировать план", required=False)
    starts_on = dates.DateField(label="Начало", required=False, widget=DATE)
    ends_on = dates.DateField(
        label="Окончание", required=False, widget=DATE, help_text="Пусто — через год."
    )
    goals = forms.CharField(
        label="Цели и задачи", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deficits = forms.ModelMultipleChoiceField(
        queryset=DeficitArea.objects.none(),
        label="Дефициты, которые устраняет план",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, pair, mentees, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = mentees
        self.fields["template"].choices = [("", "—")] + [(t.pk, t.title) for t in templates]
        self.fields["copy_from"].queryset = (
            Plan.objects.filter(organisation=pair.organisation_id)
            .select_related("mentee")
            .order_by("-starts_on")
        )
        self.fields["copy_from"].label_from_instance = lambda p: (
            f"{p.mentee.full_name}, {p.starts_on:%d.%m.%Y} – {p.ends_on:%d.%m.%Y}"
        )
        self.fields["deficits"].queryset = DeficitArea.objects.filter(
            region_deficit_areas_q(pair.region_id)
        )
        self.templates = {t.pk: t for t in templates}

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == "template":
            if data.get("template") not in self.templates:
                self.add_error("template", "Выберите шаблон.")
            else:
                data["template"] = self.templates[data["template"]]
        else:
            data["template"] = None
        if source == "copy" and not data.get("copy_from"):
            self.add_error("copy_from", "Выберите план для копирования.")
        if source != "copy":
            data["copy_from"] = None
        return data


class PlanEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = dates.formfield
        model = Plan
        fields = ["starts_on", "ends_on", "goals", "deficits", "status"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "goals": forms.Textarea(attrs={"rows": 3}),
            "deficits": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deficits"].queryset = DeficitArea.objects.filter(
            region_deficit_areas_q(self.instance.region_id)
        )


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    planned_month = MonthField(label="Месяц", required=False)

    class Meta:
        formfield_callback = dates.formfield
        model = PlanActivity
        fields = [
            "direction",
            "title",
            "form",
            "deficit_area",
            "planned_month",
            "due_on",
            "stage",
            "expected_result",
            "responsible",
            "responsible_other",
        ]
        widgets = {"due_on": DATE}

    def __init__(self, *args, region_id=None, deficit_areas=None, **kwargs):
        """``deficit_areas``: the region's areas when the page has read them already
        (``pairs.selectors.plan_deficit_areas``), to offer without reading them again."""
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm" if is_select else "form-control form-control-sm",
            )
        areas = self.fields["deficit_area"]
        areas.queryset = DeficitArea.objects.filter(region_deficit_areas_q(region_id))
        if deficit_areas is not None:
            # The options the queryset would give (ModelChoiceIterator), from the rows at hand.
            option = areas.iterator(areas).choice
            empty = [("", areas.empty_label)] if areas.empty_label is not None else []
            areas.choices = [*empty, *map(option, deficit_areas)]

    def _post_clean(self):
        """Field values only: the service validates the activity as a whole."""


class MarkDoneForm(forms.Form):
    done_on = dates.DateField(label="Дата выполнения", required=False, widget=DATE)
    note = forms.CharField(
        label="Что сделано", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_file = forms.FileField(label="Файл-подтверждение", required=False)

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload and upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("Файл больше 10 МБ.")
        return upload


class ShiftForm(forms.Form):
    months = forms.IntegerField(label="Месяцев", initial=0, min_value=-24, max_value=24)
    days = forms.IntegerField(label="Дней", initial=0, min_value=-366, max_value=366)


class SaveTemplateForm(forms.Form):
    title = forms.CharField(label="Название шаблона", max_length=300)
    municipality_wide = forms.BooleanField(label="Шаблон для всего муниципалитета", required=False)

    def __init__(self, *args, **kwargs):
        # Shares the plan page with the activity form, which has a title too.
        kwargs.setdefault("auto_id", "id_template_%s")
        super().__init__(*args, **kwargs)


class LogEntryForm(forms.ModelForm):
    # Scoped querysets are set per request in __init__ (none exists at import time).
    visitor = forms.ModelChoiceField(queryset=None, label="Кто посетил", required=False)
    visited = forms.ModelChoiceField(queryset=None, label="У кого урок", required=False)
    activity = forms.ModelChoiceField(queryset=None, label="Мероприятие плана", required=False)
    mark_activity_done = forms.BooleanField(
        label="Отметить мероприятие плана выполненным", required=False
    )

    class Meta:
        formfield_callback = dates.formfield
        model = LogEntry
        fields = [
            "kind",
            "happened_on",
            "topic",
            "notes",
            "visitor",
            "visited",
            "class_name",
            "subject",
            "activity",
        ]
        widgets = {"happened_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        # Visits are between the pair's members or with colleagues of its organisation; the
        # pair's mentors and mentees come first, named with their role.
        roles = dict(PairMember.objects.filter(pair=pair).values_list("staff", "role"))
        first = Case(
            *(
                When(pk=pk, then=0 if role == PairMember.Role.MENTOR else 1)
                for pk, role in roles.items()
            ),
            default=2,
            output_field=IntegerField(),
        )
        # A network mentor's staff row is in another school of the region.
        with widened_scope((pair.region_id, None, None)):
            people = (
                StaffMember.objects.filter(
                    Q(pk__in=list(roles))
                    | Q(organisation=pair.organisation_id, employment_status="works")
                )
                .order_by(first, "last_name", "first_name")
                .cross_tenant()
            )
        labels = dict(PairMember.Role.choices)
        for name in ("visitor", "visited"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = lambda person: (
                f"{person} — {labels[roles[person.pk]]} пары" if person.pk in roles else str(person)
            )
        self.fields["subject"].queryset = Subject.objects.all()
        self.fields["activity"].queryset = PlanActivity.objects.filter(plan__pair=pair).order_by(
            "plan", "position"
        )

    def _post_clean(self):
        """Field values only: the service validates the entry with its pair."""


# --- mentor matching ----------------------------------------------------------------------


class AcceptSuggestionForm(forms.Form):
    mentor = forms.IntegerField(widget=forms.HiddenInput)
    programme = forms.ModelChoiceField(queryset=None, label="Программа")

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class CohortApproveForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=None, label="Программа для новых пар")

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
