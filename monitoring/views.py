"""Overviews of a municipality, a region and the country, and the diagnostics entry page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from orgs.access import require_role
from orgs.models import Municipality, Organisation, Region, Role

from .exports import csv_response, xlsx_response
from .selectors import FIGURES, overview_figures, school_todo, total

SORTABLE = {"name", *FIGURES}


def _overview(request, *, places, key: str, place_title: str, filename: str, context: dict):
    """The table of places with their figures: page, or XLSX/CSV with the same numbers."""
    places = list(places)
    figures = overview_figures(key, [p.pk for p in places])
    rows = [(place, figures[place.pk]) for place in places]
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") in SORTABLE:
        column = sort.lstrip("-")

        def by(row):
            value = str(row[0]) if column == "name" else getattr(row[1], column)
            return (value is None, value if value is not None else 0)

        rows.sort(key=by, reverse=sort.startswith("-"))
    totals = total(figures)
    export = request.GET.get("export")
    if export == "xlsx":
        return xlsx_response(filename, place_title, rows, totals)
    if export == "csv":
        return csv_response(filename, place_title, rows, totals)
    return render(
        request,
        "monitoring/overview.html",
        {
            **context,
            "rows": rows,
            "totals": totals,
            "figures": FIGURES,
            "place_title": place_title,
            "sort": sort,
        },
    )


@login_required
def municipality_overview(request, pk: int):
    municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
    require_role(request, Role.METHODIST, Role.REGION_COORDINATOR, municipality=municipality)
    return _overview(
        request,
        places=Organisation.objects.filter(municipality=municipality).order_by("short_name"),
        key="organisation",
        place_title="Организация",
        filename=f"municipality-{municipality.pk}",
        context={
            "title": f"{municipality}: образовательные организации",
            "parent": municipality.region,
            "place": municipality,
            "link_name": "orgs:workspace",
        },
    )


@login_required
def region_overview(request, pk: int):
    region = get_object_or_404(Region, pk=pk)
    require_role(request, Role.REGION_COORDINATOR, region=region)
    return _overview(
        request,
        places=Municipality.objects.filter(region=region).order_by("name"),
        key="municipality",
        place_title="Муниципальное образование",
        filename=f"region-{region.pk}",
        context={
            "title": f"{region}: муниципальные образования",
            "place": region,
            "link_name": "monitoring:municipality_overview",
        },
    )


@login_required
def country_overview(request):
    require_role(request)  # site administrators only
    return _overview(
        request,
        places=Region.objects.order_by("name"),
        key="region",
        place_title="Субъект РФ",
        filename="country",
        context={"title": "Все субъекты РФ на портале", "link_name": "monitoring:region_overview"},
    )


@login_required
def school_overview(request, pk: int):
    """The school's figures and what to do next (curator and director)."""
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), pk=pk)
    require_role(
        request,
        Role.CURATOR,
        Role.DIRECTOR,
        Role.METHODIST,
        Role.REGION_COORDINATOR,
        organisation=organisation,
    )
    figures = overview_figures("organisation", [organisation.pk])[organisation.pk]
    return render(
        request,
        "monitoring/school_overview.html",
        {
            "organisation": organisation,
            "figures": figures,
            "descriptions": FIGURES,
            "todo": school_todo(organisation),
        },
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
