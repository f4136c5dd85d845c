"""Factories for programmes, pairs and plans. Tenants stay consistent by construction: a
pair belongs to its programme's organisation and, by default, its mentor and mentee work
there too."""

import datetime

import factory
from factory.django import DjangoModelFactory

from pairs.models import (
    Direction,
    LogEntry,
    Pair,
    PairMember,
    Plan,
    PlanActivity,
    Programme,
)
from tests.factories import OrganisationFactory, StaffMemberFactory

START = datetime.date(2025, 9, 1)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Программа наставничества «Учитель – учитель»"
    form = Programme.Form.TEACHER_TEACHER
    starts_on = START
    ends_on = datetime.date(2026, 8, 31)
    status = Programme.Status.ACTIVE


class PairFactory(DjangoModelFactory):
    """``PairFactory(mentor=..., mentee=...)``; both default to new teachers of the
    programme's organisation (the mentee a young specialist). ``mentors=[...]`` and
    ``mentees=[...]`` build a group."""

    class Meta:
        model = Pair

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SelfAttribute("programme.organisation")
    starts_on = START
    planned_end_on = datetime.date(2026, 8, 31)
    status = Pair.Status.ACTIVE
    # A working pair holds the mentor's written consent (art. 351.8 of the Labour Code).
    consent_status = Pair.Consent.GIVEN
    consent_on = datetime.date(2025, 8, 25)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        mentor, mentee = kwargs.pop("mentor", None), kwargs.pop("mentee", None)
        mentors, mentees = kwargs.pop("mentors", None), kwargs.pop("mentees", None)
        pair = super()._create(model_class, *args, **kwargs)
        mentors = mentors or [
            mentor or StaffMemberFactory(organisation=pair.organisation, position="Учитель")
        ]
        mentees = mentees or [
            mentee
            or StaffMemberFactory(
                organisation=pair.organisation,
                position="Учитель",
                career_started_on=datetime.date(2024, 9, 1),
                hired_on=datetime.date(2024, 9, 1),
                birth_date=datetime.date(2001, 3, 3),
            )
        ]
        for role, people in ((PairMember.Role.MENTOR, mentors), (PairMember.Role.MENTEE, mentees)):
            for person in people:
                PairMember.objects.create(
                    pair=pair, staff=person, role=role, organisation=pair.organisation
                )
        return pair


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    pair = factory.SubFactory(PairFactory)
    organisation = factory.SelfAttribute("pair.organisation")
    mentee = factory.LazyAttribute(
        lambda o: o.pair.members.filter(role=PairMember.Role.MENTEE).first().staff
    )
    starts_on = START
    ends_on = datetime.date(2026, 5, 31)
    goals = "Адаптация молодого специалиста в коллективе"
    status = Plan.Status.ACTIVE


class PlanActivityFactory(DjangoModelFactory):
    class Meta:
        model = PlanActivity

    plan = factory.SubFactory(PlanFactory)
    organisation = factory.SelfAttribute("plan.organisation")
    position = factory.Sequence(int)
    direction = Direction.METHODS
    title = factory.Sequence(lambda n: f"Мероприятие {n}")
    planned_month = datetime.date(2025, 10, 1)
    status = PlanActivity.Status.PLANNED


class LogEntryFactory(DjangoModelFactory):
    class Meta:
        model = LogEntry

    pair = factory.SubFactory(PairFactory)
    organisation = factory.SelfAttribute("pair.organisation")
    kind = LogEntry.Kind.MEETING
    happened_on = datetime.date(2025, 10, 7)
    topic = "Встреча наставника и наставляемого"
