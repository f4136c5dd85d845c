"""Local acts over the API: the documents of each organisation's required pack that it has
recorded (the kind by its name in the municipality's list, number, date, whether the portal
generated it), read where the pages show them (``local_acts_readable``: the school's curator
and director, the municipality's methodists and coordinators). The file is given as the
address of the page's own download, which opens it to the same people; a kind of the pack
the organisation has not recorded has no row here (the pages show it as missing)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from monitoring.effectiveness.access import local_acts_readable
from monitoring.effectiveness.models import LocalAct

from .dates import PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import UPDATED_AT, PortalFilterSet


class LocalActSerializer(PortalModelSerializer):
    kind_name = serializers.CharField(
        source="kind.name", read_only=True, help_text="Документ по перечню муниципалитета."
    )
    kind_position = serializers.IntegerField(
        source="kind.position", read_only=True, help_text="Его номер в перечне."
    )
    file = serializers.SerializerMethodField()
    updated_at = UPDATED_AT

    class Meta:
        model = LocalAct
        fields = [
            "id",
            "region",
            "municipality",
            "organisation",
            "kind",
            "kind_name",
            "kind_position",
            "number",
            "date",
            "generated",
            "file",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "string",
            "format": "uri",
            "nullable": True,
            "description": "Где скачать файл (с тем же токеном); пусто — файла нет.",
        }
    )
    def get_file(self, act) -> str | None:
        if not act.file:
            return None
        url = reverse("monitoring:effectiveness:act_file", args=[act.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class LocalActFilter(PortalFilterSet):
    class Meta:
        model = LocalAct
        fields = ["organisation", "kind"]


class LocalActViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LocalActSerializer
    queryset = LocalAct.objects.none()
    filterset_class = LocalActFilter

    def get_queryset(self):
        return (
            local_acts_readable(self.request)
            .select_related("kind")
            .order_by("organisation", "kind__position", "pk")
        )
