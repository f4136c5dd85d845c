"""The mentor's portfolio: who opens it, and that every figure is the named selector's."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from monitoring.diagnostics.selectors import mentees_satisfaction
from monitoring.effectiveness.models import Event, Participation
from monitoring.effectiveness.selectors import mentoring_years
from orgs.models import Role, StaffMember
from pairs.models import LogEntry, Pair, PlanActivity
from pairs.selectors import lesson_visits_by, mentee_retention
from tests.documents.helpers import pdf_text
from tests.factories import StaffMemberFactory, UserFactory, member
from tests.monitoring.diagnostics.factories import answer, launch
from tests.pairs.factories import LogEntryFactory, PairFactory, PlanActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">(.*?)</div>', html, re.S)
    assert match, name
    return re.sub(r"<[^>]+>|&nbsp;", " ", match.group(1)).split()[0]


@pytest.fixture
def record(cast):
    """Teacher A mentors two young teachers: one pair done, one running; a visit, an award."""
    mentee_1 = StaffMemberFactory(organisation=cast.school_a, last_name="Попова")
    mentee_2 = StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Ушакова",
        employment_status=StaffMember.Status.LEFT,
        left_on=datetime.date(2025, 6, 30),
    )
    done = PairFactory(
        programme__organisation=cast.school_a,
        mentors=[cast.teacher_a],
        mentees=[mentee_2],
        starts_on=datetime.date(2023, 9, 1),
        planned_end_on=datetime.date(2024, 5, 31),
        status=Pair.Status.COMPLETED,
        ended_on=datetime.date(2024, 5, 31),
    )
    running = PairFactory(programme=done.programme, mentors=[cast.teacher_a], mentees=[mentee_1])
    plan = PlanFactory(pair=running, mentee=mentee_1)
    for status in ("done", "done", "done", "planned", "cancelled"):
        done_on = datetime.date(2025, 10, 20) if status == "done" else None
        PlanActivityFactory(plan=plan, status=status, done_on=done_on)
    LogEntryFactory(
        pair=running,
        kind=LogEntry.Kind.LESSON_VISIT,
        visitor=cast.teacher_a,
        visited=mentee_1,
        happened_on=datetime.date(2025, 10, 7),
    )
    award = Event.objects.create(
        region=cast.region1,
        municipality=cast.m1,
        kind=Event.Kind.AWARD,
        level=Event.Level.MUNICIPAL,
        title="Грамота «Почетный наставник»",
        starts_on=datetime.date(2025, 5, 10),
    )
    Participation.objects.create(
        event=award,
        person=cast.teacher_a,
        organisation=cast.school_a,
        role=Participation.Role.AWARDEE,
        result=Participation.Result.AWARDED,
    )
    return running


def test_the_mentor_curator_director_and_methodist_open_it_and_others_do_not(client, cast, record):
    url = reverse("portfolio:detail", args=[cast.teacher_a.pk])
    pdf = reverse("portfolio:pdf", args=[cast.teacher_a.pk])
    colleague = UserFactory(
        username="colleague_a", staff_member=StaffMemberFactory(organisation=cast.school_a)
    )
    expected = {
        cast.mentor_a: 200,
        cast.curator_a: 200,
        cast.director_a: 200,
        cast.methodist_m1: 200,
        cast.admin: 200,
        cast.psychologist_a: 403,
        cast.coordinator_r1: 403,
        colleague: 404,
        member(Role.CURATOR, cast.school_a2, username="curator_a2"): 404,
        cast.methodist_m2: 404,
        cast.curator_b: 404,
    }
    for user, status in expected.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user.username
        assert client.get(pdf).status_code == status, user.username
        if status == 404:
            assert cast.teacher_a.last_name not in response.content.decode()


def test_every_figure_is_the_one_its_selector_gives(client, cast, record):
    client.force_login(cast.curator_a)
    html = client.get(reverse("portfolio:detail", args=[cast.teacher_a.pk])).content.decode()
    today = datetime.date.today()
    assert _figure(html, "mentoring_years") == str(mentoring_years(cast.teacher_a, on=today))
    retention = mentee_retention(cast.teacher_a)
    assert (retention.mentees, retention.working) == (2, 1)
    assert _figure(html, "retention") == "50"
    # Cancelled activities do not count (the plans' own progress rule): 3 of 4.
    assert _figure(html, "plan_completion") == "75"
    assert _figure(html, "lesson_visits") == str(lesson_visits_by(cast.teacher_a).total) == "1"
    assert _figure(html, "pairs") == "2"
    assert "Грамота «Почетный наставник»" in html
    assert PlanActivity.objects.filter(plan__pair=record).count() == 5


def test_the_pdf_carries_the_same_figures(client, cast, record):
    client.force_login(cast.mentor_a)
    response = client.get(reverse("portfolio:pdf", args=[cast.teacher_a.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "ПОРТФОЛИО НАСТАВНИКА" in text
    assert cast.teacher_a.full_name in text
    assert "75 % (3 из 4)" in text
    assert "50 % (1 из 2)" in text


def test_a_network_mentor_sees_the_pairs_of_another_school_in_their_own_portfolio(client, cast):
    mentee = StaffMemberFactory(organisation=cast.school_a2, last_name="Ябыштаева")
    PairFactory(
        programme__organisation=cast.school_a2,
        mentors=[cast.teacher_a],
        mentees=[mentee],
        format=Pair.Format.NETWORK,
    )
    client.force_login(cast.mentor_a)
    html = client.get(reverse("portfolio:detail", args=[cast.teacher_a.pk])).content.decode()
    assert "Ябыштаева" in html
    assert cast.school_a2.short_name in html


def test_mentees_satisfaction_shows_only_from_five_respondents(client, cast):
    mentees = [StaffMemberFactory(organisation=cast.school_a) for _ in range(5)]
    for mentee in mentees:
        PairFactory(
            programme__organisation=cast.school_a, mentors=[cast.teacher_a], mentees=[mentee]
        )
    campaign = launch(
        user=cast.curator_a,
        organisation=cast.school_a,
        staff=mentees,
        code="satisfaction-mentee-mid",
        title="Удовлетворённость наставляемых",
    )
    invitations = list(campaign.invitations.order_by("pk"))
    assert {i.side for i in invitations} == {"mentee"}
    url = reverse("portfolio:detail", args=[cast.teacher_a.pk])
    client.force_login(cast.curator_a)
    for invitation in invitations[:4]:
        answer(invitation, default=4)
    assert mentees_satisfaction(cast.teacher_a).mean is None
    assert "менее 5 ответивших" in client.get(url).content.decode()
    answer(invitations[4], default=5)
    assert str(mentees_satisfaction(cast.teacher_a).mean) == "4.2"
    assert _figure(client.get(url).content.decode(), "satisfaction") == "4,2"
