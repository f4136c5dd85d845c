"""Demo: the municipal contest for mentors of Kedrovy's road map, run on the
contest event the effectiveness demo records: a school and a municipal stage judged with a
rubric, the winners sent on to the regional «Лучшие практики наставничества», results out."""

from __future__ import annotations

import datetime

from django.db import transaction

from monitoring.effectiveness.models import Event
from orgs.demo.seed import KEDROVY, REFERENCE_DATE
from orgs.models import Municipality, StaffMember, User
from pairs.models import PairMember

from . import services
from .models import Contest

NOMINATIONS = ["Наставник молодого педагога", "Сетевое и реверсивное наставничество"]
CRITERIA = [
    ("Результаты наставляемых: выполнение плана, закрепление в профессии", 10),
    ("Методическая ценность практики наставничества", 10),
    ("Распространение опыта: выступления, публикации, банк практик", 5),
]
REGIONAL = "Региональный конкурс «Лучшие практики наставничества»"


@transaction.atomic
def seed(log=print) -> None:
    municipality = Municipality.objects.filter(name=KEDROVY.name).first()
    year = REFERENCE_DATE.year
    event = Event.objects.filter(
        municipality=municipality,
        organisation__isnull=True,
        kind=Event.Kind.CONTEST,
        level=Event.Level.MUNICIPAL,
        starts_on__year=year,
    ).first()
    if municipality is None or event is None or Contest.objects.filter(event=event).exists():
        return
    methodist = User.objects.filter(username="methodist.kedrovy").first()
    curator = User.objects.filter(username="curator.kedrovy").first()
    contest = services.contest_on_event(
        event=event,
        regulation="Положение о муниципальном конкурсе «Наставник года» (приказ отдела "
        "образования). Заявки подают кураторы школ; портфолио наставника — основа заявки.",
        acting_user=methodist,
    )
    nominations = [
        services.nomination_add(contest=contest, title=t, acting_user=methodist)
        for t in NOMINATIONS
    ]
    for name, points in CRITERIA:
        services.criterion_add(contest=contest, name=name, max_points=points, acting_user=methodist)
    school = services.stage_add(
        contest=contest,
        level=Event.Level.SCHOOL,
        title="Школьный этап",
        starts_on=datetime.date(year, 2, 1),
        ends_on=datetime.date(year, 2, 28),
        acting_user=methodist,
    )
    municipal = services.stage_add(
        contest=contest,
        level=Event.Level.MUNICIPAL,
        title="Муниципальный этап",
        starts_on=datetime.date(year, 3, 1),
        ends_on=datetime.date(year, 3, 31),
        advance=1,
        acting_user=methodist,
    )
    services.stage_add(
        contest=contest,
        level=Event.Level.REGIONAL,
        title=REGIONAL,
        starts_on=datetime.date(year, 4, 10),
        ends_on=datetime.date(year, 5, 20),
        acting_user=methodist,
    )
    jurors_people = [
        u.staff_member
        for u in User.objects.filter(
            username__in=["director.kedrovy", "curator.kedrovy"], staff_member__isnull=False
        )
        .select_related("staff_member")
        .order_by("username")
    ]
    mentors = list(
        StaffMember.objects.working()
        .filter(
            municipality=municipality,
            pk__in=PairMember.objects.filter(role=PairMember.Role.MENTOR).values("staff"),
        )
        .exclude(pk__in=[p.pk for p in jurors_people])
        .order_by("organisation", "last_name")[:4]
    )
    applications = [
        services.application_submit(
            contest=contest,
            nomination=nominations[index % 2],
            person=person,
            summary="Наставник молодого педагога: персонализированная программа выполнена, "
            "взаимопосещения уроков, мастер-класс для школьного методического объединения.",
            acting_user=curator,
        )
        for index, person in enumerate(mentors)
    ]
    services.stage_close(stage=school, acting_user=methodist)
    jurors = [
        services.juror_add(contest=contest, person=person, acting_user=methodist)
        for person in jurors_people
    ]
    criteria = list(contest.criteria.all())
    for index, application in enumerate(applications):
        application.refresh_from_db()
        for shift, juror in enumerate(jurors):
            assignment = services.assignment_add(
                application=application, juror=juror, acting_user=methodist
            )
            # Distinct totals: no tie decides who goes on to the regional contest.
            points = {
                c.pk: max(0, c.max_points - index - (shift + position) % 2)
                for position, c in enumerate(criteria)
            }
            services.scores_save(assignment=assignment, points=points, acting_user=methodist)
    municipal.refresh_from_db()
    services.stage_close(stage=municipal, acting_user=methodist)
    services.results_publish(contest=contest, acting_user=methodist)
    log(
        f"Конкурс наставников: {contest}, заявок {len(applications)}, жюри {len(jurors)}, "
        "итоги опубликованы."
    )
