"""Art. 351.8 of the Labour Code in a real browser: no mentoring without the mentor's
written consent, and the curator's way to it from the pair's page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from documents.models import Document, Kind
from pairs.models import Pair
from pairs.services import CONSENT_REQUIRED
from tests.factories import StaffMemberFactory
from tests.pairs.factories import ProgrammeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_pair_starts_work_once_the_mentors_consent_is_recorded(page, cast, login, screenshot):
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
    page.wait_for_load_state("load")
    with page.expect_response(lambda r: "staff-search" in r.url) as search:
        page.get_by_label("Поиск наставника").fill("Тады")
    assert search.value.ok
    page.get_by_role("button", name=re.compile(cast.teacher_a.full_name)).click()
    with page.expect_response(lambda r: "staff-search" in r.url) as search:
        page.get_by_label("Поиск наставляемого").fill("Кергил")
    assert search.value.ok
    page.get_by_role("button", name=re.compile(mentee.full_name)).click()

    # Created as working without consent: refused, with the reason.
    page.get_by_label("Статус").select_option("active")
    page.get_by_role("button", name="Создать пару").click()
    expect(page.get_by_text(CONSENT_REQUIRED)).to_be_visible()
    assert not Pair.objects.exists()
    screenshot("refused-in-the-form")

    page.get_by_label("Статус").select_option("draft")
    page.get_by_role("button", name="Создать пару").click()
    expect(page.get_by_text("Пара создана.")).to_be_visible()

    # Starting it from its page is refused too, and the page says why.
    page.get_by_label("Действие").select_option("active")
    page.get_by_role("button", name="Изменить статус").click()
    expect(page.get_by_role("alert").filter(has_text=CONSENT_REQUIRED)).to_be_visible()
    assert Pair.objects.get().status == Pair.Status.DRAFT

    page.get_by_role("button", name="Запросить согласие").click()
    expect(page.get_by_role("alert").filter(has_text="Согласие запрошено")).to_be_visible()
    pair = Pair.objects.get()
    assert pair.consent_status == Pair.Consent.REQUESTED
    assert Document.objects.get(kind=Kind.CONSENT).params == {"pairs": [pair.pk]}
    screenshot("consent-requested")

    page.get_by_label("Дата письменного согласия").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Отметить согласие полученным").click()
    expect(page.get_by_text("Согласие наставника отмечено.")).to_be_visible()

    page.get_by_label("Действие").select_option("active")
    page.get_by_role("button", name="Изменить статус").click()
    expect(page.locator("[data-status=active]")).to_be_visible()
    expect(page.locator("[data-agreement-prompt]")).to_be_visible()
    screenshot("active-with-agreement-prompt")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE and pair.has_consent
