"""Demo programmes, pairs, plans and log entries for the demo region (the pair counts of the
Онгудайский district report of 25.03.2021).

Deterministic: people are chosen by fixed order and dates follow the school year. Idempotent:
a school that already has its demo programme is left as it is. Dates after today are never
written as done, so the demo looks current whenever it is loaded.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from orgs.demo.seed import KEDROVY, ONGUDAI, REFERENCE_DATE
from orgs.models import Organisation, StaffMember, User
from orgs.schoolyear import SchoolYear

from . import services
from .models import (
    LogEntry,
    Pair,
    Plan,
    PlanActivity,
    PlanTemplate,
    PlanTemplateActivity,
    Programme,
)
from .plan_templates import install
from .selectors import suggested_category

PROGRAMME_TITLE = "Программа наставничества «Учитель – учитель»"
TEACHING = ("Учитель", "Воспитатель", "Педагог доп")
# The life of the n-th pair of a school: most work, one is being formed, one finished last
# year, one was ended early. Every plan state appears in the demo.
LIFE = ["active", "active", "draft", "completed", "terminated"]


@transaction.atomic
def seed(log=print) -> None:
    install(PlanTemplate, PlanTemplateActivity)  # shipped by a migration; back after a flush
    year = SchoolYear.containing(REFERENCE_DATE)
    today = timezone.localdate()
    created = 0
    for municipality in (ONGUDAI, KEDROVY):
        for demo in municipality.organisations:
            if not demo.pairs:
                continue
            organisation = Organisation.objects.filter(
                municipality__name=municipality.name, short_name=demo.short_name
            ).first()
            if (
                organisation is None
                or Programme.objects.filter(
                    organisation=organisation, title=PROGRAMME_TITLE
                ).exists()
            ):
                continue
            created += _school(organisation, demo.pairs, year, today)
    if created:
        log(f"  Наставнические пары: {created}")


def _school(organisation: Organisation, count: int, year: SchoolYear, today) -> int:
    previous = SchoolYear(year.start_year - 1)
    programme = services.programme_create(
        organisation=organisation,
        acting_user=None,
        title=PROGRAMME_TITLE,
        form=Programme.Form.TEACHER_TEACHER,
        starts_on=previous.starts_on,
        ends_on=year.ends_on,
        goals=(
            "Разносторонняя поддержка молодых специалистов для успешного закрепления на месте "
            "работы, повышение их профессионального потенциала, создание комфортной "
            "профессиональной среды в организации."
        ),
        approval_order=f"№ 112-од от 28.08.{previous.start_year}",
    )
    mentors, mentees = _people(organisation)
    for index in range(min(count, len(mentors), len(mentees))):
        life = LIFE[index % len(LIFE)] if count > 1 else "active"
        # A pair being formed gets a draft plan in the larger schools, none elsewhere.
        draft_plan = count >= len(LIFE)
        _pair(programme, mentors[index], mentees[index], life, year, previous, today, draft_plan)
    return min(count, len(mentors), len(mentees))


def _people(organisation) -> tuple[list[StaffMember], list[StaffMember]]:
    """Experienced teachers as mentors and young specialists as mentees, in a fixed order;
    the demo accounts mentor.ongudai and mentee.ongudai come first where they work."""
    staff = StaffMember.objects.filter(organisation=organisation).working()
    young = staff.young_specialists(REFERENCE_DATE)
    teaching = [p for p in staff.exclude(pk__in=young) if p.position.startswith(TEACHING)]
    mentors = sorted(teaching, key=lambda p: (-_category_rank(p), p.pk))
    mentees = list(young.order_by("pk"))
    for username, people in (("mentor.ongudai", mentors), ("mentee.ongudai", mentees)):
        account = User.objects.filter(username=username, staff_member__isnull=False).first()
        if account and account.staff_member in people:
            people.remove(account.staff_member)
            people.insert(0, account.staff_member)
    return mentors, mentees


def _category_rank(person: StaffMember) -> int:
    order = [
        StaffMember.Category.NONE,
        StaffMember.Category.CONFORMITY,
        StaffMember.Category.FIRST,
        StaffMember.Category.HIGHEST,
    ]
    return order.index(person.category)


def _template_for(mentee: StaffMember) -> PlanTemplate:
    primary = mentee.position == "Учитель начальных классов"
    code = "young-primary-teacher" if primary else "subject-teacher-adaptation"
    return PlanTemplate.objects.get(code=code)


def _pair(programme, mentor, mentee, life, year, previous, today, draft_plan) -> None:
    past = life in ("completed", "terminated")
    period = previous if past else year
    pair = services.pair_create(
        programme=programme,
        mentors=[mentor],
        mentees=[mentee],
        acting_user=None,
        status=Pair.Status.DRAFT if life == "draft" else Pair.Status.ACTIVE,
        starts_on=period.starts_on,
        planned_end_on=period.ends_on,
        mentee_category=suggested_category(mentee),
        mentor_type=Pair.MentorType.SUBJECT
        if mentee.position.startswith("Учитель")
        else Pair.MentorType.CONSULTANT,
        compatibility=Pair.Compatibility.HIGH,
        # A pair being formed waits for its mentor's consent: the page shows the path.
        **(
            {}
            if life == "draft"
            else {
                "consent_status": Pair.Consent.GIVEN,
                "consent_on": period.starts_on - datetime.timedelta(days=5),
                "agreement_status": Pair.Agreement.SIGNED,
                "agreement_on": period.starts_on - datetime.timedelta(days=3),
                "agreement_ends_on": period.ends_on,
                "extra_pay_amount": 3000,
            }
        ),
        appointment_order=f"№ 115-од от 31.08.{period.start_year}",
    )
    if life == "draft" and not draft_plan:
        return
    plan = services.plan_create(
        pair=pair,
        mentee=mentee,
        acting_user=None,
        template=_template_for(mentee),
        status=Plan.Status.DRAFT if life == "draft" else Plan.Status.ACTIVE,
    )
    if life == "draft":
        return
    activities = list(plan.activities.order_by("position"))
    if life == "completed":
        _mark(activities, until=period.ends_on, skip_every=0)
        _log(pair, mentor, mentee, period.starts_on, min(period.ends_on, today))
        services.pair_change_status(
            pair=pair, to_status=Pair.Status.COMPLETED, acting_user=None, ended_on=period.ends_on
        )
        return
    if life == "terminated":
        ended = datetime.date(period.start_year, 12, 20)
        _mark(activities, until=ended, skip_every=0)
        _log(pair, mentor, mentee, period.starts_on, ended)
        services.pair_change_status(
            pair=pair,
            to_status=Pair.Status.TERMINATED,
            acting_user=None,
            reason="Наставляемый переведён в другую организацию",
            initiator=Pair.Initiator.MENTEE,
            notice_on=datetime.date(period.start_year, 12, 10),
            ended_on=ended,
        )
        return
    # An active pair: what is past is mostly done, every fifth activity is left overdue.
    _mark(activities, until=today, skip_every=5)
    _log(pair, mentor, mentee, period.starts_on, today)


def _mark(activities: list[PlanActivity], *, until, skip_every: int) -> None:
    for index, activity in enumerate(activities):
        if activity.deadline >= until:
            continue
        if skip_every and index % skip_every == skip_every - 1:
            continue
        activity.status = PlanActivity.Status.DONE
        activity.done_on = activity.deadline - datetime.timedelta(days=7)
        activity.evidence_note = activity.expected_result
    PlanActivity.objects.bulk_update(activities, ["status", "done_on", "evidence_note"])


def _log(pair, mentor, mentee, start, end) -> None:
    """A monthly rhythm as the Онгудайский district report of 25.03.2021 describes: a meeting,
    the mentor's visit to the mentee's lesson and the mentee's visit to the mentor's lesson
    (six each by March)."""
    subject = mentee.subjects.first()
    entries = []
    month = start.replace(day=1)
    while month <= end:
        for day, kind, topic, visitor, visited in (
            (10, LogEntry.Kind.MEETING, "Обсуждение плана на месяц", None, None),
            (15, LogEntry.Kind.LESSON_VISIT, "Посещение урока наставляемого", mentor, mentee),
            (22, LogEntry.Kind.LESSON_VISIT, "Посещение урока наставника", mentee, mentor),
        ):
            date = month.replace(day=day)
            if start <= date <= end and month.month not in (6, 7, 8):
                entry = LogEntry(
                    pair=pair,
                    kind=kind,
                    happened_on=date,
                    topic=topic,
                    visitor=visitor,
                    visited=visited,
                    class_name="3 А" if visitor else "",
                    subject=subject if visitor else None,
                    organisation_id=pair.organisation_id,
                    municipality_id=pair.municipality_id,
                    region_id=pair.region_id,
                )
                entries.append(entry)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    LogEntry.objects.bulk_create(entries)
