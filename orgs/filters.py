"""The curator's staff list filters (django-filter). Each filter is a column of the one list
query or an EXISTS over indexed pair members."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Model, Q, QuerySet
from django_filters.constants import EMPTY_VALUES

from mentorship import dates

from . import extensions
from .audit import ACTIONS as AUDIT_ACTIONS
from .audit import audited_model_choices
from .models import StaffMember, Subject
from .tenancy import compiled_objects

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


class ChosenAsValues:
    """A FilterSet whose list is read compiled (``orgs.tenancy.compiled_list``): the valid
    choices of the submitted form become plain values, so the query they build depends on
    them alone. Validating a choice reads the database (per request); applying it does not."""

    def chosen(self) -> tuple:
        """(name, value) pairs, a chosen row as its id; an invalid field is left out, as
        ``qs`` leaves it out."""
        if not self.is_bound:
            return ()
        self.form.is_valid()
        return tuple(
            (name, value.pk if isinstance(value, Model) else _hashable(value))
            for name, value in sorted(self.form.cleaned_data.items())
            if value not in EMPTY_VALUES
        )

    def offer(self, form, name: str, build, *args) -> None:
        """The rows of ``build(*args)`` as the choices ``form`` shows for ``name``, read
        compiled (``orgs.tenancy.compiled_objects``), labelled by the field itself."""
        field = form.fields[name]
        rows = compiled_objects(build, *args)
        field.widget.choices = [
            ("", field.empty_label),
            *((row.pk, field.label_from_instance(row)) for row in rows),
        ]

    def narrowed(self, queryset: QuerySet, chosen: tuple) -> QuerySet:
        """``queryset`` filtered by ``chosen`` as ``qs`` would filter it by the form."""
        for name, value in chosen:
            queryset = self.filters[name].filter(queryset, value)
        return queryset


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def filtered_staff(organisation_pk: int, chosen: tuple) -> QuerySet:
    """The school's staff for the list, by name unless sorted otherwise, narrowed by
    ``chosen`` (``StaffFilter.chosen``)."""
    staff = (
        StaffMember.objects.filter(organisation=organisation_pk)
        .prefetch_related("subjects")
        .order_by(*SORTS["name"])
    )
    staff = StaffFilter(queryset=StaffMember.objects.none()).narrowed(staff, chosen)
    # The subject is chosen through the link table: one row per person all the same.
    return staff.distinct() if dict(chosen).get("subject") else staff


def subject_choices() -> QuerySet:
    return Subject.objects.all()


class StaffFilter(ChosenAsValues, django_filters.FilterSet):
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
