"""A mentor's portfolio assembled from the figures' own selectors: each number here is read
from the one function that defines it (pairs, diagnostics, effectiveness, the bank), never
computed again. ``snapshot`` freezes the figures for a contest application."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from documents.publication.selectors import practices_of
from monitoring.diagnostics.selectors import mentees_satisfaction, teacher_profile
from monitoring.effectiveness.models import Event, Participation
from monitoring.effectiveness.selectors import mentoring_years, participations_of
from pairs.models import PairMember
from pairs.selectors import lesson_visits_by, mentee_retention, mentor_pairs, plan_progress

# Tooltips of the figures: what each counts, in the words of the page.
FIGURES = {
    "mentoring_years": "Календарные годы, в которые педагог был наставником пары или группы.",
    "pairs": "Пары и группы, где педагог — наставник (кроме формирующихся).",
    "plan_completion": (
        "Выполненные мероприятия персонализированных программ его наставляемых из всех "
        "(кроме отменённых)."
    ),
    "retention": "Разные наставляемые из его пар, которые продолжают работать педагогами.",
    "diagnostics": (
        "Наставляемые, прошедшие диагностику затруднений дважды: у скольких средний балл "
        "вырос больше чем в половине областей."
    ),
    "lesson_visits": "Записи журнала «посещение урока», где педагог — посетивший.",
    "satisfaction": (
        "Средний балл (1–5) анкет удовлетворённости его наставляемых; не показывается, пока "
        "ответили меньше пяти человек."
    ),
}


@dataclass(frozen=True)
class MenteeOutcome:
    """One mentee of one pair: their plan's progress and the change of their diagnostics."""

    name: str
    working: bool
    plans_total: int
    plans_done: int
    areas_compared: int
    areas_improved: int
    difficulties_now: int | None


@dataclass(frozen=True)
class PairRow:
    pair: object
    mentees: list[MenteeOutcome]


@dataclass
class Portfolio:
    person: object
    on: datetime.date
    mentoring_years: int
    pairs: list[PairRow]
    retention: object
    lesson_visits: object
    satisfaction: object
    participations: list
    practices: list
    activities_total: int = 0
    activities_done: int = 0
    mentees_diagnosed_twice: int = 0
    mentees_improved: int = 0
    figures: dict = field(default_factory=lambda: FIGURES)

    @property
    def plan_completion(self) -> int | None:
        if not self.activities_total:
            return None
        return round(self.activities_done * 100 / self.activities_total)

    @property
    def events(self) -> list:
        return [p for p in self.participations if p.event.kind != Event.Kind.AWARD]

    @property
    def awards(self) -> list:
        return [
            p
            for p in self.participations
            if p.event.kind == Event.Kind.AWARD or p.result == Participation.Result.AWARDED
        ]

    @property
    def contest_wins(self) -> int:
        prized = (Participation.Result.WINNER, Participation.Result.PRIZE)
        return sum(
            1
            for p in self.participations
            if p.event.kind == Event.Kind.CONTEST and p.result in prized
        )

    @property
    def active_pairs(self) -> int:
        return sum(1 for row in self.pairs if row.pair.status == row.pair.Status.ACTIVE)


def portfolio_of(person, *, today: datetime.date | None = None) -> Portfolio:
    """The portfolio of ``person``, read in the caller's scope (``access.person_scope``)."""
    today = today or timezone.localdate()
    rows = []
    total = done = twice = improved = 0
    for pair in mentor_pairs(person):
        outcomes = []
        plans = list(pair.plans.all())
        for member in pair.members.all():
            if member.role != PairMember.Role.MENTEE:
                continue
            mentee = member.staff
            progress = [plan_progress(p) for p in plans if p.mentee_id == mentee.pk]
            profile = teacher_profile(mentee)
            compared = [r for r in profile.rows if r.previous is not None]
            better = sum(1 for r in compared if r.improved)
            outcomes.append(
                MenteeOutcome(
                    name=mentee.short_name,
                    working=mentee.employment_status == mentee.Status.WORKS,
                    plans_total=sum(p.total for p in progress),
                    plans_done=sum(p.done for p in progress),
                    areas_compared=len(compared),
                    areas_improved=better,
                    difficulties_now=len(profile.difficulties) if profile.invitation else None,
                )
            )
            total += sum(p.total for p in progress)
            done += sum(p.done for p in progress)
            if compared:
                twice += 1
                improved += better * 2 > len(compared)
        rows.append(PairRow(pair, outcomes))
    return Portfolio(
        person=person,
        on=today,
        mentoring_years=mentoring_years(person, on=today),
        pairs=rows,
        retention=mentee_retention(person),
        lesson_visits=lesson_visits_by(person, today=today),
        satisfaction=mentees_satisfaction(person),
        participations=list(participations_of(person)),
        practices=practices_of(person),
        activities_total=total,
        activities_done=done,
        mentees_diagnosed_twice=twice,
        mentees_improved=improved,
    )


def snapshot(portfolio: Portfolio) -> dict:
    """The figures as they stand, for an application: plain values that never change when
    the data does later."""
    satisfaction = portfolio.satisfaction.mean
    return {
        "on": portfolio.on.isoformat(),
        "name": portfolio.person.full_name,
        "position": portfolio.person.position,
        "organisation": str(portfolio.person.organisation),
        "mentoring_years": portfolio.mentoring_years,
        "pairs": len(portfolio.pairs),
        "active_pairs": portfolio.active_pairs,
        "mentees": portfolio.retention.mentees,
        "mentees_working": portfolio.retention.working,
        "retention": portfolio.retention.percent,
        "plan_completion": portfolio.plan_completion,
        "mentees_diagnosed_twice": portfolio.mentees_diagnosed_twice,
        "mentees_improved": portfolio.mentees_improved,
        "lesson_visits": portfolio.lesson_visits.total,
        "lesson_visits_year": portfolio.lesson_visits.this_year,
        "events": len(portfolio.events),
        "awards": len(portfolio.awards),
        "contest_wins": portfolio.contest_wins,
        "practices": [p.title for p in portfolio.practices],
        "satisfaction": None if satisfaction is None else str(satisfaction),
    }


# The snapshot's figures in the order and words an application shows them.
SNAPSHOT_LABELS = [
    ("mentoring_years", "Лет наставничества"),
    ("pairs", "Пар и групп"),
    ("active_pairs", "Из них действующих"),
    ("mentees", "Наставляемых"),
    ("retention", "Продолжают работать, %"),
    ("plan_completion", "Выполнение планов, %"),
    ("mentees_improved", "Наставляемых с улучшением по диагностике"),
    ("lesson_visits", "Посещений уроков"),
    ("events", "Мероприятий"),
    ("awards", "Наград"),
    ("contest_wins", "Побед и призовых мест в конкурсах"),
    ("satisfaction", "Удовлетворённость наставляемых, балл"),
]
