"""Demo effectiveness data: Kedrovy's road map and targets of its order No. 76 (every row), a
monitoring campaign for each demo municipality with forms in several states, local acts,
and events with participations. Deterministic and idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from orgs.demo.seed import KEDROVY, ONGUDAI, REFERENCE_DATE
from orgs.models import Municipality, Organisation, StaffMember, User
from pairs.models import PairMember

from . import services
from .models import (
    Answer,
    Attendance,
    Campaign,
    Event,
    Form,
    LocalAct,
    Participation,
    RoadMapYear,
    Session,
    WebsiteSection,
)
from .scales import NUMERIC_SCALES, SCALE_OPTIONS

# Each school's form ends in one of these states, in the order of the schools.
FORM_STATES = ["accepted", "submitted", "returned", "in_progress", "not_started"]
EVENTS = [
    ("contest", "municipal", "Муниципальный конкурс «Наставник года»", 3),
    ("contest", "regional", "Региональный конкурс «Лучшие практики наставничества»", 4),
    ("seminar", "municipal", "Семинар «Наставничество: опыт и перспективы»", 9),
    ("decade", "municipal", "Декада «Панорама наставничества»", 11),
    ("course", "regional", "Курсы для кураторов наставничества (36 часов)", 10),
    ("publication", "regional", "Публикация в сборнике лучших практик наставничества", 5),
    ("award", "municipal", "Грамота отдела образования «Почетный наставник»", 5),
]


@transaction.atomic
def seed(log=print) -> None:
    year = REFERENCE_DATE.year
    kedrovy = Municipality.objects.filter(name=KEDROVY.name).first()
    if kedrovy is not None:
        road_map = services.road_map_load_seed(municipality=kedrovy)
        # Items of past years of the reference date are done; the rest stay planned.
        RoadMapYear.objects.filter(
            item__section__road_map=road_map, year__lt=year, status=RoadMapYear.Status.PLANNED
        ).exclude(item__position__in=[3, 9]).update(
            status=RoadMapYear.Status.DONE, evidence="Отчёт отдела образования"
        )
    for demo in (ONGUDAI, KEDROVY):
        municipality = Municipality.objects.filter(name=demo.name).first()
        if municipality is None:
            continue
        _events(municipality, year)
        if demo is ONGUDAI:
            _series(municipality)
        _local_acts(municipality)
        if not Campaign.objects.filter(municipality=municipality, year=year).exists():
            methodist = User.objects.filter(username__startswith="methodist.").first()
            campaign = services.campaign_open(
                municipality=municipality, year=year, acting_user=methodist
            )
            _fill(campaign, methodist)
    log("Мониторинг эффективности: дорожная карта, мониторинг, мероприятия, локальные акты.")


def _events(municipality, year) -> None:
    staff = list(
        StaffMember.objects.filter(municipality=municipality).working().order_by("pk")[:40]
    )
    for index, (kind, level, title, month) in enumerate(EVENTS):
        event, created = Event.objects.get_or_create(
            municipality=municipality,
            title=title,
            starts_on=datetime.date(year, month, 10),
            defaults={
                "region_id": municipality.region_id,
                "kind": kind,
                "level": level,
                "hours": 36 if kind == "course" else None,
            },
        )
        if not created:
            continue
        for person in staff[index::5]:
            Participation.objects.create(
                event=event,
                organisation_id=person.organisation_id,
                person=person,
                role="author" if kind == "publication" else "participant",
                result="winner" if person.pk % 7 == 0 and kind == "contest" else "participant",
                evidence="Приказ отдела образования" if kind == "award" else "",
            )


# «Школа молодого педагога», Ongudai's municipal series for young teachers, over the school year:
# (month offset from September, topic, who leads: a mentor's index or a guest).
MUNICIPAL_SERIES = "Школа молодого педагога"
MUNICIPAL_SESSIONS = [
    (0, "Нормативная база: рабочая программа и журнал", "Методист ЦНППМ Республики Алтай"),
    (1, "Современный урок: цели, этапы, самоанализ", 0),
    (2, "Эмоциональная саморегуляция педагога", "Педагог-психолог ЦНППМ"),
    (3, "Конфликты на уроке и как их предупредить", 1),
    (5, "Работа с родителями: первое собрание", 2),
    (6, "Открытые уроки молодых педагогов", 0),
    (8, "Итоговое занятие: портфолио молодого педагога", "Методист ЦНППМ Республики Алтай"),
]
DECADE_SESSIONS = [
    (0, "Мастер-класс наставника: приёмы формирующего оценивания", 0),
    (2, "Круглый стол «Наставник и молодой учитель: первый год»", 1),
    (5, "Открытый урок наставника с разбором", 2),
]
SCHOOL_SERIES = "Школа молодого учителя"
SCHOOL_SESSIONS = [
    (0, "Знакомство со школой: локальные акты и традиции", 0),
    (1, "Взаимопосещение уроков: как смотреть и что записывать", 1),
    (3, "Классное руководство: план воспитательной работы", 0),
]
MATERIALS = [
    ("Федеральная образовательная программа (edsoo.ru)", "https://edsoo.ru/"),
    ("Конструктор рабочих программ", "https://edsoo.ru/constructor/"),
]


def _series(municipality) -> None:
    """Ongudai's municipal «Школа молодого педагога» with sessions and attendance, sessions
    of the methodical decade led by mentors, and the first school's own series."""
    start = REFERENCE_DATE
    today = datetime.date.today()
    mentors = list(
        StaffMember.objects.filter(
            municipality=municipality,
            pk__in=PairMember.objects.filter(role="mentor").values("staff"),
        ).order_by("pk")
    )
    young = list(
        StaffMember.objects.filter(municipality=municipality)
        .working()
        .young_specialists(start)
        .order_by("pk")
    )
    if not mentors or not young:
        return
    # The demo accounts lead and attend, so that their pages show the series.
    mentor = _demo_person("mentor.ongudai", mentors)
    mentors.remove(mentor)
    mentors.insert(0, mentor)
    municipal, created = Event.objects.get_or_create(
        municipality=municipality,
        organisation=None,
        title=MUNICIPAL_SERIES,
        defaults={
            "region_id": municipality.region_id,
            "kind": Event.Kind.SERIES,
            "level": Event.Level.MUNICIPAL,
            "starts_on": start,
            "ends_on": datetime.date(start.year + 1, 5, 31),
            "hours": 24,
        },
    )
    if created:
        _sessions(municipal, MUNICIPAL_SESSIONS, mentors, young, today)
    decade = (
        Event.objects.filter(municipality=municipality, kind=Event.Kind.DECADE)
        .order_by("pk")
        .first()
    )
    if decade is not None and not decade.sessions.exists():
        _sessions(decade, DECADE_SESSIONS, mentors, [], today, step_days=2)
    school = _demo_person("mentee.ongudai", young).organisation
    school_mentors = [m for m in mentors if m.organisation_id == school.pk]
    if not school_mentors:
        return
    own, created = Event.objects.get_or_create(
        organisation=school,
        title=SCHOOL_SERIES,
        defaults={
            "region_id": school.region_id,
            "municipality_id": school.municipality_id,
            "kind": Event.Kind.SERIES,
            "level": Event.Level.SCHOOL,
            "starts_on": start,
            "ends_on": datetime.date(start.year + 1, 5, 31),
        },
    )
    if created:
        school_young = [p for p in young if p.organisation_id == school.pk]
        _sessions(own, SCHOOL_SESSIONS, school_mentors, school_young, today)


def _demo_person(username: str, people: list):
    """The demo account's teacher when among ``people``, else the first of them."""
    account = User.objects.filter(username=username).first()
    staff = account.staff_member if account and account.staff_member_id else None
    return staff if staff in people else people[0]


def _sessions(event, plan, mentors, people, today, *, step_days=None) -> None:
    """The event's sessions as planned; its people enrolled; who came to the past ones
    (everyone but every fourth, in turn)."""
    for person in people:
        Participation.objects.get_or_create(
            event=event, person=person, defaults={"organisation_id": person.organisation_id}
        )
    for number, (offset, topic, leader) in enumerate(plan):
        if step_days is None:
            month = event.starts_on.month - 1 + offset
            day = datetime.date(event.starts_on.year + month // 12, month % 12 + 1, 18)
        else:
            day = event.starts_on + datetime.timedelta(days=offset * step_days)
        is_mentor = isinstance(leader, int)
        session = Session.objects.create(
            event=event,
            date=day,
            topic=topic,
            leader=mentors[leader % len(mentors)] if is_mentor else None,
            leader_name="" if is_mentor else leader,
        )
        title, link = MATERIALS[number % len(MATERIALS)]
        session.materials.create(title=title, url=link)
        if day > today:
            continue
        for index, person in enumerate(people):
            if (index + number) % 4:
                Attendance.objects.create(
                    session=session, person=person, organisation_id=person.organisation_id
                )


def _local_acts(municipality) -> None:
    kinds = services.local_act_kinds(municipality=municipality)
    for index, organisation in enumerate(
        Organisation.objects.filter(municipality=municipality).order_by("pk")
    ):
        # Earlier schools keep the whole pack; later ones have gaps, so the filter shows some.
        for position, kind in enumerate(kinds):
            if position >= len(kinds) - index:
                break
            LocalAct.objects.get_or_create(
                organisation=organisation,
                kind=kind,
                defaults={"number": f"{position + 10}-од", "date": REFERENCE_DATE},
            )
        if organisation.website and index % 2 == 0:
            WebsiteSection.objects.get_or_create(
                organisation=organisation,
                defaults={
                    "url": organisation.website.rstrip("/") + "/nastavnichestvo/",
                    "checked_on": REFERENCE_DATE,
                },
            )


def _fill(campaign, methodist) -> None:
    forms = Form.objects.filter(campaign=campaign).order_by("organisation__pk")
    for index, form in enumerate(forms):
        state = FORM_STATES[index % len(FORM_STATES)]
        if state == "not_started":
            continue
        for n, answer in enumerate(Answer.objects.filter(form=form).select_related("indicator")):
            scale = answer.indicator.scale
            if scale in NUMERIC_SCALES:
                answer.value = (
                    answer.computed_value
                    if answer.computed_value is not None
                    else Decimal(40 + 15 * ((index + n) % 4))
                )
            else:
                options = SCALE_OPTIONS[scale]
                answer.option = options[(index + n) % len(options)][0]
                answer.evidence_text = "Итоги анкетирования педагогов"
            answer.save()
        form.status = Form.Status.IN_PROGRESS
        form.save(update_fields=["status"])
        if state == "in_progress":
            continue
        services.form_transition(form=form, action="submit", acting_user=None)
        if state == "accepted":
            services.form_transition(form=form, action="accept", acting_user=methodist)
        elif state == "returned":
            services.form_transition(
                form=form,
                action="return",
                acting_user=methodist,
                comment="Приложите итоги анкетирования по мотивации.",
            )
