"""``GET /api/v1/<list>/deleted/?since=…``: the rows of a list deleted since a moment, next to
every list of the router (``PortalRouter`` adds the route, so a new list has it by itself).

A regional system keeps the moment it started its last run and asks each list for
``?updated_since=`` (new and changed rows) and ``deleted/?since=`` (rows to delete), both
paged the same way, oldest deletion first. Tombstones are kept ``API_TOMBSTONE_DAYS``: a
``since`` before that window could miss deletions, so it answers 410 and the system re-reads
the list whole instead of trusting an incomplete answer."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import re_path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.routers import DefaultRouter

from orgs.tenancy import widened_scope

from .changes import kept_since, read_by_members
from .filtering import PortalFilterBackend
from .models import Tombstone, TombstoneReader
from .strict import StrictQueryMixin
from .sync import MomentFilter, PortalFilterSet


class TombstoneSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="object_id", help_text="Номер удалённой записи.")

    class Meta:
        model = Tombstone
        fields = ["id", "deleted_at"]
        read_only_fields = fields
        extra_kwargs = {"deleted_at": {"help_text": "Когда запись удалена."}}


GONE = (
    "Удалённые записи хранятся {days} дн., с {kept}: удаления до момента «since» уже "
    "могли быть забыты, и этот ответ был бы неполным. Выполните полную синхронизацию: "
    "прочитайте список заново без «updated_since», замените им свою копию и дальше "
    "спрашивайте удалённые с момента начала этой синхронизации."
)


class ResyncNeeded(exceptions.APIException):
    status_code = 410
    default_code = "resync_needed"

    def __init__(self, kept):
        kept_utc = kept.astimezone(datetime.UTC).replace(microsecond=0)
        text = GONE.format(days=settings.API_TOMBSTONE_DAYS, kept=kept_utc.isoformat())
        super().__init__({"detail": text, "kept_since": kept_utc.isoformat()})


class GoneSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Что случилось и что делать, по-русски.")
    kept_since = serializers.DateTimeField(
        help_text="С какого момента удалённые записи ещё известны: «since» не раньше него."
    )


class SinceFilter(MomentFilter):
    """``since`` within the kept window, or 410: deletions before it may be forgotten."""

    def filter(self, qs, value):
        if value is not None and value < (kept := kept_since()):
            raise ResyncNeeded(kept)
        return super().filter(qs, value)


class TombstoneFilter(PortalFilterSet):
    since = SinceFilter(
        field_name="deleted_at",
        lookup_expr="gte",
        label="удалённые с (ISO 8601, с часовым поясом)",
    )

    class Meta:
        model = Tombstone
        fields = []


def _with_own(rows, label: str, staff_id: int):
    """The tombstones of the caller's places, plus those of rows the person read as a member
    of their pair wherever it was (``pairs.access.with_own_pairs``): a network mentor from
    another school saw the pair, so they see it go. Read in the scope widened to exactly
    the places of those rows, and filtered by them."""
    own = TombstoneReader.objects.filter(staff_id=staff_id, tombstone__model=label)
    places = set(
        own.values_list(
            "tombstone__region_id", "tombstone__municipality_id", "tombstone__organisation_id"
        )
    )
    if not places:
        return rows
    in_scope = rows.values("pk")
    with widened_scope(*places):
        found = Tombstone.objects.filter(
            Q(pk__in=in_scope) | Q(pk__in=own.values("tombstone")), model=label
        )
        return found.cross_tenant()


class DeletedViewSet(StrictQueryMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The tombstones of one list's model, in the caller's scope."""

    serializer_class = TombstoneSerializer
    queryset = Tombstone.objects.none()
    filterset_class = TombstoneFilter
    filter_backends = [PortalFilterBackend]
    listed_model = None  # the model of the list, given per route

    def get_queryset(self):
        label = self.listed_model._meta.label_lower
        rows = Tombstone.objects.filter(model=label)
        staff_id = getattr(self.request.user, "staff_member_id", None)
        if staff_id and self.listed_model in read_by_members:
            rows = _with_own(rows, label, staff_id)
        return rows.order_by("deleted_at", "pk")

    @extend_schema(
        summary="Удалённые записи списка",
        description="Записи этого списка, удалённые с момента `since` (без него — все "
        "хранимые), по порядку удаления: номер записи и когда она удалена. Видны удаления "
        "тех записей, что были бы видны сами. Удалённые записи хранятся ограниченное время "
        "(по умолчанию 90 дней): `since` раньше этого срока — ответ 410, нужна полная "
        "синхронизация (список заново, без `updated_since`).",
        responses={
            200: TombstoneSerializer(many=True),
            410: OpenApiResponse(
                GoneSerializer,
                description="`since` раньше хранимых удалений: часть их уже забыта. "
                "Прочитайте список заново целиком (без `updated_since`) и замените им копию.",
            ),
        },
    )
    def list(self, request, *args, **kwargs):
        # A malformed page is refused (400) before a since too old is (410): what is wrong
        # with the request itself is said first, as for the filters.
        self.paginator.get_page_size(request)
        self.paginator.get_page_number(request, None)
        return super().list(request, *args, **kwargs)


class PortalRouter(DefaultRouter):
    """The default router, plus ``<list>/deleted/`` beside every list (before the detail
    route, which would otherwise take «deleted» for an id)."""

    def get_urls(self):
        deleted = []
        for prefix, viewset, basename in self.registry:
            if not hasattr(viewset, "list") or viewset.queryset is None:
                continue
            view = DeletedViewSet.as_view(
                {"get": "list"}, listed_model=viewset.queryset.model, basename=basename
            )
            name = f"{basename}-deleted"
            deleted.append(re_path(rf"^{prefix}/deleted{self.trailing_slash}$", view, name=name))
        return deleted + super().get_urls()
