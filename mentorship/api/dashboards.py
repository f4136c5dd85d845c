"""Dashboard figures over the API, from the same selectors as the overview pages: every
figure of the overview (``monitoring.selectors.FIGURES``: match rate, plan completion, stalled
pairs, diagnostics coverage and the rest), for the school year the ``year`` parameter names
(its first calendar year, as on the page), read the way the page reads it; the municipality
and region dashboards add the retention table of their pages."""

import dataclasses

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from monitoring import access, overviews
from monitoring.drilldown import averages
from monitoring.effectiveness.selectors import levels_by_organisation
from monitoring.outcomes import DEFINITION as RETENTION_DEFINITION
from monitoring.selectors import FIGURES, FIRST_YEAR, OverviewFigures, overview_figures, total
from orgs.access import require_role
from orgs.models import Municipality, Organisation
from orgs.schoolyear import SchoolYear
from orgs.selectors import StaffFigures, total_figures
from orgs.views import READ_ORGANISATION_ROLES
from pairs.selectors import pair_figures

from .strict import StrictQueryMixin


def _staff(figures: StaffFigures) -> dict:
    return {
        "teachers": figures.teachers,
        "young_specialists": figures.young_specialists,
        "young_share": round(figures.young_share, 1) if figures.young_share is not None else None,
    }


COMPUTED_AT = serializers.DateTimeField(
    allow_null=True,
    help_text="Когда посчитаны сводки, из которых взяты показатели; null — посчитаны при запросе.",
)
STAFF_FIGURES = inline_serializer(
    "StaffFigures",
    {
        "teachers": serializers.IntegerField(),
        "young_specialists": serializers.IntegerField(),
        "young_share": serializers.FloatField(allow_null=True),
    },
)


def overview_values(figures: OverviewFigures) -> dict:
    """The overview's columns of one row, as the page shows them (shares in %)."""
    return {column: getattr(figures, column) for column in FIGURES}


OVERVIEW_FIGURES = inline_serializer(
    "OverviewFigures",
    {
        column: (
            serializers.FloatField(allow_null=True, help_text=f"{title}. {hint}")
            if title.endswith("%") or column == "satisfaction"
            else serializers.IntegerField(help_text=f"{title}. {hint}")
        )
        for column, (title, hint) in FIGURES.items()
    },
)
COHORT = inline_serializer(
    "RetentionCohort",
    {
        "hired": serializers.IntegerField(help_text="Принято молодых специалистов."),
        "rates": serializers.ListField(
            child=serializers.FloatField(allow_null=True),
            min_length=3,
            max_length=3,
            help_text="Закрепились через 1, 2 и 3 года, % (null — срок ещё не прошёл).",
        ),
    },
)
RETENTION = inline_serializer(
    "RetentionRow",
    {"year": serializers.IntegerField(), "with_mentor": COHORT, "without_mentor": COHORT},
    many=True,
    help_text=RETENTION_DEFINITION,
)


def retention_values(cohorts) -> list[dict]:
    """The page's retention table (``monitoring.outcomes``), a row per hiring year."""
    return [
        {
            "year": row.year,
            **{
                side: {"hired": cohort.hired, "rates": list(cohort.rates)}
                for side, cohort in (
                    ("with_mentor", row.with_mentor),
                    ("without_mentor", row.without_mentor),
                )
            },
        }
        for row in cohorts
    ]


LAST_YEAR = 2099
YEAR_PARAMETER = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
    description="Учебный год (первый календарный год, например 2025 для 2025/26); по "
    "умолчанию текущий. Год, который ещё не начался, — ответ 404.",
)


def school_year_of(request):
    """``as_of`` of the overviews for the ``year`` asked: 400 for what is not a year, 404 for
    a school year that has not begun (rather than quietly showing this one)."""
    raw = request.query_params.get("year")
    if raw is None:
        return overviews.as_of(None)
    if not (raw.isascii() and raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR):
        raise serializers.ValidationError(
            {"year": [f"Укажите учебный год с {FIRST_YEAR} по {LAST_YEAR} (первый его год)."]}
        )
    if int(raw) > SchoolYear.containing(timezone.localdate()).start_year:
        raise NotFound("Этот учебный год ещё не начался.")
    return overviews.as_of(raw)


class OrganisationDashboard(StrictQueryMixin, APIView):
    """The school's figures: staff (as on the overview) and pairs (as on the workspace)."""

    query_parameters = {"get": {"year"}}

    @extend_schema(
        parameters=[YEAR_PARAMETER],
        responses=inline_serializer(
            "OrganisationDashboard",
            {
                "organisation": serializers.IntegerField(),
                "school_year": serializers.IntegerField(),
                "staff": STAFF_FIGURES,
                "pairs": serializers.DictField(child=serializers.IntegerField()),
                "figures": OVERVIEW_FIGURES,
            },
        ),
    )
    def get(self, request, pk: int):
        organisation = get_object_or_404(Organisation, pk=pk)
        require_role(request, *READ_ORGANISATION_ROLES, organisation=organisation)
        as_of, school_year, _ = school_year_of(request)
        figures = overview_figures(
            "organisation", [organisation.pk], today=as_of, within={"organisation": organisation}
        )
        mine = figures[organisation.pk]
        staff = StaffFigures(mine.teachers, mine.young_specialists)
        return Response(
            {
                "organisation": organisation.pk,
                "school_year": school_year.start_year,
                "staff": _staff(staff),
                "pairs": dataclasses.asdict(pair_figures(organisation, today=as_of)),
                "figures": overview_values(mine),
            }
        )


class MunicipalityDashboard(StrictQueryMixin, APIView):
    """The municipality overview: one row per organisation and the totals."""

    query_parameters = {"get": {"year"}}

    @extend_schema(
        parameters=[YEAR_PARAMETER],
        responses=inline_serializer(
            "MunicipalityDashboard",
            {
                "municipality": serializers.IntegerField(),
                "school_year": serializers.IntegerField(),
                "computed_at": COMPUTED_AT,
                "totals": STAFF_FIGURES,
                "total_figures": OVERVIEW_FIGURES,
                "average_figures": OVERVIEW_FIGURES,
                "organisations": serializers.ListField(child=serializers.DictField()),
                "retention": RETENTION,
            },
        ),
    )
    def get(self, request, pk: int):
        municipality = access.municipality_for(request, pk)
        as_of, school_year, _ = school_year_of(request)
        organisations = list(
            Organisation.objects.filter(municipality=municipality).order_by("short_name")
        )
        readings = overviews.readings(
            "organisation",
            [o.pk for o in organisations],
            today=as_of,
            school_year=school_year,
            municipality=municipality.pk,
        )
        levels = levels_by_organisation(municipality, year=school_year.start_year + 1)
        # Staff figures from the same reading as the rest, so that the two never disagree.
        rows = {
            pk: StaffFigures(f.teachers, f.young_specialists) for pk, f in readings.figures.items()
        }
        return Response(
            {
                "municipality": municipality.pk,
                "school_year": school_year.start_year,
                "computed_at": readings.refreshed_at,
                "totals": _staff(total_figures(rows)),
                "total_figures": overview_values(total(readings.figures)),
                "average_figures": averages(readings.figures.values(), FIGURES),
                "organisations": [
                    {
                        "id": o.pk,
                        "short_name": o.short_name,
                        **_staff(rows[o.pk]),
                        **overview_values(readings.figures[o.pk]),
                        "effectiveness_level": _level(levels.get(o.pk)),
                    }
                    for o in organisations
                ],
                "retention": retention_values(readings.cohorts),
            }
        )


class RegionDashboard(StrictQueryMixin, APIView):
    """The region overview: one row per municipality, the totals and the retention table,
    from the summaries the region page reads (counted live when they are older than
    promised, as there)."""

    query_parameters = {"get": {"year"}}

    @extend_schema(
        parameters=[YEAR_PARAMETER],
        responses=inline_serializer(
            "RegionDashboard",
            {
                "region": serializers.IntegerField(),
                "school_year": serializers.IntegerField(),
                "computed_at": COMPUTED_AT,
                "total_figures": OVERVIEW_FIGURES,
                "average_figures": inline_serializer(
                    "AverageFigures",
                    {column: serializers.FloatField(allow_null=True) for column in FIGURES},
                    allow_null=True,
                    help_text="В среднем на муниципалитет; null, если он один.",
                ),
                "municipalities": serializers.ListField(child=serializers.DictField()),
                "retention": RETENTION,
            },
        ),
    )
    def get(self, request, pk: int):
        region = access.region_for(request, pk)
        as_of, school_year, _ = school_year_of(request)
        municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
        readings = overviews.readings(
            "municipality",
            [m.pk for m in municipalities],
            today=as_of,
            school_year=school_year,
            summarised=True,
        )
        rows = [readings.figures[m.pk] for m in municipalities]
        return Response(
            {
                "region": region.pk,
                "school_year": school_year.start_year,
                "computed_at": readings.refreshed_at,
                "total_figures": overview_values(total(readings.figures)),
                "average_figures": averages(rows, FIGURES) if len(rows) > 1 else None,
                "municipalities": [
                    {"id": m.pk, "name": m.name, **overview_values(readings.figures[m.pk])}
                    for m in municipalities
                ],
                "retention": retention_values(readings.cohorts),
            }
        )


def _level(level) -> str | None:
    """The level of an accepted form (``campaign_levels``); none for other forms."""
    return level.band.level if level and level.band else None
