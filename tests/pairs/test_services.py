import datetime

import pytest
from django.core.exceptions import ValidationError

from orgs.models import StaffMember
from pairs import services
from pairs.models import Pair, PairMember, PairStatusChange, Plan, PlanActivity
from tests.factories import StaffMemberFactory

from .factories import PairFactory, PlanActivityFactory, PlanFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.fixture
def programme(cast):
    return ProgrammeFactory(organisation=cast.school_a)


def teacher(organisation, **fields):
    return StaffMemberFactory(organisation=organisation, **fields)


def test_a_pair_is_created_with_history_and_a_default_school_year(cast, programme):
    mentee = teacher(cast.school_a)
    pair = services.pair_create(
        programme=programme,
        mentors=[cast.teacher_a],
        mentees=[mentee],
        acting_user=cast.curator_a,
        starts_on=datetime.date(2025, 9, 1),
    )
    assert pair.planned_end_on == datetime.date(2026, 9, 1)
    assert pair.organisation == cast.school_a and pair.municipality == cast.m1
    roles = sorted(pair.members.values_list("role", flat=True))
    assert roles == ["mentee", "mentor"]
    assert pair.status_changes.get().event == PairStatusChange.Event.CREATED


def test_it_refuses_the_same_person_as_mentor_and_mentee(cast, programme):
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_a],
            mentees=[cast.teacher_a],
            acting_user=cast.curator_a,
        )
    assert "разными людьми" in messages(error.value)
    assert not Pair.objects.exists()


def test_it_refuses_people_who_have_left(cast, programme):
    gone = teacher(
        cast.school_a,
        employment_status=StaffMember.Status.LEFT,
        left_on=datetime.date(2025, 6, 30),
    )
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            programme=programme, mentors=[cast.teacher_a], mentees=[gone], acting_user=None
        )
    assert "уволен(а)" in messages(error.value)


def test_a_network_mentor_comes_from_the_same_municipality(cast, programme):
    services.pair_create(
        programme=programme,
        mentors=[cast.teacher_a2],
        mentees=[teacher(cast.school_a)],
        acting_user=None,
    )
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_c],
            mentees=[teacher(cast.school_a)],
            acting_user=None,
        )
    assert "том же муниципальном образовании" in messages(error.value)


def test_a_municipality_may_allow_regional_network_mentors(cast, programme):
    cast.m1.allow_regional_network_mentors = True
    cast.m1.save()
    programme.organisation.refresh_from_db()
    pair = services.pair_create(
        programme=programme,
        mentors=[cast.teacher_c],
        mentees=[teacher(cast.school_a)],
        acting_user=None,
    )
    assert pair.members.filter(staff=cast.teacher_c).exists()
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_b],
            mentees=[teacher(cast.school_a)],
            acting_user=None,
        )
    assert "том же регионе" in messages(error.value)


def test_a_mentee_from_another_school_is_refused(cast, programme):
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_a],
            mentees=[cast.teacher_a2],
            acting_user=None,
        )
    assert "работает в другой организации" in messages(error.value)


def test_the_end_comes_after_the_start(cast, programme):
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_a],
            mentees=[teacher(cast.school_a)],
            acting_user=None,
            starts_on=datetime.date(2025, 9, 1),
            planned_end_on=datetime.date(2025, 8, 1),
        )
    assert "позже даты начала" in messages(error.value)


def test_a_mentors_load_is_capped_by_the_organisation(cast, programme):
    cast.school_a.mentor_load_limit = 2
    cast.school_a.save()
    for _ in range(2):
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_a],
            mentees=[teacher(cast.school_a)],
            acting_user=None,
        )
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_a],
            mentees=[teacher(cast.school_a)],
            acting_user=None,
        )
    assert "3 наставляемых при допустимых 2" in messages(error.value)


def test_a_mentee_has_one_active_pair_per_programme(cast, programme):
    mentee = teacher(cast.school_a)
    PairFactory(programme=programme, mentee=mentee, status=Pair.Status.ACTIVE)
    draft = services.pair_create(
        programme=programme, mentors=[cast.teacher_a], mentees=[mentee], acting_user=None
    )
    with pytest.raises(ValidationError) as error:
        services.pair_change_status(pair=draft, to_status=Pair.Status.ACTIVE, acting_user=None)
    assert "уже состоит в действующей паре этой программы" in messages(error.value)
    draft.refresh_from_db()
    assert draft.status == Pair.Status.DRAFT


def test_status_flow_and_history(cast):
    pair = PairFactory(programme__organisation=cast.school_a, status=Pair.Status.DRAFT)
    services.pair_change_status(pair=pair, to_status="active", acting_user=cast.curator_a)
    services.pair_extend(
        pair=pair,
        new_end_on=datetime.date(2026, 12, 31),
        reason="Не завершена аттестация",
        acting_user=cast.curator_a,
    )
    services.pair_change_status(pair=pair, to_status="completed", acting_user=cast.curator_a)
    events = list(pair.status_changes.values_list("event", flat=True))
    assert events == ["activated", "extended", "completed"]
    with pytest.raises(ValidationError) as error:
        services.pair_change_status(pair=pair, to_status="terminated", acting_user=None)
    assert "нельзя перевести" in messages(error.value)


def test_early_termination_needs_a_reason_and_three_working_days_notice(cast):
    pair = PairFactory(programme__organisation=cast.school_a)
    with pytest.raises(ValidationError) as error:
        services.pair_change_status(pair=pair, to_status="terminated", acting_user=None)
    assert "причину" in messages(error.value)
    friday = datetime.date(2025, 11, 14)
    with pytest.raises(ValidationError) as error:
        services.pair_change_status(
            pair=pair,
            to_status="terminated",
            acting_user=None,
            reason="Переезд наставляемого",
            initiator=Pair.Initiator.MENTEE,
            notice_on=friday,
            ended_on=datetime.date(2025, 11, 18),
        )
    assert "не ранее 19.11.2025" in messages(error.value)
    services.pair_change_status(
        pair=pair,
        to_status="terminated",
        acting_user=None,
        reason="Переезд наставляемого",
        initiator=Pair.Initiator.MENTEE,
        notice_on=friday,
        ended_on=datetime.date(2025, 11, 19),
    )
    pair.refresh_from_db()
    assert pair.status == "terminated" and pair.termination_notice_on == friday


def test_extra_pay_is_an_amount_or_a_percentage(cast, programme):
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_a],
            mentees=[teacher(cast.school_a)],
            acting_user=None,
            extra_pay_amount=3000,
            extra_pay_percent=10,
        )
    assert "либо суммой, либо процентом" in messages(error.value)


def test_a_plan_from_a_copy_keeps_activities_and_shifts_months(cast):
    source = PlanFactory(pair__programme__organisation=cast.school_a)
    PlanActivityFactory(plan=source, planned_month=datetime.date(2025, 10, 1))
    pair = PairFactory(
        programme=source.pair.programme,
        starts_on=datetime.date(2026, 9, 1),
        planned_end_on=datetime.date(2027, 5, 31),
    )
    mentee = pair.members.get(role=PairMember.Role.MENTEE).staff
    plan = services.plan_create(pair=pair, mentee=mentee, acting_user=None, copy_from=source)
    assert plan.activities.get().planned_month == datetime.date(2026, 10, 1)
    with pytest.raises(ValidationError):
        services.plan_create(pair=pair, mentee=mentee, acting_user=None)
    assert Plan.objects.filter(pair=pair).count() == 1


def test_marking_done_and_overdue(cast):
    activity = PlanActivityFactory(
        plan__pair__programme__organisation=cast.school_a,
        planned_month=datetime.date(2025, 10, 1),
    )
    assert activity.deadline == datetime.date(2025, 10, 31)
    assert activity.is_overdue
    services.activity_mark_done(activity=activity, acting_user=None, note="Проведено")
    activity.refresh_from_db()
    assert activity.status == PlanActivity.Status.DONE and not activity.is_overdue
    assert activity.evidence_note == "Проведено"
