"""Writes of the monitoring app: the overview summaries the region and country overviews
read (see monitoring.models)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from orgs.models import Organisation, Region
from orgs.schoolyear import SchoolYear
from orgs.tenancy import TenantScope, tenant_scope

from .breakdowns import completion_counts, pair_counts
from .models import (
    CompletionSummary,
    MunicipalitySummary,
    OrganisationSummary,
    PairsSummary,
    RetentionSummary,
)
from .outcomes import COUNTS, retention_counts
from .selectors import FIGURE_COUNTS, FIRST_YEAR, overview_figures

SUMMARIES = (
    OrganisationSummary,
    MunicipalitySummary,
    RetentionSummary,
    PairsSummary,
    CompletionSummary,
)


def overview_summary_refresh(
    *,
    region_id: int,
    school_year: int,
    now: datetime.datetime | None = None,
    municipality_id: int | None = None,
) -> int:
    """Recompute one region's summaries for a school year with the live overview's
    selectors, as of now (or the year's end, for a past year), and replace the old rows in
    one transaction; with ``municipality_id``, only that municipality's rows (the
    methodist's «Обновить сейчас»). Returns the number of organisations summarised; a year
    that has not begun gets none.

    Safe to run twice at once: the region's row is locked for the refresh, so a second run
    waits and then writes the same rows again.
    """
    now = now or timezone.now()
    year = SchoolYear(school_year)
    as_of = min(timezone.localdate(now), year.ends_on)
    if as_of < year.starts_on:
        return 0
    within = {"region": region_id}
    if municipality_id is not None:
        within["municipality"] = municipality_id
    by_municipality = ("municipality",)
    with tenant_scope(TenantScope(frozenset({region_id}), None, None)), transaction.atomic():
        if not Region.objects.select_for_update().filter(pk=region_id).exists():
            return 0
        places = dict(Organisation.objects.filter(**within).values_list("pk", "municipality"))
        figures = overview_figures("organisation", list(places), today=as_of, within=within)
        rows = [
            OrganisationSummary(
                region_id=region_id,
                municipality_id=places[pk],
                organisation_id=pk,
                school_year=school_year,
                refreshed_at=now,
                **{name: getattr(f, name) for name in FIGURE_COUNTS},
            )
            for pk, f in figures.items()
            if pk in places
        ]
        keys = {"region_id": region_id, "school_year": school_year}
        retention = [
            RetentionSummary(
                **keys,
                municipality_id=r["municipality"],
                year=r["year"],
                mentored=r["mentored"],
                **{name: r[name] for name in COUNTS},
            )
            for r in retention_counts(within, group=by_municipality, today=as_of)
        ]
        pairs = [
            PairsSummary(**keys, municipality_id=m, form=form, format=format_, pairs=n)
            for m, form, format_, n in pair_counts(within, group=by_municipality)
        ]
        completion = [
            CompletionSummary(**keys, municipality_id=m, month=month, activities=total, done=done)
            for m, month, total, done in completion_counts(
                within, today=as_of, group=by_municipality
            )
        ]
        for model in SUMMARIES:
            model.objects.filter(**within, school_year=school_year).delete()
        OrganisationSummary.objects.bulk_create(rows)
        added_up = (
            OrganisationSummary.objects.filter(**within, school_year=school_year)
            .values("municipality")
            .annotate(**{f"n_{name}": Sum(name) for name in FIGURE_COUNTS})
            .order_by()
        )
        MunicipalitySummary.objects.bulk_create(
            MunicipalitySummary(
                **keys,
                municipality_id=row["municipality"],
                refreshed_at=now,
                **{name: row[f"n_{name}"] for name in FIGURE_COUNTS},
            )
            for row in added_up
        )
        RetentionSummary.objects.bulk_create(retention)
        PairsSummary.objects.bulk_create(pairs)
        CompletionSummary.objects.bulk_create(completion)
    return len(rows)


def overview_summaries_refresh_all(*, all_years: bool = False) -> tuple[int, int]:
    """Refresh every region now, in this process: the current school year, or every year
    since the target model began. Returns (regions, organisations). For the command and the
    demo, which run it outside any scope (each region's refresh scopes itself)."""
    current = SchoolYear.containing(timezone.localdate()).start_year
    years = range(FIRST_YEAR, current + 1) if all_years else [current]
    regions = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    organisations = 0
    for year in years:
        for region_id in regions:
            organisations += overview_summary_refresh(region_id=region_id, school_year=year)
    return len(regions), organisations
