"""Reads and figures about organisations and staff. Each figure is defined once, here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from .models import StaffMember, young_specialist_threshold


@dataclass(frozen=True)
class StaffFigures:
    """Working teachers and, among them, young specialists (career shorter than 3 years)."""

    teachers: int = 0
    young_specialists: int = 0

    @property
    def young_share(self) -> float | None:
        return self.young_specialists / self.teachers * 100 if self.teachers else None


def staff_figures_by(key: str, *, on: datetime.date | None = None) -> dict[int, StaffFigures]:
    """Staff figures grouped by a tenant key ("organisation", "municipality" or "region").

    One aggregate query over the scoped staff table, whatever the number of groups.
    """
    threshold = young_specialist_threshold(on)
    rows = (
        StaffMember.objects.filter(employment_status=StaffMember.Status.WORKS)
        .values(key)
        .annotate(
            teachers=Count("id"),
            young_specialists=Count("id", filter=Q(career_started_on__gt=threshold)),
        )
        .order_by()
    )
    return {row[key]: StaffFigures(row["teachers"], row["young_specialists"]) for row in rows}


def total_figures(figures: dict[int, StaffFigures]) -> StaffFigures:
    return StaffFigures(
        teachers=sum(f.teachers for f in figures.values()),
        young_specialists=sum(f.young_specialists for f in figures.values()),
    )


def staff_with_mentoring(organisation):
    """The organisation's staff annotated with ``has_mentor`` (a mentee in an active pair) and
    ``is_mentor`` (a mentor in an active pair), for the staff list and its filters."""
    from django.db.models import Exists, OuterRef

    from pairs.models import Pair, PairMember  # read-only, upward: pairs builds on orgs

    def in_active_pair(role):
        return Exists(
            PairMember.objects.filter(
                staff=OuterRef("pk"), role=role, pair__status=Pair.Status.ACTIVE
            )
        )

    return (
        StaffMember.objects.filter(organisation=organisation)
        .annotate(
            has_mentor=in_active_pair(PairMember.Role.MENTEE),
            is_mentor=in_active_pair(PairMember.Role.MENTOR),
        )
        .prefetch_related("subjects")
    )
