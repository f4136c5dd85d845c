"""A curator describes a practice and submits it, the methodist accepts it, and anyone sees
it on the municipality's public page without logging in."""

import pytest
from playwright.sync_api import expect

from documents.publication import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_practice_goes_from_the_school_to_the_public_bank(
    page, cast, login, live_server, screenshot
):
    services.page_save(place=cast.m1, acting_user=cast.methodist_m1, slug="ongudai", published=True)
    login("curator_a")
    page.goto(f"{live_server.url}/publication/organisation/{cast.school_a.pk}/")
    page.get_by_role("link", name="Описать практику").click()
    page.get_by_label("Название").fill("Педагогическая мастерская для молодых")
    page.get_by_label("Форма наставничества").select_option("teacher_teacher")
    page.get_by_label("Формат").select_option("group")
    page.get_by_label("Описание").fill("Раз в месяц молодые учителя показывают фрагмент урока.")
    page.get_by_role("button", name="Сохранить черновик").click()
    page.get_by_role("button", name="Отправить методисту").click()
    assert page.locator("#practice-status").inner_text() == "на рассмотрении"
    page.context.clear_cookies()
    login("methodist_m1")
    page.goto(f"{live_server.url}/publication/municipality/{cast.m1.pk}/")
    page.get_by_role("link", name="Педагогическая мастерская для молодых").click()
    page.get_by_role("button", name="Принять и опубликовать").click()
    assert page.locator("#practice-status").inner_text() == "опубликована"
    screenshot("accepted")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/nastavnichestvo/ongudai/")
    page.get_by_role("link", name="Педагогическая мастерская для молодых").click()
    description = page.get_by_text("Раз в месяц молодые учителя показывают фрагмент урока.")
    expect(description).to_be_visible()
    screenshot("public")
