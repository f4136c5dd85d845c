"""Who may open the overviews: one helper per page's object, the only door the views use.

404 when the place is missing or outside the user's scope (the scoped managers hide it), 403
when the user sees it but the role may not read it here. A municipality's overview is cached:
its helper reads the keys, the data versions and the stamp of the year's summaries first (one
compiled query); what the page shows of the municipality is read only when it renders
(``overviews.municipality_heading``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db.models import Count, Max, OuterRef, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from mentorship import fragments
from orgs.access import require_role
from orgs.cached_pages import OrganisationOnPage, organisation_on_page, remember_school_versions
from orgs.models import Municipality, Organisation, Region, Role
from orgs.tenancy import compiled_rows

from .models import MunicipalitySummary

MUNICIPALITY_READERS = (Role.METHODIST, Role.REGION_COORDINATOR)
SCHOOL_READERS = (Role.CURATOR, Role.DIRECTOR, *MUNICIPALITY_READERS)
DIAGNOSTICS_READERS = (Role.PSYCHOLOGIST, Role.CURATOR, *MUNICIPALITY_READERS)


def municipality_for_page(request, pk: int, *, school_year: int) -> MunicipalityOnPage:
    """The municipality whose overview of ``school_year`` a methodist or coordinator reads
    (cached page)."""
    on_page = municipality_on_page(pk, school_year=school_year)
    require_role(request, *MUNICIPALITY_READERS, municipality=on_page)
    return on_page


def municipality_for(request, pk: int) -> Municipality:
    """The municipality whose overview a methodist or coordinator reads (the API)."""
    municipality = get_object_or_404(Municipality, pk=pk)
    require_role(request, *MUNICIPALITY_READERS, municipality=municipality)
    return municipality


def municipality_rw(request, pk: int) -> Municipality:
    """Recomputing the municipality's summaries at once: whoever reads its overview may."""
    return municipality_for(request, pk)


def region_for(request, pk: int) -> Region:
    region = get_object_or_404(Region, pk=pk)
    require_role(request, Role.REGION_COORDINATOR, region=region)
    return region


def country_for(request) -> None:
    """The country's overview: site administrators only."""
    require_role(request)


def school_for_page(request, pk: int) -> OrganisationOnPage:
    """The school whose own overview its curator and director read, and those above them."""
    on_page = organisation_on_page(pk)
    require_role(request, *SCHOOL_READERS, organisation=on_page)
    remember_school_versions(request, on_page.versions)
    return on_page


def diagnostics_organisation_for(request, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    require_role(request, *DIAGNOSTICS_READERS, organisation=organisation)
    return organisation


# --- the municipality on a cached page -----------------------------------------------------


@dataclass
class MunicipalityOnPage:
    """Stands for the municipality in role checks (``orgs.access`` reads its keys) and keys its
    cached overview."""

    pk: int
    region_id: int
    versions: tuple | None  # None when pages are not cached
    # The version of the year's summaries the table is read from (as overviews reads it).
    summaries: dict


def municipality_on_page(pk: int, *, school_year: int) -> MunicipalityOnPage:
    """The municipality in the request's scope (404 otherwise), with the versions of what its
    overview of ``school_year`` shows (mentorship/fragments.py): its own and its region's
    rows, its schools' rows (a school's counter only grows, so their sum moves with any of
    them) and the year's summaries the table is read from, whose stamp the table's reading
    then needs no query for; one query, compiled once per scope."""
    rows = compiled_rows(_keys_and_versions, pk, school_year)
    if not rows:
        raise Http404("Муниципалитет не найден.")
    region_id, *versions, newest, summaries = rows[0]
    return MunicipalityOnPage(
        pk,
        region_id,
        ("municipality", pk, *versions, newest, summaries) if fragments.enabled() else None,
        {"newest": newest, "rows": summaries or 0},
    )


def _keys_and_versions(pk: int, school_year: int):
    schools = Organisation.objects.filter(municipality=OuterRef("pk")).order_by()
    summaries = MunicipalitySummary.objects.filter(
        municipality=OuterRef("pk"), school_year=school_year
    ).order_by()
    per_municipality = partial(_one_figure, group="municipality")
    return (
        Municipality.objects.filter(pk=pk)
        .order_by()
        .annotate(
            schools_versions=per_municipality(schools, Sum("data_version")),
            schools=per_municipality(schools, Count("pk")),
            summaries_newest=per_municipality(summaries, Max("refreshed_at")),
            summaries=per_municipality(summaries, Count("pk")),
        )
        .values_list(
            "region_id",
            "data_version",
            "region__data_version",
            "schools_versions",
            "schools",
            "summaries_newest",
            "summaries",
        )
    )


def _one_figure(rows, aggregate, *, group: str) -> Subquery:
    return Subquery(rows.values(group).annotate(figure=aggregate).values("figure"))
