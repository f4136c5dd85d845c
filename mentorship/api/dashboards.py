"""Dashboard figures over the API, from the same selectors as the overview pages."""

import dataclasses

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from orgs.access import require_role
from orgs.models import Municipality, Organisation, Role
from orgs.selectors import StaffFigures, staff_figures_by, total_figures
from orgs.views import READ_ORGANISATION_ROLES
from pairs.selectors import pair_figures


def _staff(figures: StaffFigures) -> dict:
    return {
        "teachers": figures.teachers,
        "young_specialists": figures.young_specialists,
        "young_share": round(figures.young_share, 1) if figures.young_share is not None else None,
    }


STAFF_FIGURES = inline_serializer(
    "StaffFigures",
    {
        "teachers": serializers.IntegerField(),
        "young_specialists": serializers.IntegerField(),
        "young_share": serializers.FloatField(allow_null=True),
    },
)


class OrganisationDashboard(APIView):
    """The school's figures: staff (as on the overview) and pairs (as on the workspace)."""

    @extend_schema(
        responses=inline_serializer(
            "OrganisationDashboard",
            {
                "organisation": serializers.IntegerField(),
                "staff": STAFF_FIGURES,
                "pairs": serializers.DictField(child=serializers.IntegerField()),
            },
        )
    )
    def get(self, request, pk: int):
        organisation = get_object_or_404(Organisation, pk=pk)
        require_role(request, *READ_ORGANISATION_ROLES, organisation=organisation)
        staff = staff_figures_by("organisation", within={"organisation": organisation}).get(
            organisation.pk, StaffFigures()
        )
        return Response(
            {
                "organisation": organisation.pk,
                "staff": _staff(staff),
                "pairs": dataclasses.asdict(pair_figures(organisation)),
            }
        )


class MunicipalityDashboard(APIView):
    """The municipality overview: one row per organisation and the totals."""

    @extend_schema(
        responses=inline_serializer(
            "MunicipalityDashboard",
            {
                "municipality": serializers.IntegerField(),
                "totals": STAFF_FIGURES,
                "organisations": serializers.ListField(child=serializers.DictField()),
            },
        )
    )
    def get(self, request, pk: int):
        municipality = get_object_or_404(Municipality, pk=pk)
        require_role(request, Role.METHODIST, Role.REGION_COORDINATOR, municipality=municipality)
        organisations = list(
            Organisation.objects.filter(municipality=municipality).order_by("short_name")
        )
        figures = staff_figures_by("organisation", within={"municipality": municipality})
        rows = {o.pk: figures.get(o.pk, StaffFigures()) for o in organisations}
        return Response(
            {
                "municipality": municipality.pk,
                "totals": _staff(total_figures(rows)),
                "organisations": [
                    {"id": o.pk, "short_name": o.short_name, **_staff(rows[o.pk])}
                    for o in organisations
                ],
            }
        )
