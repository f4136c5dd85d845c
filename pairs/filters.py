"""The pair list's filters (django-filter): every filter of the list is indexed or annotated
in the one query of the page."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from orgs.filters import ChosenAsValues
from orgs.models import Organisation, StaffMember
from orgs.tenancy import widened_scope

from .models import Pair, PairMember, Programme
from .selectors import (
    ENDING_SOON_DAYS,
    ending_soon_q,
    pairs_of_organisation,
    stalled_days,
    stalled_q,
)


def filtered_pairs(organisation_pk: int, region_id: int, chosen: tuple) -> QuerySet:
    """The school's pairs for the list, newest first, narrowed by ``chosen``
    (``PairFilter.chosen``)."""
    organisation = Organisation(pk=organisation_pk, region_id=region_id)
    pairs = pairs_of_organisation(organisation).order_by("-starts_on", "-pk")
    unbound = PairFilter(queryset=Pair.objects.none(), organisation=organisation)
    return unbound.narrowed(pairs, chosen)


class PairFilter(ChosenAsValues, django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="ФИО")
    status = django_filters.ChoiceFilter(choices=Pair.Status.choices, label="Статус")
    programme_form = django_filters.ChoiceFilter(
        field_name="programme__form", choices=Programme.Form.choices, label="Форма"
    )
    format = django_filters.ChoiceFilter(choices=Pair.Format.choices, label="Формат")
    mentee_category = django_filters.ChoiceFilter(
        choices=Pair.MenteeCategory.choices, label="Категория наставляемого"
    )
    programme = django_filters.ModelChoiceFilter(queryset=None, label="Программа")
    mentor = django_filters.ModelChoiceFilter(queryset=None, method="by_mentor", label="Наставник")
    no_plan = django_filters.BooleanFilter(
        method="without_plan", label="Без плана", widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        method="with_overdue", label="Есть просроченные мероприятия", widget=forms.CheckboxInput
    )
    ending_soon = django_filters.BooleanFilter(
        method="ending",
        label=f"Заканчиваются в ближайшие {ENDING_SOON_DAYS} дней",
        widget=forms.CheckboxInput,
    )
    stalled = django_filters.BooleanFilter(
        method="without_activity", label="Без движения", widget=forms.CheckboxInput
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("starts_on", "starts_on"),
            ("planned_end_on", "planned_end_on"),
            ("status", "status"),
            ("last_logged_on", "last_logged_on"),
        ),
        field_labels={
            "starts_on": "начало",
            "planned_end_on": "окончание",
            "status": "статус",
            "last_logged_on": "последняя запись журнала",
        },
        label="Сортировка",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # A submitted choice is validated through these querysets; the lists to choose from
        # are read compiled (``form``). Network mentors work in other schools of the region.
        if self.is_bound:
            self.filters["programme"].queryset = programme_choices(organisation.pk)
            with widened_scope(_region_of(organisation)):
                self.filters["mentor"].queryset = mentor_choices(organisation.pk).cross_tenant()
        else:  # nothing to validate
            self.filters["programme"].queryset = Programme.objects.none()
            self.filters["mentor"].queryset = StaffMember.objects.none()
        self.filters["stalled"].label = f"Без движения (нет записей журнала {stalled_days()} дней)"

    def search(self, queryset, name, value):
        condition = Q()
        for word in value.split()[:3]:
            condition &= (
                Q(staff__last_name__icontains=word)
                | Q(staff__first_name__icontains=word)
                | Q(staff__patronymic__icontains=word)
            )
        if not condition:
            return queryset
        return queryset.filter(Exists(PairMember.objects.filter(condition, pair=OuterRef("pk"))))

    def by_mentor(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                PairMember.objects.filter(
                    pair=OuterRef("pk"), staff=value, role=PairMember.Role.MENTOR
                )
            )
        )

    def without_plan(self, queryset, name, value):
        return queryset.filter(plan_count=0) if value else queryset

    def with_overdue(self, queryset, name, value):
        return queryset.filter(overdue_count__gt=0) if value else queryset

    def ending(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(ending_soon_q())

    def without_activity(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(stalled_q())

    @property
    def form(self):
        form = super().form
        if getattr(form, "styled", False):  # the template reads the form a dozen times
            return form
        form.styled = True
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"
        self.offer(form, "programme", programme_choices, self.organisation.pk)
        with widened_scope(_region_of(self.organisation)):
            self.offer(form, "mentor", mentor_choices, self.organisation.pk)
        return form


def programme_choices(organisation_pk: int) -> QuerySet:
    return Programme.objects.filter(organisation=organisation_pk)


def mentor_choices(organisation_pk: int) -> QuerySet:
    """The school's mentors, network mentors among them: read within its region."""
    mentors = PairMember.objects.filter(
        organisation=organisation_pk, role=PairMember.Role.MENTOR
    ).values("staff")
    return StaffMember.objects.filter(pk__in=mentors).order_by("last_name", "first_name")


def _region_of(organisation) -> tuple:
    return (organisation.region_id, None, None)
