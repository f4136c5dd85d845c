from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone

from mentorship import dates
from orgs.models import StaffMember

from .models import Document, Kind

# Which of the optional inputs each kind asks for; the builder in content.py reads them.
FIELDS_BY_KIND = {
    Kind.TARGET_MODEL: ["grounds", "points", "curator"],
    Kind.REGULATION: ["grounds", "points", "curator"],
    Kind.CURATOR: ["grounds", "points", "curator", "staff"],
    Kind.FINAL_EVENT: ["grounds", "points", "curator", "staff", "event_date", "acquainted_text"],
    Kind.YOUNG_SPECIALISTS: ["grounds", "points", "curator"],
    Kind.COUNCIL: [
        "chair",
        "secretary",
        "present",
        "members",
        "present_count",
        "speaker",
        "spoke",
        "against",
        "abstained",
    ],
    Kind.CONSENT: ["pairs", "staff", "mentees_text"],
    Kind.AGREEMENT: [
        "pairs",
        "staff",
        "mentees_text",
        "term",
        "pay",
        "contract_number",
        "contract_date",
    ],
    Kind.CERTIFICATE: ["staff", "points"],
    Kind.PAIRS: ["grounds", "points", "curator", "pairs"],
    Kind.PROGRAMMES: ["grounds", "points", "curator", "pairs"],
    Kind.PLAN: ["pairs", "curator"],
    Kind.ROADMAP_ORDER: [
        "grounds",
        "points",
        "control",
        "signer_position",
        "signer_name",
        "place",
        "acquainted_text",
        "programme_title",
        "programme_text",
    ],
    Kind.ANALYTICAL_REPORT: ["campaign", "signer_position", "signer_name"],
}
TEXT_PARAMS = [
    "mentees_text",
    "contract_number",
    "contract_date",
    "term",
    "pay",
    "event_date",
    "chair",
    "secretary",
    "present",
    "members",
    "present_count",
    "speaker",
    "spoke",
    "against",
    "abstained",
    "signer_position",
    "signer_name",
    "place",
    "control",
    "acquainted_text",
    "programme_title",
    "programme_text",
]


class DocumentForm(forms.Form):
    title = forms.CharField(
        label="Заголовок", max_length=500, required=False, help_text="Пусто — по виду документа."
    )
    date = dates.DateField(
        label="Дата", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    grounds = forms.CharField(
        label="Основание и цели", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    points = forms.CharField(
        label="Пункты (каждый с новой строки)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Подпункт — строка, начинающаяся с «-». Подстановки: $organisation, "
        "$short_name, $year, $date, $municipality.",
    )
    curator = forms.ModelChoiceField(
        label="Куратор (контроль исполнения)", required=False, queryset=StaffMember.objects.none()
    )
    staff = forms.ModelMultipleChoiceField(
        label="Педагоги",
        required=False,
        queryset=StaffMember.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    pairs = forms.MultipleChoiceField(
        label="Пары (группы)", required=False, widget=forms.CheckboxSelectMultiple
    )
    mentees_text = forms.CharField(label="Наставляемые", required=False, max_length=500)
    term = forms.CharField(label="Срок наставничества", required=False, max_length=200)
    pay = forms.CharField(label="Доплата", required=False, max_length=200)
    contract_number = forms.CharField(
        label="Номер трудового договора",
        required=False,
        max_length=30,
        help_text="Для одного наставника; для нескольких номер вписывается от руки.",
    )
    contract_date = forms.CharField(
        label="Дата трудового договора",
        required=False,
        max_length=30,
        help_text="Пусто — дата приёма на работу из карточки сотрудника.",
    )
    event_date = forms.CharField(
        label="Когда проводится итоговое мероприятие", required=False, max_length=100
    )
    chair = forms.CharField(label="Председатель", required=False, max_length=200)
    secretary = forms.CharField(label="Секретарь", required=False, max_length=200)
    present = forms.CharField(label="Присутствовали", required=False, max_length=300)
    members = forms.IntegerField(label="Членов педагогического совета", required=False, min_value=1)
    present_count = forms.IntegerField(
        label="Присутствовали, чел.", required=False, min_value=0, help_text="Для кворума."
    )
    speaker = forms.CharField(
        label="Докладчик (СЛУШАЛИ)",
        required=False,
        max_length=200,
        help_text="Например: «Яковлева Р. Г., заместитель директора по УВР».",
    )
    spoke = forms.CharField(label="ВЫСТУПИЛИ", required=False, max_length=500)
    against = forms.IntegerField(label="Голосовали «против»", required=False, min_value=0)
    abstained = forms.IntegerField(label="Воздержались", required=False, min_value=0)
    signer_position = forms.CharField(
        label="Должность подписывающего", required=False, max_length=200
    )
    signer_name = forms.CharField(label="ФИО подписывающего", required=False, max_length=200)
    place = forms.CharField(label="Место издания", required=False, max_length=100)
    control = forms.CharField(
        label="Контроль за исполнением приказа",
        required=False,
        max_length=300,
        help_text="Например: «возложить на Зинченко Н.А., методиста отдела образования».",
    )
    acquainted_text = forms.CharField(
        label="С приказом ознакомлены (по одному в строке)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    campaign = forms.TypedChoiceField(
        label="Мониторинг эффективности", coerce=int, required=True, choices=()
    )
    programme_title = forms.CharField(
        label="Название программы (приложение)", required=False, max_length=300
    )
    programme_text = forms.CharField(
        label="Текст программы (абзацы через пустую строку)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(
        self, *args, kind: str, organisation=None, pair_choices=(), campaign_choices=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.kind = kind
        wanted = {"title", "date", *FIELDS_BY_KIND.get(kind, [])}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if organisation is not None:
            people = StaffMember.objects.filter(organisation=organisation).working()
            for name in ("curator", "staff"):
                if name in self.fields:
                    self.fields[name].queryset = people
        if "pairs" in self.fields:
            self.fields["pairs"].choices = pair_choices
        if "campaign" in self.fields:
            self.fields["campaign"].choices = campaign_choices
        self.fields["date"].initial = timezone.localdate()

    def params(self) -> dict:
        data = self.cleaned_data
        params: dict = {"wording": {}}
        for part in ("grounds", "points"):
            if part in self.fields and data.get(part, "").strip():
                params["wording"][part] = data[part]
        if data.get("curator"):
            params["curator"] = [data["curator"].pk]
        if data.get("staff"):
            params["staff"] = [s.pk for s in data["staff"]]
        if data.get("pairs"):
            params["pairs"] = [int(p) for p in data["pairs"]]
        if data.get("campaign"):
            params["campaign"] = data["campaign"]
        for name in TEXT_PARAMS:
            if data.get(name):
                params[name] = data[name]
        return params


class IssueForm(forms.Form):
    number = forms.CharField(label="Номер", max_length=30)
    date = dates.DateField(
        label="Дата", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Причина отмены", max_length=500)


class ScanForm(forms.Form):
    scan = forms.FileField(label="Подписанный экземпляр (PDF, JPG, PNG)")


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="Вид",
        choices=Kind.choices,
        empty_label="Все виды",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    year = django_filters.NumberFilter(
        label="Год", widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"})
    )
    status = django_filters.ChoiceFilter(
        label="Статус",
        choices=Document.Status.choices,
        empty_label="Все",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    class Meta:
        model = Document
        fields = ["kind", "year", "status"]


class WordingForm(forms.Form):
    grounds = forms.CharField(
        label="Основание и цели («На основании …, в целях …»)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    points = forms.CharField(
        label="Дополнительные пункты (каждый с новой строки)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Подстановки: $organisation, $short_name, $municipality, $year, $date. "
        "Пустое поле — текст по умолчанию.",
    )
