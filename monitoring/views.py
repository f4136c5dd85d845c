"""Overviews of a municipality, a region and the country, and the diagnostics entry page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from orgs.access import require_role
from orgs.models import Municipality, Organisation, Region, Role
from orgs.selectors import StaffFigures, staff_figures_by, total_figures


def _rows(places, figures):
    return [(place, figures.get(place.pk, StaffFigures())) for place in places]


@login_required
def municipality_overview(request, pk: int):
    municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
    require_role(request, Role.METHODIST, Role.REGION_COORDINATOR, municipality=municipality)
    organisations = Organisation.objects.filter(municipality=municipality).order_by("short_name")
    figures = staff_figures_by("organisation")
    rows = _rows(organisations, figures)
    return render(
        request,
        "monitoring/municipality_overview.html",
        {
            "municipality": municipality,
            "rows": rows,
            "totals": total_figures({o.pk: f for o, f in rows}),
        },
    )


@login_required
def region_overview(request, pk: int):
    region = get_object_or_404(Region, pk=pk)
    require_role(request, Role.REGION_COORDINATOR, region=region)
    municipalities = Municipality.objects.filter(region=region).order_by("name")
    rows = _rows(municipalities, staff_figures_by("municipality"))
    return render(
        request,
        "monitoring/region_overview.html",
        {"region": region, "rows": rows, "totals": total_figures({m.pk: f for m, f in rows})},
    )


@login_required
def country_overview(request):
    require_role(request)  # site administrators only
    rows = _rows(Region.objects.order_by("name"), staff_figures_by("region"))
    return render(
        request,
        "monitoring/country_overview.html",
        {"rows": rows, "totals": total_figures({r.pk: f for r, f in rows})},
    )


@login_required
def diagnostics(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    require_role(
        request,
        Role.PSYCHOLOGIST,
        Role.CURATOR,
        Role.METHODIST,
        Role.REGION_COORDINATOR,
        organisation=organisation,
    )
    from monitoring.diagnostics.selectors import diagnosed_staff, organisation_campaigns

    return render(
        request,
        "monitoring/diagnostics.html",
        {
            "organisation": organisation,
            "campaigns": organisation_campaigns(organisation),
            "diagnosed": diagnosed_staff(organisation),
            "can_launch": request.viewer.has_role(
                Role.CURATOR, Role.PSYCHOLOGIST, organisation=organisation
            ),
        },
    )
