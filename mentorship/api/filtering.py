"""The filter backends of every API list: django-filter with the portal's strict filters, and
ordering by the fields a view names (one field, optionally with «-»; anything else is 400)."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.filters import OrderingFilter

from .sync import PortalFilterSet


class PortalFilterBackend(DjangoFilterBackend):
    filterset_base = PortalFilterSet


class StrictOrdering(OrderingFilter):
    """``?ordering=field`` or ``-field`` among the view's ``ordering_fields``; the row id
    always breaks ties, so pages never overlap."""

    def choices(self, view) -> list[str]:
        fields = getattr(view, "ordering_fields", None) or ()
        return [prefix + name for name in fields for prefix in ("", "-")]

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
        if not getattr(view, "ordering_fields", None):
            return queryset
        ordering = self.get_ordering(request, queryset, view)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "ordering_fields", None):
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Порядок строк: поле или «-поле» (по убыванию).",
                "schema": {"type": "string", "enum": self.choices(view)},
            }
        ]
