"""Municipal contests for mentors over the API, read as the contest pages read them.

``contests``: a municipality's contests with their nominations and stages, read by everyone
whose scope covers the municipality (its methodists and coordinators, its schools' staff
with a role), as the contest's page; ``applications`` is the contests page's column (every
application, whichever school). A change to a nomination or a stage moves the contest.

``contest-applications``: the applications a caller sees on the contest's page — a school
its own, the municipality all. ``place`` and ``result`` appear once the results are
published (before that the pages show «—»); ``score``, the mean of the jurors' totals at
the municipal stage (``ranking``), appears to the contest's methodist, and to everyone once
the results are published (the public page prints it). Each juror's own points stay on the
jury's pages. A juror's finished scoring moves the application (its ``score``)."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from documents.contest.access import can_run
from documents.contest.models import (
    Application,
    Assignment,
    Contest,
    Nomination,
    Score,
    Stage,
)
from documents.contest.selectors import (
    juror_totals,
    mean_score,
    results_stages,
    with_applications_count,
)

from .dates import PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import UPDATED_AT, PortalFilterSet


class NominationSerializer(PortalModelSerializer):
    class Meta:
        model = Nomination
        fields = ["id", "position", "title"]
        read_only_fields = fields


class StageSerializer(PortalModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "position", "level", "title", "starts_on", "ends_on", "advance", "status"]
        read_only_fields = fields


class ContestSerializer(PortalModelSerializer):
    title = serializers.CharField(source="event.title", read_only=True)
    applications = serializers.IntegerField(
        source="applications_count",
        read_only=True,
        help_text="Заявок всего, из всех школ (как на странице конкурсов).",
    )
    nominations = NominationSerializer(many=True, read_only=True)
    stages = StageSerializer(many=True, read_only=True)
    updated_at = UPDATED_AT

    class Meta:
        model = Contest
        fields = [
            "id",
            "event",
            "title",
            "year",
            "region",
            "municipality",
            "regulation",
            "results_published_at",
            "updated_at",
            "applications",
            "nominations",
            "stages",
        ]
        read_only_fields = fields


class ApplicationListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        self.child.context["scores"] = _scores(rows)
        return super().to_representation(rows)


def _scores(applications) -> dict[int, object]:
    """Each application's score at its contest's municipal stage: two queries for a page."""
    stages = results_stages({a.contest_id for a in applications})
    totals = juror_totals(*stages.values()) if stages else {}
    return {a.pk: mean_score(totals.get(a.pk, [])) for a in applications}


class ApplicationSerializer(PortalModelSerializer):
    place = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()
    updated_at = UPDATED_AT

    class Meta:
        list_serializer_class = ApplicationListSerializer
        model = Application
        fields = [
            "id",
            "contest",
            "nomination",
            "person",
            "organisation",
            "stage",
            "dropped",
            "summary",
            "submitted_at",
            "place",
            "result",
            "score",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "integer",
            "nullable": True,
            "description": "Место; пусто — итоги не опубликованы.",
        }
    )
    def get_place(self, application) -> int | None:
        return application.place if application.contest.results_published_at else None

    @extend_schema_field(
        {
            "type": "string",
            "enum": Application.Result.values,
            "nullable": True,
            "description": "Итог: участник, призёр, победитель; пусто — итоги не опубликованы.",
        }
    )
    def get_result(self, application) -> str | None:
        return application.result if application.contest.results_published_at else None

    @extend_schema_field(
        {
            "type": "number",
            "nullable": True,
            "description": "Средний балл жюри муниципального этапа: методисту конкурса, "
            "остальным — после публикации итогов.",
        }
    )
    def get_score(self, application) -> float | None:
        contest = application.contest
        request = self.context.get("request")
        if not contest.results_published_at and not (request and can_run(request, contest)):
            return None
        scores = self.context.get("scores")
        if scores is None or application.pk not in scores:
            scores = _scores([application])
        score = scores[application.pk]
        return None if score is None else float(score)


class ContestViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ContestSerializer
    queryset = Contest.objects.none()
    # The contest's row shows its nominations and stages.
    sync_parts = {Nomination: "contest", Stage: "contest"}

    def get_queryset(self):
        return (
            with_applications_count(Contest.objects.all())
            .prefetch_related(
                Prefetch("nominations", queryset=Nomination.objects.order_by("position", "pk")),
                Prefetch("stages", queryset=Stage.objects.order_by("position", "pk")),
            )
            .order_by("-year", "-pk")
        )


class ApplicationFilter(PortalFilterSet):
    class Meta:
        model = Application
        fields = ["contest", "organisation", "nomination", "stage"]


class ApplicationViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ApplicationSerializer
    queryset = Application.objects.none()
    filterset_class = ApplicationFilter
    # A juror's finished scoring changes the application's score.
    sync_parts = {Assignment: "application", Score: "assignment__application"}

    def get_queryset(self):
        return Application.objects.select_related("contest__municipality").order_by(
            "contest", "nomination__position", "submitted_at", "pk"
        )
