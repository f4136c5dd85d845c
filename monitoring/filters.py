"""Filters of the municipality overview (django-filter). The effectiveness level comes from
the year's monitoring, computed once by the view and passed in."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q

from monitoring.effectiveness.models import LocalAct, WebsiteSection
from monitoring.effectiveness.scales import LEVEL_LABELS
from orgs.models import Organisation
from pairs.models import Programme

NO_LEVEL = "none"


class OverviewFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Вид организации", choices=Organisation.Kind.choices)
    programme_form = django_filters.ChoiceFilter(
        label="Форма наставничества", choices=Programme.Form.choices, method="with_form"
    )
    gaps = django_filters.BooleanFilter(
        label="Только с пробелами в локальных актах или без раздела сайта",
        method="with_gaps",
        widget=forms.CheckboxInput,
    )
    level = django_filters.ChoiceFilter(
        label="Уровень эффективности",
        choices=[*LEVEL_LABELS.items(), (NO_LEVEL, "нет принятой формы")],
        method="at_level",
    )

    class Meta:
        model = Organisation
        fields = ["kind"]

    def __init__(self, *args, pack_size: int, levels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.pack_size = pack_size
        self.levels = levels
        # Bootstrap classes on the widgets themselves: the page renders the fields with
        # plain markup (crispy's template per field cost more than the table).
        for field in self.form.fields.values():
            checkbox = isinstance(field.widget, forms.CheckboxInput)
            field.widget.attrs["class"] = "form-check-input" if checkbox else "form-select"

    def with_form(self, queryset, name, value):
        programmes = Programme.objects.filter(
            organisation=OuterRef("pk"), form=value, status=Programme.Status.ACTIVE
        )
        return queryset.filter(Exists(programmes))

    def with_gaps(self, queryset, name, value):
        if not value:
            return queryset
        acts = (
            LocalAct.objects.filter(organisation=OuterRef("pk"))
            .values("organisation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        site = WebsiteSection.objects.filter(organisation=OuterRef("pk"))
        return queryset.annotate(acts=acts).filter(
            Q(acts__isnull=True) | Q(acts__lt=self.pack_size) | ~Exists(site)
        )

    def at_level(self, queryset, name, value):
        if value == NO_LEVEL:
            # A form not accepted yet, or no form at all: no level to filter by.
            return queryset.exclude(
                pk__in=[pk for pk, level in self.levels.items() if level.band is not None]
            )
        return queryset.filter(
            pk__in=[
                pk for pk, level in self.levels.items() if level.band and level.band.code == value
            ]
        )
