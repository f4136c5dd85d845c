import pytest
from playwright.sync_api import expect

from monitoring.effectiveness.models import Form

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill_form(page):
    """Answer every verbal indicator with its last option and confirm computed values."""
    for select in page.locator("select[aria-label='ответ']").all():
        select.select_option(index=select.locator("option").count() - 1)
    for value in page.locator("input[aria-label='значение']").all():
        if not value.input_value():
            value.fill("50")


def test_a_form_goes_from_methodist_to_curator_and_back_until_accepted(
    page, cast, login, screenshot
):
    login("methodist_m1")
    page.get_by_role("link", name="Эффективность", exact=True).click()
    page.get_by_label("Год").fill("2026")
    page.get_by_role("button", name="Открыть мониторинг").click()
    expect(page.get_by_text("Мониторинг за 2026 год открыт.")).to_be_visible()
    expect(page.locator("tr[data-organisation='Онгудайская СОШ']")).to_be_visible()

    page.context.clear_cookies()
    login("curator_a")
    page.get_by_role("button", name="Ещё").click()
    page.get_by_role("link", name="Мониторинг").click()  # the only such link for a curator
    page.get_by_role("link", name="2026 год").click()  # the school's page lists its forms
    expect(page.get_by_text("Утверждённых программ наставничества: 0")).to_be_visible()
    _fill_form(page)
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Форма сохранена.")).to_be_visible()
    page.get_by_role("button", name="Сдать форму").click()
    assert page.locator("#form-status").inner_text() == "сдана"
    form_url = page.url

    page.context.clear_cookies()
    login("methodist_m1")
    page.goto(form_url)
    page.get_by_label("Что исправить").fill("Приложите итоги анкетирования")
    page.get_by_role("button", name="Вернуть на доработку").click()
    assert page.locator("#form-status").inner_text() == "возвращена на доработку"

    page.context.clear_cookies()
    login("curator_a")
    page.goto(form_url)
    expect(page.locator("#methodist-comment")).to_contain_text("Приложите итоги анкетирования")
    page.locator("input[aria-label='подтверждение']").first.fill("Итоги анкетирования, 2026")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_role("button", name="Сдать форму").click()
    screenshot("resubmitted")

    page.context.clear_cookies()
    login("methodist_m1")
    page.goto(form_url)
    page.get_by_role("button", name="Принять").click()
    assert page.locator("#form-status").inner_text() == "принята"
    page.get_by_role("link", name="Эффективность", exact=True).click()
    page.get_by_role("link", name="2026").click()
    screenshot("municipal-table")
    assert Form.objects.get(organisation=cast.school_a).status == Form.Status.ACCEPTED
