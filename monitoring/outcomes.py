"""Whether mentoring works: retention of young specialists who had a mentor versus those who
did not, by the year they were hired. One grouped query in the caller's tenant scope.

Definitions (shown as the table's tooltip):
- a young specialist hire: hired with less than three years of pedagogical career;
- had a mentor: was a mentee in a pair or group that started (any status but draft);
- retained after N years: still works, or left later than N years (N × 365 days) after
  hiring; only hires whose N-year mark has passed are counted for N.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from orgs.models import StaffMember
from pairs.models import Pair, PairMember

YEARS = (1, 2, 3)
DEFINITION = (
    "Молодые специалисты (стаж при приёме менее 3 лет) по году приёма: доля тех, кто "
    "работает через 1, 2 и 3 года после приёма (или уволился позже), среди тех, у кого этот "
    "срок уже прошёл; «с наставником» — был наставляемым в паре или группе."
)


@dataclass(frozen=True)
class Cohort:
    hired: int
    eligible: tuple[int, int, int]
    retained: tuple[int, int, int]

    @property
    def rates(self) -> tuple[float | None, ...]:
        return tuple(
            round(r / e * 100, 1) if e else None
            for r, e in zip(self.retained, self.eligible, strict=True)
        )


@dataclass(frozen=True)
class RetentionRow:
    year: int
    with_mentor: Cohort
    without_mentor: Cohort


def retention(
    key: str, ids: list[int], *, today: datetime.date | None = None, since: int | None = None
) -> list[RetentionRow]:
    """Retention by hiring year for the places ``ids`` (as ``key`` says), oldest year first."""
    return cohorts(retention_counts({f"{key}__in": ids}, today=today, since=since))


def retention_counts(
    within: dict, *, group: tuple[str, ...] = (), today: datetime.date | None = None, since=None
):
    """The counts behind the table: hires, eligible and retained after N years per hiring
    year and mentored-or-not (and per ``group`` keys, for the overview summaries)."""
    today = today or timezone.localdate()
    since = since or today.year - 6
    mentored = PairMember.objects.filter(staff=OuterRef("pk"), role=PairMember.Role.MENTEE).exclude(
        pair__status=Pair.Status.DRAFT
    )
    hires = StaffMember.objects.filter(
        **within,
        hired_on__year__gte=since,
        hired_on__lte=today,
        career_started_on__gt=_after_hiring(-3),
    )
    aggregates = {"hired": Count("pk")}
    for n in YEARS:
        mark = datetime.timedelta(days=365 * n)
        passed = Q(hired_on__lte=today - mark)
        aggregates[f"eligible_{n}"] = Count("pk", filter=passed)
        aggregates[f"retained_{n}"] = Count(
            "pk",
            filter=passed
            & (Q(employment_status=StaffMember.Status.WORKS) | Q(left_on__gte=_after_hiring(n))),
        )
    return (
        hires.annotate(year=ExtractYear("hired_on"), mentored=Exists(mentored))
        .values(*group, "year", "mentored")
        .annotate(**aggregates)
        .order_by("year")
    )


COUNTS = ("hired", *(f"{kind}_{n}" for kind in ("eligible", "retained") for n in YEARS))


def cohorts(rows, *, prefix: str = "") -> list[RetentionRow]:
    """Table rows from counts grouped by hiring year and mentored (at most two per year);
    the counts are named as in ``COUNTS``, after ``prefix``."""
    by_year: dict[int, dict[bool, Cohort]] = {}
    for row in rows:
        by_year.setdefault(row["year"], {})[row["mentored"]] = Cohort(
            row[f"{prefix}hired"],
            tuple(row[f"{prefix}eligible_{n}"] for n in YEARS),
            tuple(row[f"{prefix}retained_{n}"] for n in YEARS),
        )
    empty = Cohort(0, (0, 0, 0), (0, 0, 0))
    return [
        RetentionRow(year, by_year[year].get(True, empty), by_year[year].get(False, empty))
        for year in sorted(by_year)
    ]


def _after_hiring(years: int):
    """The hiring date moved by ``years`` × 365 days, computed in the database."""
    return ExpressionWrapper(
        F("hired_on") + datetime.timedelta(days=365 * years), output_field=DateField()
    )
