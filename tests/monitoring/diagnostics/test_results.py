"""Figures: the difficulties table of the Ongudai district's report of 25.03.2021 recomputed
from known answers, anonymity, profiles, freezing, and constant query counts as respondents
grow."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring.diagnostics import services
from monitoring.diagnostics.models import Answer, AreaResult, Campaign, Invitation, Question
from monitoring.diagnostics.selectors import difficulty_table, satisfaction, teacher_profile
from tests.factories import StaffMemberFactory

from .factories import answer, launch

EMOTIONS = "Управление своей эмоциональной сферой"
CONFLICTS = "Решение конфликтных ситуаций в классе с обучающимися"
CATEGORICAL = "Некатегоричность оценок и суждений в педагогическом общении"
OBSERVING = "Умение наблюдать за участниками коммуникации"
PUPILS = "Взаимодействие с обучающимися"
REPORTED = {EMOTIONS: 61, CONFLICTS: 52, CATEGORICAL: 51, OBSERVING: 35, PUPILS: 32}


def test_it_recomputes_the_district_reports_table_from_known_answers(cast):
    staff = StaffMemberFactory.create_batch(100, organisation=cast.school_a)
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=staff)
    invitations = list(campaign.invitations.order_by("staff_member_id"))
    for number, invitation in enumerate(invitations):
        # The first N teachers rate an indicator 2 of 5 (a difficulty), the rest 4.
        answer(invitation, {text: 2 if number < share else 4 for text, share in REPORTED.items()})

    table = difficulty_table(campaign)

    assert table.respondents == 100
    indicators = {s.label: s.percent for s in table.indicators}
    assert {text: indicators[text] for text in REPORTED} == REPORTED
    assert [s.label for s in table.indicators[:5]] == list(REPORTED)
    areas = {s.label: s.percent for s in table.areas}
    assert areas["Эмоциональная саморегуляция"] == 61
    assert areas["Разрешение конфликтных ситуаций"] == 52
    assert areas["Предметная подготовка"] == 0


def test_young_specialists_only_counts_young_respondents(cast):
    young = StaffMemberFactory(
        organisation=cast.school_a, career_started_on=timezone.localdate().replace(day=1)
    )
    senior = StaffMemberFactory(organisation=cast.school_a)
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[young, senior])
    answer(campaign.invitations.get(staff_member=young), {EMOTIONS: 1})
    answer(campaign.invitations.get(staff_member=senior), {EMOTIONS: 5})

    everyone = {s.label: s.percent for s in difficulty_table(campaign).indicators}
    young_only = difficulty_table(campaign, young_only=True)

    assert everyone[EMOTIONS] == 50
    assert young_only.respondents == 1
    assert {s.label: s.percent for s in young_only.indicators}[EMOTIONS] == 100


def test_anonymous_results_never_show_fewer_than_five_answers(cast, client):
    staff = StaffMemberFactory.create_batch(5, organisation=cast.school_a)
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=staff, anonymous=True)
    invitations = list(campaign.invitations.all())
    for invitation in invitations[:4]:
        answer(invitation, {EMOTIONS: 1})
    client.force_login(cast.curator_a)

    assert difficulty_table(campaign).hidden
    page = client.get(
        reverse("monitoring:diagnostics:results", args=[campaign.pk])
    ).content.decode()
    assert "не меньше пяти" in page and "data-share" not in page
    assert teacher_profile(invitations[0].staff_member).invitation is None

    answer(invitations[4], {EMOTIONS: 5})
    page = client.get(
        reverse("monitoring:diagnostics:results", args=[campaign.pk])
    ).content.decode()
    assert "80 %" in page


def test_anonymous_satisfaction_drops_groups_below_five(cast):
    staff = StaffMemberFactory.create_batch(4, organisation=cast.school_a)
    campaign = launch(
        user=cast.curator_a,
        organisation=cast.school_a,
        staff=staff,
        code="satisfaction-mentee-mid",
        anonymous=True,
    )
    for invitation in campaign.invitations.all():
        answer(invitation, default=4)

    per_question, per_org = satisfaction([campaign])

    assert per_question == [] and per_org == []


def test_satisfaction_averages_mentors_and_mentees_per_question(cast):
    mentees = StaffMemberFactory.create_batch(2, organisation=cast.school_a)
    mentors = StaffMemberFactory.create_batch(2, organisation=cast.school_a)
    for code, people, score in (
        ("satisfaction-mentee-mid", mentees, 4),
        ("satisfaction-mentor-mid", mentors, 5),
    ):
        campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=people, code=code)
        for invitation in campaign.invitations.all():
            answer(invitation, default=score)
    campaigns = Campaign.objects.filter(organisation=cast.school_a)

    per_question, per_org = satisfaction(campaigns)

    row = next(r for r in per_question if r.label == "Удовлетворённость совместной работой в паре")
    assert (row.mentors, row.mentees, row.everyone) == (
        Decimal("5.00"),
        Decimal("4.00"),
        Decimal("4.50"),
    )
    assert per_org[0].mentors == Decimal("5.00") and per_org[0].mentees == Decimal("4.00")


def test_the_profile_shows_the_change_from_the_previous_campaign(cast):
    teacher = cast.teacher_a
    first = launch(user=cast.curator_a, organisation=cast.school_a, staff=[teacher])
    answer(first.invitations.get(), {EMOTIONS: 1})
    services.campaign_close(campaign=first)
    second = launch(user=cast.curator_a, organisation=cast.school_a, staff=[teacher])
    answer(second.invitations.get(), {EMOTIONS: 4})

    profile = teacher_profile(teacher)

    row = next(r for r in profile.rows if r.area.code == "self_regulation")
    assert (row.previous, row.mean, row.is_difficulty, row.improved) == (
        Decimal("1.00"),
        Decimal("4.00"),
        False,
        True,
    )


def test_closing_a_campaign_freezes_answers(cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    invitation = campaign.invitations.get()
    answer(invitation, {EMOTIONS: 1})
    services.campaign_close(campaign=campaign)
    invitation.refresh_from_db()
    section = campaign.version.sections.order_by("position").last()
    question = section.questions.get(text=EMOTIONS)

    with pytest.raises(ValidationError, match="закрыта"):
        services.answers_save(
            invitation=invitation,
            section=section,
            values={question.pk: 5},
            acting_user=cast.mentor_a,
        )
    assert Answer.objects.get(invitation=invitation, question=question).number == 1


def test_a_submit_with_missing_answers_writes_nothing(cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    invitation = campaign.invitations.get()

    with pytest.raises(ValidationError, match="обязательные"):
        services.response_submit(invitation=invitation, acting_user=cast.curator_a)
    invitation.refresh_from_db()
    assert invitation.submitted_at is None and not AreaResult.objects.exists()


def _bulk_respondents(campaign, count: int) -> None:
    """Submitted answers written in bulk: the query-count test is about reading them."""
    staff = StaffMemberFactory.create_batch(count, organisation=campaign.organisation)
    services.invitations_add(campaign=campaign, people=[(s, "", None) for s in staff])
    now = timezone.now()
    Invitation.objects.filter(campaign=campaign).update(submitted_at=now)
    invitations = list(Invitation.objects.filter(campaign=campaign))
    questions = list(Question.objects.filter(section__version=campaign.version))
    keys = {
        "organisation_id": campaign.organisation_id,
        "municipality_id": campaign.municipality_id,
        "region_id": campaign.region_id,
    }
    Answer.objects.bulk_create(
        Answer(invitation=i, question=q, number=2, score=2, **keys)
        for i in invitations
        for q in questions
        if q.kind == Question.Kind.SCALE
    )
    areas = {q.area_id for q in questions if q.area_id}
    AreaResult.objects.bulk_create(
        AreaResult(invitation=i, campaign=campaign, area_id=a, mean=2, is_difficulty=True, **keys)
        for i in invitations
        for a in areas
    )


@pytest.mark.parametrize(
    "page",
    [
        "monitoring:diagnostics:results",
        "monitoring:diagnostics:campaign",
        "monitoring:diagnostics:satisfaction",
    ],
)
def test_result_pages_keep_a_constant_query_count(cast, client, page):
    counts = []
    client.force_login(cast.curator_a)
    client.get(reverse("ping"))  # reads the memberships once; later requests take them cached
    for size in (10, 300):
        campaign = launch(
            user=cast.curator_a,
            organisation=cast.school_a,
            staff=[cast.teacher_a],
            title=f"Кампания {size}",
            starts_on=datetime.date(2025, 9, 1),
        )
        _bulk_respondents(campaign, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(page, args=[campaign.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
