"""Marking an activity done from the mentor's page returns there; the lesson-visit form
offers the pair's own people first; the pair list's names open the pair."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import StaffMemberFactory
from tests.html import options

from .factories import PairFactory, PlanActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(cast):
    today = datetime.date.today()
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    plan = PlanFactory(
        pair=pair,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=200),
    )
    return PlanActivityFactory(plan=plan, title="Тренинг", planned_month=today.replace(day=1))


def test_marking_done_from_my_page_returns_to_my_page(client, cast, due):
    client.force_login(cast.mentor_a)
    my = reverse("pairs:my")
    page = client.get(my).content.decode()
    link = reverse("pairs:activity_done", args=[due.pk]) + f"?next={my}%23due"
    assert f'href="{link}">Отметить выполненным</a>' in page
    form = client.get(link).content.decode()
    assert f'name="next" value="{my}#due"' in form
    response = client.post(link, {"note": "Провели", "next": f"{my}#due"})
    assert response.status_code == 302 and response["Location"] == f"{my}#due"
    assert "Отметить выполненным" not in client.get(my).content.decode()


def test_marking_done_from_the_plan_returns_to_the_row_and_never_leaves_the_site(client, cast, due):
    client.force_login(cast.curator_a)
    url = reverse("pairs:activity_done", args=[due.pk])
    response = client.post(url, {"note": "Провели", "next": "https://evil.example/"})
    plan = reverse("pairs:plan", args=[due.plan_id])
    assert response["Location"] == f"{plan}#activity-{due.pk}"


def test_the_lesson_visit_form_offers_the_pairs_mentor_and_mentee_first(client, cast):
    StaffMemberFactory(organisation=cast.school_a, last_name="Аабаева")
    mentee = StaffMemberFactory(organisation=cast.school_a, last_name="Яковлева")
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a, mentee=mentee)
    client.force_login(cast.curator_a)
    page = client.get(reverse("pairs:log_add", args=[pair.pk])).content.decode()
    visited = [o["value"] for o in options(page, "visited") if o["value"]]
    assert visited[:2] == [str(cast.teacher_a.pk), str(mentee.pk)]
    assert f"{cast.teacher_a.full_name} — наставник пары" in page
    assert f"{mentee.full_name} — наставляемый пары" in page


def test_the_pair_lists_names_open_the_pair(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    client.force_login(cast.curator_a)
    page = client.get(reverse("pairs:list", args=[cast.school_a.pk])).content.decode()
    assert (
        f'<a href="{reverse("pairs:detail", args=[pair.pk])}"><div>{cast.teacher_a.full_name}'
        in page
    )
