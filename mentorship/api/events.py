"""Events over the API (seminars, contests, courses, awards, methodical series…) with who
took part: read exactly where the event's page opens it (``events_readable``): a school's
event by its curator and director and the municipality's methodists and coordinators, a
municipality's event also by its schools' curators and directors, read-only.

Each event carries its participations (teacher as a staff id, their school, role, result),
nested rather than as a list of their own: a regional system keeps an event's participants
as one set, and the set is what the event's page shows the caller — a school sees its own
teachers in a municipal event, the municipality everyone's. Adding, changing or removing a
participation moves the event's ``updated_at``, so ``updated_since`` gives the event again
with its whole set (a removed participant is simply no longer in it). ``people`` is the
events page's column: everyone who took part, from every school."""

from django.db.models import Prefetch, Q
from rest_framework import serializers, viewsets

from monitoring.effectiveness.access import events_readable
from monitoring.effectiveness.models import Event, Participation
from monitoring.effectiveness.selectors import with_people

from .dates import PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import UPDATED_AT, PortalFilterSet, SchoolYearFilter


class ParticipationSerializer(PortalModelSerializer):
    updated_at = UPDATED_AT

    class Meta:
        model = Participation
        fields = ["id", "person", "organisation", "role", "result", "evidence", "updated_at"]
        read_only_fields = fields
        extra_kwargs = {
            "person": {"help_text": "Педагог (номер сотрудника в списке staff)."},
            "organisation": {"help_text": "Его организация."},
        }


class EventSerializer(PortalModelSerializer):
    people = serializers.IntegerField(
        read_only=True, help_text="Участников всего, из всех школ (как на странице мероприятий)."
    )
    participations = ParticipationSerializer(many=True, read_only=True)
    updated_at = UPDATED_AT

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "kind",
            "level",
            "starts_on",
            "ends_on",
            "hours",
            "region",
            "municipality",
            "organisation",
            "updated_at",
            "people",
            "participations",
        ]
        read_only_fields = fields


class EventSchoolYearFilter(SchoolYearFilter):
    """An event belongs to the school years from its start to its end; one without an end
    is a single day."""

    def filter(self, qs, value):
        if value is None:
            return qs
        ends = Q(ends_on__gte=value.starts_on) | Q(
            ends_on__isnull=True, starts_on__gte=value.starts_on
        )
        return qs.filter(Q(starts_on__lte=value.ends_on) & ends)


class EventFilter(PortalFilterSet):
    school_year = EventSchoolYearFilter(
        start="starts_on", end="ends_on", label="учебный год: его первый год (2025 — 2025/26)"
    )

    class Meta:
        model = Event
        fields = ["organisation", "kind", "level"]


class EventViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EventSerializer
    queryset = Event.objects.none()
    filterset_class = EventFilter
    ordering_fields = ["starts_on"]
    # The event's row shows its participations: a change to one changes the event for a sync.
    sync_parts = {Participation: "event"}

    def get_queryset(self):
        participations = Participation.objects.order_by("organisation", "pk")
        return (
            with_people(events_readable(self.request))
            .prefetch_related(Prefetch("participations", queryset=participations))
            .order_by("-starts_on", "pk")
        )
