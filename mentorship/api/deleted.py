"""``GET /api/v1/<list>/deleted/?since=…``: the rows of a list deleted since a moment, next to
every list of the router (``PortalRouter`` adds the route, so a new list has it by itself).

A regional system keeps the moment it started its last run and asks each list for
``?updated_since=`` (new and changed rows) and ``deleted/?since=`` (rows to delete), both
paged the same way, oldest deletion first."""

from django.urls import re_path
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.routers import DefaultRouter

from .filtering import PortalFilterBackend
from .models import Tombstone
from .strict import StrictQueryMixin
from .sync import MomentFilter, PortalFilterSet


class TombstoneSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="object_id", help_text="Номер удалённой записи.")

    class Meta:
        model = Tombstone
        fields = ["id", "deleted_at"]
        read_only_fields = fields
        extra_kwargs = {"deleted_at": {"help_text": "Когда запись удалена."}}


class TombstoneFilter(PortalFilterSet):
    since = MomentFilter(
        field_name="deleted_at",
        lookup_expr="gte",
        label="удалённые с (ISO 8601, с часовым поясом)",
    )

    class Meta:
        model = Tombstone
        fields = []


class DeletedViewSet(StrictQueryMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The tombstones of one list's model, in the caller's scope."""

    serializer_class = TombstoneSerializer
    queryset = Tombstone.objects.none()
    filterset_class = TombstoneFilter
    filter_backends = [PortalFilterBackend]
    listed_model = None  # the model of the list, given per route

    def get_queryset(self):
        label = self.listed_model._meta.label_lower
        return Tombstone.objects.filter(model=label).order_by("deleted_at", "pk")

    @extend_schema(
        summary="Удалённые записи списка",
        description="Записи этого списка, удалённые с момента `since` (или все), по порядку "
        "удаления: номер записи и когда она удалена. Видны удаления тех записей, что были "
        "бы видны сами.",
    )
    def list(self, request, *args, **kwargs):
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
