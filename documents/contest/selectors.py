"""Reads of the contest: each figure (a juror's total, an application's score, the ranking)
is defined once, here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum

from .models import Application, Assignment, Contest, Score, Stage


def contests_of(municipality):
    """The municipality's contests, newest first, read in the caller's scope."""
    return with_applications_count(
        Contest.objects.filter(municipality=municipality, organisation__isnull=True)
    ).order_by("-year", "-pk")


def with_applications_count(contests):
    """Contests with ``applications_count``: every application, whichever school (the
    contests page's column)."""
    return contests.select_related("event").annotate(
        applications_count=Count("applications", distinct=True)
    )


def juror_totals(*stages: Stage) -> dict[int, list[int]]:
    """Per application: the total points of each juror who finished scoring it at
    ``stage`` (at its contest's one stage of ``stages``: a list reads many contests at
    once). One query."""
    rows = (
        Score.objects.filter(assignment__stage__in=stages, assignment__scored_at__isnull=False)
        .values("assignment", "assignment__application")
        .annotate(total=Sum("points"))
        .order_by()
    )
    totals: dict[int, list[int]] = {}
    for row in rows:
        totals.setdefault(row["assignment__application"], []).append(int(row["total"]))
    return totals


@dataclass(frozen=True)
class Ranked:
    application: Application
    score: Decimal | None  # the mean of the jurors' totals; None before any juror finished
    jurors: int
    place: int | None


def mean_score(totals: list[int]) -> Decimal | None:
    """The one rule of an application's score: the mean of its jurors' totals."""
    if not totals:
        return None
    return (Decimal(sum(totals)) / len(totals)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def ranking(stage: Stage) -> dict:
    """The applications of a stage per nomination, best score first; equal scores share a
    place, applications nobody has scored come last without one. Two queries."""
    totals = juror_totals(stage)
    applications = (
        Application.objects.filter(stage__position__gte=stage.position, contest=stage.contest_id)
        .select_related("person", "organisation", "nomination")
        .order_by("nomination__position", "nomination", "person__last_name", "pk")
    )
    grouped: dict = {}
    for application in applications:
        entry = (application, mean_score(totals.get(application.pk, [])))
        grouped.setdefault(application.nomination, []).append(entry)
    result = {}
    for nomination, entries in grouped.items():
        entries.sort(key=lambda e: (e[1] is None, -(e[1] or 0)))
        rows, place, previous = [], 0, None
        for position, (application, score) in enumerate(entries, start=1):
            if score is not None and score != previous:
                place, previous = position, score
            rows.append(
                Ranked(
                    application,
                    score,
                    len(totals.get(application.pk, [])),
                    place if score is not None else None,
                )
            )
        result[nomination] = rows
    return result


def assignments_of_juror(person):
    """The juror's applications to score, in the caller's (the jury's) scope."""
    return (
        Assignment.objects.filter(juror__person=person)
        .select_related("application__person", "application__nomination", "stage__contest__event")
        .order_by("scored_at", "-stage__contest__year", "pk")
    )


def scores_of(assignment: Assignment) -> dict[int, int]:
    return dict(Score.objects.filter(assignment=assignment).values_list("criterion", "points"))


def current_stage(contest: Contest) -> Stage | None:
    """The first stage not closed yet."""
    return contest.stages.exclude(status=Stage.Status.CLOSED).order_by("position", "pk").first()


def results_stage(contest: Contest) -> Stage | None:
    """The stage whose ranking is the contest's result: the municipal one."""
    return results_stages([contest]).get(contest.pk)


def results_stages(contests) -> dict[int, Stage]:
    """``results_stage`` of many contests, by contest. One query."""
    from monitoring.effectiveness.models import Event

    found = {}
    stages = Stage.objects.filter(contest__in=contests, level=Event.Level.MUNICIPAL)
    for stage in stages.order_by("position", "pk"):
        found[stage.contest_id] = stage  # the last one of its contest
    return found


def applications_of(person):
    """The person's applications to contests, newest first (their portfolio lists them)."""
    return (
        Application.objects.filter(person=person)
        .select_related("contest__event", "nomination", "stage")
        .order_by("-contest__year", "-pk")
    )
