"""The curator's and the mentor's daily work, in a real browser."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from pairs.models import LogEntry, Pair, PlanActivity, PlanTemplate, PlanTemplateActivity
from pairs.plan_templates import install
from tests.factories import StaffMemberFactory
from tests.pairs.factories import ProgrammeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_curator_builds_a_pair_and_plan_and_the_mentor_logs_a_visit(
    page, cast, login, live_server, screenshot
):
    install(PlanTemplate, PlanTemplateActivity)  # a flush by an earlier browser test drops them
    ProgrammeFactory(organisation=cast.school_a)
    mentee = StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Кергилова",
        position="Учитель начальных классов",
        career_started_on=datetime.date.today() - datetime.timedelta(days=400),
    )

    login("curator_a")
    page.get_by_role("link", name="Пары и группы").first.click()
    page.get_by_role("link", name="Новая пара").click()
    # htmx binds the type-ahead when its script has loaded: wait for it, then for the answer.
    page.wait_for_load_state("load")
    with page.expect_response(lambda r: "staff-search" in r.url) as search:
        page.get_by_label("Поиск наставника").fill("Тады")
    assert search.value.ok
    page.get_by_role("button", name=re.compile(cast.teacher_a.full_name)).click()
    with page.expect_response(lambda r: "staff-search" in r.url) as search:
        page.get_by_label("Поиск наставляемого").fill("Кергил")
    assert search.value.ok
    page.get_by_role("button", name=re.compile(mentee.full_name)).click()
    # The mentor's consent is in hand (art. 351.8 of the Labour Code): the pair starts at once.
    page.get_by_label("Статус").select_option("active")
    page.get_by_label("Письменное согласие наставника").select_option("given")
    page.get_by_label("Дата согласия").fill(datetime.date.today().isoformat())
    screenshot("pair-form")
    page.get_by_role("button", name="Создать пару").click()
    expect(page.get_by_text("Пара создана.")).to_be_visible()
    pair = Pair.objects.get()
    assert pair.members.count() == 2 and pair.status == "active"

    page.get_by_role("link", name="Составить план").click()
    page.get_by_label("Шаблон").select_option(
        label="Молодой учитель начальных классов: план на сентябрь – март"
    )
    page.get_by_role("button", name="Создать план").click()
    expect(page.get_by_text("План создан.")).to_be_visible()
    expect(page.locator(".progress-percent")).to_have_text("0%")
    screenshot("plan-from-template")

    page.get_by_role("link", name="Отметить выполненным: Знакомство с традициями школы").click()
    page.get_by_label("Что сделано").fill("Экскурсия по школе, рассказ о традициях")
    page.get_by_role("button", name="Отметить выполненным").click()
    expect(page.locator(".progress-percent")).to_have_text("5%")
    screenshot("progress")
    done = PlanActivity.objects.get(title="Знакомство с традициями школы")
    assert done.status == "done"

    page.context.clear_cookies()
    login("mentor_a")
    expect(page.get_by_role("heading", name="Моё наставничество")).to_be_visible()
    page.get_by_role("link", name=re.compile(mentee.full_name)).first.click()
    expect(page.get_by_text("Знакомство с документацией школы")).to_be_visible()
    page.goto(f"{live_server.url}/pairs/my/")
    page.get_by_role("link", name="Посещение урока").click()
    page.get_by_label("Тема").fill("Урок математики: сложение в пределах 20")
    page.get_by_label("У кого урок").select_option(label=f"{mentee.full_name} — наставляемый пары")
    page.get_by_label("Класс").fill("1 А")
    page.get_by_role("button", name="Записать").click()
    expect(page.get_by_text("Запись добавлена в журнал.")).to_be_visible()
    screenshot("mentor-logged-a-visit")
    visit = LogEntry.objects.get()
    assert visit.kind == "lesson_visit" and visit.visitor == cast.teacher_a
    assert visit.visited == mentee
