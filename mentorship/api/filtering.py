"""The filter backends of every API list: django-filter with the portal's strict filters, and
ordering by a whitelist (one field, optionally with «-»; anything else is 400).

Every list gets the filters a regional system syncs by, from its model alone, so a new list
has them without a line of its own:

- ``updated_since`` where rows carry ``updated_at``;
- ``municipality`` where rows carry the municipality key (tenant-owned and place-owned rows);
- ``school_year`` (its first year: 2025 for 2025/26) where rows have a period: a view's
  ``school_year_dates = (start, end)`` names its date fields, otherwise the model's
  ``starts_on``/``ends_on``, a single ``date`` or ``happened_on``, or a ``school_year``
  number are used;
- ``ordering`` by ``id``, by ``updated_at`` where there is one, and by the view's
  ``ordering_fields``.
"""

from django.core.exceptions import FieldDoesNotExist
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.filters import OrderingFilter

from .sync import IdFilter, MomentFilter, PortalFilterSet, SchoolYearFilter

# Date fields that make a period, in the order they are looked for on a model.
PERIODS = (("starts_on", "ends_on"), ("date", "date"), ("happened_on", "happened_on"))


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def view_model(view):
    queryset = getattr(view, "queryset", None)
    return queryset.model if queryset is not None else None


def school_year_dates(view, model) -> tuple[str, str] | None:
    declared = getattr(view, "school_year_dates", None)
    if declared:
        return declared
    if _field(model, "school_year") is not None:
        return ("school_year", "school_year")
    for start, end in PERIODS:
        if _field(model, start) is not None and _field(model, end) is not None:
            return (start, end)
    return None


def sync_filters(view, model, declared: set[str]) -> dict:
    """The filters every list of ``model`` takes, unless the view declares its own."""
    found = {}
    if _field(model, "updated_at") is not None:
        found["updated_since"] = MomentFilter(
            field_name="updated_at",
            lookup_expr="gte",
            label="изменённые с (ISO 8601, с часовым поясом)",
        )
    municipality = _field(model, "municipality")
    if municipality is not None and municipality.is_relation:
        found["municipality"] = IdFilter(field_name="municipality", label="муниципалитет (номер)")
    dates = school_year_dates(view, model)
    if dates:
        start, end = dates
        found["school_year"] = SchoolYearFilter(
            start=start,
            end=end,
            open_start=_field(model, start).null,
            open_end=_field(model, end).null,
            label="учебный год: его первый год (2025 — 2025/26)",
        )
    return {name: value for name, value in found.items() if name not in declared}


_WITH_SYNC: dict[tuple, type] = {}


class PortalFilterBackend(DjangoFilterBackend):
    filterset_base = PortalFilterSet

    def get_filterset_class(self, view, queryset=None):
        filterset = super().get_filterset_class(view, queryset)
        model = filterset._meta.model if filterset is not None else None
        model = model or (queryset.model if queryset is not None else view_model(view))
        if model is None:
            return filterset
        key = (type(view), filterset, model)
        if key not in _WITH_SYNC:
            base = filterset or _plain_filterset(model)
            extra = sync_filters(view, model, set(base.base_filters))
            _WITH_SYNC[key] = type(base.__name__, (base,), extra) if extra else filterset
        return _WITH_SYNC[key]


def _plain_filterset(model) -> type:
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}Filter", (PortalFilterSet,), {"Meta": meta})


class StrictOrdering(OrderingFilter):
    """``?ordering=field`` or ``-field`` among the whitelist; the row id always breaks ties,
    so pages never overlap."""

    def fields(self, view) -> list[str]:
        model = view_model(view)
        names = ["id"]
        if model is not None and _field(model, "updated_at") is not None:
            names.append("updated_at")
        names += [
            name for name in getattr(view, "ordering_fields", None) or () if name not in names
        ]
        return names

    def choices(self, view) -> list[str]:
        if getattr(view, "action", "list") != "list" or view_model(view) is None:
            return []
        return [prefix + name for name in self.fields(view) for prefix in ("", "-")]

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        if value is None:
            return None
        if value not in self.choices(view):
            named = ", ".join(f"«{choice}»" for choice in self.choices(view))
            raise serializers.ValidationError(
                {self.ordering_param: [f"Сортировка: одно из {named}."]}
            )
        return [value, "-pk" if value.startswith("-") else "pk"]

    def filter_queryset(self, request, queryset, view):
        if not self.choices(view):
            return queryset
        ordering = self.get_ordering(request, queryset, view)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_schema_operation_parameters(self, view):
        if not self.choices(view):
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Порядок строк: поле или «-поле» (по убыванию); "
                "при равенстве — по номеру записи.",
                "schema": {"type": "string", "enum": self.choices(view)},
            }
        ]
