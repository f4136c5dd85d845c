"""The curator's staff list filters (django-filter). Each filter is a column of the one list
query or an EXISTS over indexed pair members."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from mentorship import dates

from . import extensions
from .audit import ACTIONS as AUDIT_ACTIONS
from .audit import audited_model_choices
from .models import StaffMember, Subject

SORTS = {
    "name": ("last_name", "first_name", "patronymic", "pk"),
    "-name": ("-last_name", "-first_name", "-patronymic", "-pk"),
    "career": ("-career_started_on", "pk"),
    "-career": ("career_started_on", "pk"),
    "hired": ("hired_on", "pk"),
    "-hired": ("-hired_on", "pk"),
    "position": ("position", "last_name", "pk"),
}
YES_NO = [("yes", "да"), ("no", "нет")]


class StaffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Поиск по ФИО")
    position = django_filters.CharFilter(lookup_expr="icontains", label="Должность")
    subject = django_filters.ModelChoiceFilter(
        field_name="subjects", queryset=Subject.objects.all(), label="Предмет"
    )
    category = django_filters.ChoiceFilter(choices=StaffMember.Category.choices, label="Категория")
    employment_status = django_filters.ChoiceFilter(
        choices=StaffMember.Status.choices, label="Статус", empty_label="все"
    )
    young = django_filters.BooleanFilter(
        method="young_only", label="Молодые специалисты", widget=forms.CheckboxInput
    )
    has_mentor = django_filters.ChoiceFilter(
        choices=YES_NO, method="with_mentor", label="Есть наставник"
    )
    is_mentor = django_filters.ChoiceFilter(
        choices=YES_NO, method="as_mentor", label="Является наставником"
    )
    sort = django_filters.ChoiceFilter(
        choices=[
            ("name", "ФИО (А–Я)"),
            ("-name", "ФИО (Я–А)"),
            ("career", "стаж: меньше сначала"),
            ("-career", "стаж: больше сначала"),
            ("hired", "дата приёма"),
            ("position", "должность"),
        ],
        method="order",
        label="Сортировка",
        empty_label=None,
    )

    class Meta:
        model = StaffMember
        fields = ["q", "position", "subject", "category", "employment_status", "young"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(patronymic__icontains=word)
            )
        return queryset

    def young_only(self, queryset, name, value):
        return queryset.young_specialists() if value else queryset

    def _exists(self, queryset, role, value):
        if value == "yes":
            return queryset.filter(extensions.in_pair_as(role))
        if value == "no":
            return queryset.exclude(extensions.in_pair_as(role))
        return queryset

    def with_mentor(self, queryset, name, value):
        return self._exists(queryset, "mentee", value)

    def as_mentor(self, queryset, name, value):
        return self._exists(queryset, "mentor", value)

    def order(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["name"])
        return queryset.distinct() if self.form.cleaned_data.get("subject") else queryset


class AuditFilter(django_filters.FilterSet):
    """Filters of the audit history (entries of django-auditlog)."""

    date_from = dates.DateFilter(field_name="timestamp", lookup_expr="date__gte", label="С даты")
    date_to = dates.DateFilter(field_name="timestamp", lookup_expr="date__lte", label="По дату")
    model = django_filters.ChoiceFilter(label="Что", method="of_model")
    action = django_filters.ChoiceFilter(
        label="Действие", choices=[(k, v) for k, v in AUDIT_ACTIONS.items()]
    )
    q = django_filters.CharFilter(label="Объект или автор", method="search")
    object_pk = django_filters.CharFilter(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["model"].extra["choices"] = audited_model_choices()

    def of_model(self, queryset, name, value):
        app_label, model = value.split(".", 1)
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(object_repr__icontains=value)
            | Q(actor__last_name__icontains=value)
            | Q(actor__username__icontains=value)
        )
