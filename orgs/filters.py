"""Filters of the curator's staff list (django-filter)."""

import django_filters
from django.db.models import Q

from .models import StaffMember, Subject, young_specialist_threshold


class StaffFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="ФИО")
    position = django_filters.CharFilter(lookup_expr="icontains", label="Должность")
    subject = django_filters.ModelChoiceFilter(
        field_name="subjects", queryset=Subject.objects.all(), label="Предмет"
    )
    category = django_filters.ChoiceFilter(
        choices=StaffMember.Category.choices, label="Категория", empty_label="любая"
    )
    employment_status = django_filters.ChoiceFilter(
        choices=StaffMember.Status.choices, label="Статус", empty_label="все"
    )
    young_specialist = django_filters.BooleanFilter(
        method="filter_young", label="Молодой специалист"
    )
    has_mentor = django_filters.BooleanFilter(field_name="has_mentor", label="Есть наставник")
    is_mentor = django_filters.BooleanFilter(field_name="is_mentor", label="Наставник")
    ordering = django_filters.OrderingFilter(
        fields=(
            ("last_name", "last_name"),
            ("position", "position"),
            ("career_started_on", "career_started_on"),
            ("hired_on", "hired_on"),
        ),
        field_labels={
            "last_name": "ФИО",
            "position": "должность",
            "career_started_on": "начало стажа",
            "hired_on": "дата приёма",
        },
        label="Сортировка",
    )

    class Meta:
        model = StaffMember
        fields: list[str] = []

    def search(self, queryset, name, value):
        condition = Q()
        for word in value.split()[:3]:
            condition &= (
                Q(last_name__istartswith=word)
                | Q(first_name__istartswith=word)
                | Q(patronymic__istartswith=word)
            )
        return queryset.filter(condition)

    def filter_young(self, queryset, name, value):
        young = Q(
            employment_status=StaffMember.Status.WORKS,
            career_started_on__gt=young_specialist_threshold(),
        )
        return queryset.filter(young) if value else queryset.exclude(young)
