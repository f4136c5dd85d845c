"""Road maps over the API: each map whole, with its sections, items and each item's years
(target, status, when done), and the yearly statuses as the road-map pages show them — a
planned year past its deadline is overdue (``road_map_rows``), and the map's done / overdue /
all targets are counted as the municipality's table of school road maps counts them
(``road_map_tally``).

Read exactly where the road-map page opens a map (``road_maps_readable``): a school's map by
its curator, director and the municipality's methodists and coordinators, a municipality's
own map by the latter only. Sections, items and years keep no moment of their own: a change
to any of them (marking a year done, reopening it, an edit in the admin) moves the map's
``updated_at``, so ``updated_since`` gives the map again, whole."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers, viewsets

from monitoring.effectiveness.access import road_maps_readable
from monitoring.effectiveness.models import (
    RoadMap,
    RoadMapItem,
    RoadMapSection,
    RoadMapYear,
)
from monitoring.effectiveness.selectors import SchoolRoadMap, road_map_rows, road_map_tally

from .dates import PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import UPDATED_AT, PortalFilterSet

CELLS = ["done", "overdue", "not_started", ""]


class YearSerializer(PortalModelSerializer):
    overdue = serializers.BooleanField(
        read_only=True, help_text="Запланировано, а срок прошёл (как на странице)."
    )
    cell = serializers.ChoiceField(
        choices=CELLS,
        read_only=True,
        help_text="Как в таблице дорожных карт школ: выполнено, просрочено, не начато; "
        "пусто — в этом году показателя нет.",
    )

    class Meta:
        model = RoadMapYear
        fields = ["id", "year", "target", "status", "done_on", "evidence", "overdue", "cell"]
        read_only_fields = fields


class ItemSerializer(PortalModelSerializer):
    years = YearSerializer(many=True, read_only=True)

    class Meta:
        model = RoadMapItem
        fields = [
            "id",
            "position",
            "number",
            "activity",
            "indicators",
            "result_form",
            "deadline_text",
            "deadline",
            "deadline_month",
            "recurring",
            "responsible",
            "years",
        ]
        read_only_fields = fields


class SectionSerializer(PortalModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = RoadMapSection
        fields = ["id", "position", "title", "items"]
        read_only_fields = fields


FIGURES = inline_serializer(
    "RoadMapFigures",
    {
        "done": serializers.IntegerField(help_text="Годовых показателей выполнено."),
        "overdue": serializers.IntegerField(help_text="Просрочено."),
        "total": serializers.IntegerField(help_text="Всего годовых показателей."),
        "share_done": serializers.IntegerField(
            allow_null=True, help_text="Выполнено, % (округлено); пусто — показателей нет."
        ),
    },
)


def _year(year: dict) -> dict:
    row = year["row"]
    return {
        "id": row.pk,
        "year": row.year,
        "target": row.target,
        "status": row.status,
        "done_on": row.done_on.isoformat() if row.done_on else None,
        "evidence": row.evidence,
        "overdue": year["overdue"],
        "cell": year["cell"],
    }


def _item(entry: dict) -> dict:
    item = entry["item"]
    data = {name: getattr(item, name) for name in ItemSerializer.Meta.fields[:-1]}
    data["deadline"] = item.deadline.isoformat() if item.deadline else None
    data["id"] = item.pk
    data["years"] = [_year(year) for year in entry["years"]]
    return data


class RoadMapSerializer(PortalModelSerializer):
    sections = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()
    updated_at = UPDATED_AT

    class Meta:
        model = RoadMap
        fields = [
            "id",
            "title",
            "region",
            "municipality",
            "organisation",
            "first_year",
            "last_year",
            "approved_by",
            "updated_at",
            "figures",
            "sections",
        ]
        read_only_fields = fields

    def _rows(self, road_map) -> tuple[list, tuple]:
        # The page's reading, once per map: the rows with their overdue years, then the tally.
        if not hasattr(road_map, "_api_rows"):
            sections = road_map_rows(road_map)
            road_map._api_rows = (sections, road_map_tally(sections))
        return road_map._api_rows

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, road_map) -> list:
        sections, _ = self._rows(road_map)
        return [
            {
                "id": entry["section"].pk,
                "position": entry["section"].position,
                "title": entry["section"].title,
                "items": [_item(item) for item in entry["items"]],
            }
            for entry in sections
        ]

    @extend_schema_field(FIGURES)
    def get_figures(self, road_map) -> dict:
        sections, (done, overdue, total) = self._rows(road_map)
        tally = SchoolRoadMap(road_map.organisation_id, road_map, sections, done, overdue, total)
        return {"done": done, "overdue": overdue, "total": total, "share_done": tally.share_done}


class RoadMapFilter(PortalFilterSet):
    class Meta:
        model = RoadMap
        fields = ["organisation"]


class RoadMapViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RoadMapSerializer
    queryset = RoadMap.objects.none()
    filterset_class = RoadMapFilter
    # The map's row shows its sections, items and years, which keep no moment of their own.
    sync_parts = {
        RoadMapSection: "road_map",
        RoadMapItem: "section__road_map",
        RoadMapYear: "item__section__road_map",
    }

    def get_queryset(self):
        sections = RoadMapSection.objects.prefetch_related("items__years")
        return (
            road_maps_readable(self.request)
            .prefetch_related(Prefetch("sections", queryset=sections))
            .order_by("-first_year", "pk")
        )
