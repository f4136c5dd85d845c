"""A mentee answers the difficulties card; the curator sees the profile and adds two
suggested activities to the mentee's plan."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pairs.models import PlanActivity
from tests.factories import StaffMemberFactory, UserFactory
from tests.monitoring.diagnostics.conftest import restore_catalogue
from tests.monitoring.diagnostics.factories import launch
from tests.pairs.factories import PairFactory, PlanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


@pytest.fixture
def catalogue(db):
    restore_catalogue()


def test_a_mentee_answers_and_the_curator_builds_the_plan_from_it(
    page, cast, catalogue, login, screenshot, live_server
):
    mentee = StaffMemberFactory(
        organisation=cast.school_a, last_name="Кыпчакова", career_started_on=TODAY
    )
    UserFactory(username="mentee_a", staff_member=mentee)
    pair = PairFactory(
        programme__organisation=cast.school_a,
        mentor=cast.teacher_a,
        mentee=mentee,
        planned_end_on=TODAY + datetime.timedelta(days=250),
    )
    plan = PlanFactory(pair=pair, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=250))
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[mentee])
    difficult = {
        "Управление своей эмоциональной сферой": "1",
        "Решение конфликтных ситуаций в классе с обучающимися": "2",
    }

    login("mentee_a")
    page.get_by_role("link", name="Анкеты").click()
    page.get_by_role("link", name="Заполнить").click()
    for section in campaign.version.sections.order_by("position"):
        for q in section.questions.all():
            page.locator(f"input[name=q{q.pk}][value='{difficult.get(q.text, '4')}']").check()
        page.get_by_role("button", name="Сохранить и далее").or_(
            page.get_by_role("button", name="Отправить ответы")
        ).click()
    expect(page.get_by_text("Спасибо! Ответы сохранены.")).to_be_visible()
    screenshot("answered")

    page.context.clear_cookies()
    login("curator_a")
    page.goto(f"{live_server.url}/monitoring/organisations/{cast.school_a.pk}/diagnostics/")
    page.get_by_role("link", name=mentee.full_name).click()
    expect(page.get_by_text("затруднение").first).to_be_visible()
    page.get_by_role("link", name="по результатам диагностики").click()
    page.get_by_role("button", name="Добавить в план: Тренинг эмоциональной саморегуляции").click()
    page.get_by_role("button", name="Добавить в план: Тренинг разрешения конфликтных").click()
    screenshot("plan")

    added = PlanActivity.objects.filter(plan=plan).order_by("position")
    assert [a.deficit_area.code for a in added] == ["self_regulation", "conflicts"]
    assert (
        page.locator("[data-table=addressed]")
        .get_by_text("Тренинг разрешения конфликтных ситуаций на уроке")
        .is_visible()
    )
