"""What an overview page reads: live, with the selectors, or from the summaries the refresh
wrote with those same selectors, where live aggregation is too slow for the page (a
region's or the country's million staff rows, and a municipality's page at its target of
10 ms). Either way a constant number of aggregate queries."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, Max, Min, OuterRef, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from orgs.models import Municipality, Organisation
from orgs.schoolyear import SchoolYear
from orgs.tenancy import compiled_rows

from .breakdowns import (
    completion_counts,
    pair_counts,
    pairs_by_form_and_format,
    plan_completion_by_month,
)
from .effectiveness.pack import pack_size
from .effectiveness.selectors import monitoring_campaigns, municipal_pack_kinds
from .models import (
    CompletionSummary,
    MunicipalitySummary,
    OrganisationSummary,
    PairsSummary,
    RetentionSummary,
)
from .outcomes import COUNTS, RetentionRow, cohorts, retention
from .selectors import FIGURE_COUNTS, FIRST_YEAR, OverviewFigures, overview_figures


@dataclass(frozen=True)
class Readings:
    figures: dict[int, OverviewFigures]
    cohorts: list[RetentionRow]
    pairs: list[tuple[str, int]]
    completion: list[tuple[str, float | None]]
    # When the summaries were computed (the oldest row read); None for live readings, and
    # for summaries of a year not yet refreshed (``summarised`` tells the two apart).
    refreshed_at: datetime.datetime | None = None
    summarised: bool = False
    # Live readings taken because the summaries were older than promised: when those were.
    stale_summaries_at: datetime.datetime | None = None


def as_of(year: str | None) -> tuple[datetime.date, SchoolYear, list[SchoolYear]]:
    """The date the figures are read for: today, or the end of the chosen school year
    (``year`` is its first calendar year as text, e.g. "2025"; anything else: this one).
    The overview pages, their exports and the API's dashboards read the same."""
    today = timezone.localdate()
    current = SchoolYear.containing(today)
    years = [SchoolYear(y) for y in range(current.start_year, FIRST_YEAR - 1, -1)]
    chosen = next((y for y in years if str(y.start_year) == year), current)
    return min(today, chosen.ends_on), chosen, years


@dataclass(frozen=True)
class MunicipalityHeading:
    """What a municipality's overview shows of the municipality itself and reads its table
    with, where its row is not needed as a model instance."""

    name: str
    region: str
    # Its monitoring of the year exists, so its schools may have levels to show
    # (``levels_by_organisation``, empty otherwise).
    monitored: bool
    pack_size: int  # the documents required of each school (``local_act_kinds_shown``)


def municipality_heading(pk: int, *, monitoring_year: int) -> MunicipalityHeading:
    """One statement, compiled once per process (``orgs.tenancy.compiled_rows``), with the
    rules of the selectors it asks: a fresh page read them as three queries."""
    rows = compiled_rows(_municipality_heading, pk, monitoring_year)
    if not rows:
        raise Http404("Муниципалитет не найден.")
    name, region, monitored, configured = rows[0]
    return MunicipalityHeading(name, region, monitored, pack_size(configured or 0))


def _municipality_heading(pk: int, monitoring_year: int):
    kinds = (
        municipal_pack_kinds(OuterRef("pk"))
        .order_by()
        .values("municipality")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Municipality.objects.filter(pk=pk)
        .order_by()
        .annotate(
            monitored=Exists(monitoring_campaigns(OuterRef("pk"), year=monitoring_year)),
            configured=Subquery(kinds),
        )
        .values_list("name", "region__name", "monitored", "configured")
    )


@dataclass(frozen=True)
class Place:
    """A row's place where its model instance is not needed: its id and the name shown."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


def schools_of(municipality: int) -> list[Place]:
    """The municipality's organisations as its overview lists them, by short name; one
    statement compiled once per process."""
    return [Place(*row) for row in compiled_rows(_schools, municipality)]


def _schools(municipality: int):
    return (
        Organisation.objects.filter(municipality=municipality)
        .order_by("short_name")
        .values_list("pk", "short_name")
    )


def readings(
    key: str,
    ids: list[int],
    *,
    today: datetime.date,
    school_year: SchoolYear,
    summarised: bool = False,
    municipality: int | None = None,
    stamp: dict | None = None,
) -> Readings:
    """What an overview of the places ``ids`` shows: ``summarised`` overviews (a region, the
    country) read the summaries; a municipality's organisations (``municipality``) are read
    from them once the refresh has written them, live before that; the rest live. The pages,
    their exports and the API call this, so they agree. ``stamp``: the summaries' version
    where the caller has read it already."""
    found = None
    if summarised or municipality is not None:
        found = cached_from_summaries(
            key,
            ids,
            school_year=school_year.start_year,
            today=today,
            municipality=municipality,
            stamp=stamp,
        )
    if found is not None and found.refreshed_at and overdue_since(found.refreshed_at, school_year):
        # The refresh has not run as promised (no beat, or a stuck worker): count live.
        return dataclasses.replace(
            live(key, ids, today=today), stale_summaries_at=found.refreshed_at
        )
    return found if found is not None else live(key, ids, today=today)


def promise(school_year: SchoolYear) -> datetime.timedelta:
    """How old a summary may be: two beat periods for the current school year (a period and
    a run's slack), a night and a day for past years (refreshed nightly)."""
    if school_year == SchoolYear.containing(timezone.localdate()):
        return datetime.timedelta(minutes=2 * settings.OVERVIEW_SUMMARY_MINUTES)
    return datetime.timedelta(hours=25)


def overdue_since(refreshed_at: datetime.datetime, school_year: SchoolYear) -> bool:
    return timezone.now() - refreshed_at > promise(school_year)


def live(key: str, ids: list[int], *, today: datetime.date) -> Readings:
    within = {f"{key}__in": ids}
    return Readings(
        figures=overview_figures(key, ids, today=today),
        cohorts=retention(key, ids, today=today),
        pairs=pairs_by_form_and_format(pair_counts(within)),
        completion=plan_completion_by_month(completion_counts(within, today=today), today=today),
    )


def cached_from_summaries(
    key: str,
    ids: list[int],
    *,
    school_year: int,
    today: datetime.date,
    municipality: int | None = None,
    stamp: dict | None = None,
) -> Readings | None:
    """from_summaries, kept in the cache under the summaries' own version: the newest
    ``refreshed_at`` and the number of municipality rows they cover (``stamp`` when the
    caller has read it). Every refresh rewrites those rows, so a cached reading is never
    older than the summaries themselves, and the country page costs one small query instead
    of adding up 2,400 municipalities' rows."""
    if key == "organisation":
        scope = {"municipality": municipality}
    else:
        scope = {f"{key}__in": ids} if key == "region" else {"municipality__in": ids}
    version = stamp if stamp is not None else _summaries_stamp(**scope, school_year=school_year)
    if version["newest"] is None:
        if key == "organisation":
            return None  # not summarised yet: the refresh writes both levels at once
        return from_summaries(
            key, ids, school_year=school_year, today=today, municipality=municipality
        )
    # A digest, not hash(): every worker process must arrive at the same key.
    places = hashlib.blake2b(",".join(map(str, ids)).encode(), digest_size=8).hexdigest()
    cache_key = (
        f"overview:{key}:{municipality}:{school_year}:{today}:"
        f"{version['newest'].timestamp()}:{version['rows']}:{places}"
    )
    readings = cache.get(cache_key)
    if readings is None:
        readings = from_summaries(
            key, ids, school_year=school_year, today=today, municipality=municipality
        )
        cache.set(cache_key, readings, timeout=24 * 60 * 60)
    return readings


def _summaries_stamp(**filters) -> dict:
    """The summaries' version: the newest ``refreshed_at`` and the number of municipality
    rows. Every refresh rewrites those rows, so the pair changes with each refresh. (A
    municipality's page reads the same with its cache key, monitoring.access.)"""
    return MunicipalitySummary.objects.filter(**filters).aggregate(
        newest=Max("refreshed_at"), rows=Count("pk")
    )


def from_summaries(
    key: str,
    ids: list[int],
    *,
    school_year: int,
    today: datetime.date,
    municipality: int | None = None,
) -> Readings | None:
    """The same readings added up from the summaries of ``school_year``. ``key`` is
    "region" (adding up its municipalities' rows), "municipality" (its organisations'
    rows) or "organisation" (the rows themselves, of one ``municipality``, whose breakdowns
    the charts show; None while that municipality has no summaries yet)."""
    if key == "organisation":
        level_below = OrganisationSummary
        within = {"municipality": municipality, "school_year": school_year}
    else:
        level_below = OrganisationSummary if key == "municipality" else MunicipalitySummary
        within = {f"{key}__in": ids, "school_year": school_year}
    rows = (
        level_below.objects.filter(**{f"{key}__in": ids, "school_year": school_year})
        .values(key)
        .annotate(refreshed=Min("refreshed_at"), **{f"n_{c}": Sum(c) for c in FIGURE_COUNTS})
        .order_by()
    )
    figures = {pk: OverviewFigures() for pk in ids}
    refreshed = []
    for row in rows:
        figures[row[key]] = OverviewFigures(**{c: row[f"n_{c}"] for c in FIGURE_COUNTS})
        refreshed.append(row["refreshed"])
    if municipality is not None and not refreshed:
        return None
    retained = (
        RetentionSummary.objects.filter(**within)
        .values("year", "mentored")
        .annotate(**{f"n_{c}": Sum(c) for c in COUNTS})
        .order_by()
    )
    pairs = (
        PairsSummary.objects.filter(**within)
        .values_list("form", "format")
        .annotate(n=Sum("pairs"))
        .order_by()
    )
    months = (
        CompletionSummary.objects.filter(**within)
        .values_list("month")
        .annotate(total=Sum("activities"), finished=Sum("done"))
        .order_by()
    )
    return Readings(
        figures=figures,
        cohorts=cohorts(retained, prefix="n_"),
        pairs=pairs_by_form_and_format(pairs),
        completion=plan_completion_by_month(months, today=today),
        refreshed_at=min(refreshed, default=None),
        summarised=True,
    )
