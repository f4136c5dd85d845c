"""A municipal contest of M1 built through the real services."""

from __future__ import annotations

import datetime

from documents.contest import services
from monitoring.effectiveness.models import Event
from tests.factories import StaffMemberFactory, UserFactory

YEAR = 2026
REGIONAL = "Региональный конкурс «Лучшие практики наставничества»"


def contest_of(cast, *, stages=("municipal", "regional")):
    contest = services.contest_create(
        municipality=cast.m1,
        title="Муниципальный конкурс «Наставник года»",
        year=YEAR,
        starts_on=datetime.date(YEAR, 3, 1),
        acting_user=cast.methodist_m1,
    )
    services.nomination_add(
        contest=contest, title="Наставник молодого педагога", acting_user=cast.methodist_m1
    )
    for name, points in (("Результаты наставляемых", 10), ("Распространение опыта", 5)):
        services.criterion_add(
            contest=contest, name=name, max_points=points, acting_user=cast.methodist_m1
        )
    titles = {"school": "Школьный этап", "municipal": "Муниципальный этап", "regional": REGIONAL}
    for month, level in enumerate(stages, start=3):
        services.stage_add(
            contest=contest,
            level=level,
            title=titles[level],
            starts_on=datetime.date(YEAR, month, 1),
            ends_on=datetime.date(YEAR, month, 28),
            advance=1 if level == "municipal" else None,
            acting_user=cast.methodist_m1,
        )
    return contest


def juror_user(organisation, username: str, **staff):
    person = StaffMemberFactory(organisation=organisation, **staff)
    return UserFactory(username=username, staff_member=person)


def apply(contest, person, acting_user):
    return services.application_submit(
        contest=contest,
        nomination=contest.nominations.first(),
        person=person,
        summary="Опыт наставничества молодого учителя начальных классов.",
        acting_user=acting_user,
    )


def regional_event(contest):
    return contest.stages.get(level=Event.Level.REGIONAL).event
