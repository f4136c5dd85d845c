"""Diagnostics over the API: campaigns, and for one campaign the shares of respondents with
each difficulty and the satisfaction averages — computed by the selectors the campaign's
results and satisfaction pages use (``difficulty_table``, ``satisfaction``), opened through
the pages' access helper, so anonymous small groups stay hidden here as there."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from monitoring.diagnostics.access import campaign_for
from monitoring.diagnostics.models import Campaign, Instrument
from monitoring.diagnostics.selectors import difficulty_table, satisfaction
from orgs.models import Organisation

from . import params
from .dates import PortalModelSerializer
from .strict import StrictQueryMixin
from .sync import MAX_ID, UPDATED_AT, PortalFilterSet


class CampaignSerializer(PortalModelSerializer):
    instrument = serializers.CharField(
        source="version.instrument.code", read_only=True, help_text="Код инструмента (анкеты)."
    )
    instrument_title = serializers.CharField(source="version.instrument.title", read_only=True)
    instrument_version = serializers.IntegerField(source="version.number", read_only=True)
    purpose = serializers.ChoiceField(
        source="version.instrument.purpose", choices=Instrument.Purpose.choices, read_only=True
    )
    updated_at = UPDATED_AT

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "instrument",
            "instrument_title",
            "instrument_version",
            "purpose",
            "audience",
            "starts_on",
            "ends_on",
            "anonymous",
            "region",
            "municipality",
            "organisation",
            "closed_at",
            "updated_at",
        ]
        read_only_fields = fields


class CampaignFilter(PortalFilterSet):
    class Meta:
        model = Campaign
        fields = ["organisation"]


SHARE = {
    "count": serializers.IntegerField(help_text="Ответивших с затруднением."),
    "percent": serializers.IntegerField(allow_null=True, help_text="Их доля, %."),
}
DIFFICULTIES = inline_serializer(
    "CampaignDifficulties",
    {
        "campaign": serializers.IntegerField(),
        "organisation": serializers.IntegerField(allow_null=True),
        "young_only": serializers.BooleanField(),
        "respondents": serializers.IntegerField(),
        "hidden": serializers.BooleanField(
            help_text="Анонимная кампания, ответов меньше пяти: доли не показываются."
        ),
        "areas": inline_serializer(
            "DifficultyArea",
            {"area": serializers.IntegerField(), "name": serializers.CharField(), **SHARE},
            many=True,
        ),
        "indicators": inline_serializer(
            "DifficultyIndicator",
            {
                "question": serializers.IntegerField(),
                "text": serializers.CharField(),
                "area": serializers.CharField(),
                **SHARE,
            },
            many=True,
        ),
    },
)
AVERAGE = {
    "mentors": serializers.FloatField(allow_null=True),
    "mentees": serializers.FloatField(allow_null=True),
    "everyone": serializers.FloatField(allow_null=True),
    "answers": serializers.IntegerField(help_text="Ответивших."),
}
SATISFACTION = inline_serializer(
    "CampaignSatisfaction",
    {
        "campaign": serializers.IntegerField(),
        "questions": inline_serializer(
            "SatisfactionQuestion", {"question": serializers.CharField(), **AVERAGE}, many=True
        ),
        "organisations": inline_serializer(
            "SatisfactionOrganisation",
            {"organisation": serializers.CharField(), **AVERAGE},
            many=True,
        ),
    },
)


def _number(value) -> float | None:
    return None if value is None else float(value)


def averages(rows, label: str) -> list[dict]:
    """Rows of ``satisfaction`` as the satisfaction page shows them (balls to 0.01)."""
    return [
        {
            label: row.label,
            "mentors": _number(row.mentors),
            "mentees": _number(row.mentees),
            "everyone": _number(row.everyone),
            "answers": row.answers,
        }
        for row in rows
    ]


class DiagnosticCampaignViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Campaigns of the caller's places: a school's own, a municipality's own and its
    schools'. The row's ``updated_at`` changes with the campaign itself (dates, closing), not
    with each answer: the figures are read per campaign."""

    serializer_class = CampaignSerializer
    queryset = Campaign.objects.none()
    filterset_class = CampaignFilter
    ordering_fields = ["starts_on", "updated_at"]
    query_parameters = {"difficulties": {"organisation", "young"}}

    def get_queryset(self):
        return Campaign.objects.select_related("version__instrument").order_by("-starts_on", "-pk")

    def get_object(self):
        # The campaign pages' own door: the same 404 and the same readers.
        pk = self.kwargs["pk"]
        if not (pk.isascii() and pk.isdigit() and len(pk) <= 10 and int(pk) <= MAX_ID):
            raise NotFound()
        return campaign_for(self.request, int(pk))

    @extend_schema(
        parameters=[
            params.id_parameter("organisation", "Только ответы этой организации."),
            params.yes_no_parameter("young", "Только молодые специалисты (1 или 0)."),
        ],
        responses=DIFFICULTIES,
        filters=False,
    )
    @action(detail=True)
    def difficulties(self, request, pk=None):
        """Shares of respondents with each difficulty, by area and by indicator, as on the
        campaign's results page."""
        campaign = self.get_object()
        given = params.read(request, organisation=params.IdField(), young=params.YesNoField())
        organisation = None
        if given["organisation"] is not None:
            organisation = get_object_or_404(Organisation, pk=given["organisation"])
        young_only = bool(given["young"])
        table = difficulty_table(campaign, organisation=organisation, young_only=young_only)
        return Response(
            {
                "campaign": campaign.pk,
                "organisation": organisation.pk if organisation else None,
                "young_only": young_only,
                "respondents": table.respondents,
                "hidden": table.hidden,
                "areas": [
                    {"area": s.key, "name": s.label, "count": s.count, "percent": s.percent}
                    for s in table.areas
                ],
                "indicators": [
                    {
                        "question": s.key,
                        "text": s.label,
                        "area": s.area,
                        "count": s.count,
                        "percent": s.percent,
                    }
                    for s in table.indicators
                ],
            }
        )

    @extend_schema(responses=SATISFACTION, filters=False)
    @action(detail=True)
    def satisfaction(self, request, pk=None):
        """Average scores of the scale questions, mentors and mentees apart, per question and
        per organisation, as on the campaign's satisfaction page."""
        campaign = self.get_object()
        per_question, per_organisation = satisfaction([campaign])
        return Response(
            {
                "campaign": campaign.pk,
                "questions": averages(per_question, "question"),
                "organisations": averages(per_organisation, "organisation"),
            }
        )
