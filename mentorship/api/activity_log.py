"""The activity log over the API: meetings, lesson visits, trainings and consultations of
pairs, read through the same door as the pairs themselves (``pairs.access.with_own_pairs``):
the caller's places, plus a mentor's or mentee's own pairs. Counting the lesson visits of a
school year here (``kind=lesson_visit&school_year=…``) gives the overview's figure."""

from rest_framework import serializers, viewsets

from pairs.access import with_own_pairs
from pairs.models import LogEntry

from .dates import PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import UPDATED_AT, PortalFilterSet


class LogEntrySerializer(PortalModelSerializer):
    subject = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    updated_at = UPDATED_AT

    class Meta:
        model = LogEntry
        # The notes are the pair's own working text: the log's page shows them, a register
        # needs only what happened, when and with whom.
        fields = [
            "id",
            "organisation",
            "pair",
            "kind",
            "happened_on",
            "topic",
            "visitor",
            "visited",
            "class_name",
            "subject",
            "activity",
            "updated_at",
        ]
        read_only_fields = fields


class LogEntryFilter(PortalFilterSet):
    class Meta:
        model = LogEntry
        fields = ["organisation", "pair", "kind"]


def _entries(*, cross_tenant: bool):
    return LogEntry.objects.select_related("subject").order_by("-happened_on", "-pk")


class LogEntryViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LogEntrySerializer
    queryset = LogEntry.objects.none()
    filterset_class = LogEntryFilter
    ordering_fields = ["happened_on"]
    own_pairs = "pair"

    def get_queryset(self):
        return with_own_pairs(self.request, _entries, self.own_pairs)
