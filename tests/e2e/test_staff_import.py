import openpyxl
import pytest
from playwright.sync_api import expect

from orgs.importing import TEMPLATE_HEADER
from orgs.models import StaffMember

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_curator_imports_a_staff_list_and_finds_a_teacher(
    page, cast, login, screenshot, live_server, celery_eager, tmp_path
):
    book = openpyxl.Workbook()
    book.active.append(TEMPLATE_HEADER)
    book.active.append(
        [
            "Кыдыева Чейнеш Аркадьевна",
            "Учитель",
            "Математика",
            "02.03.1999",
            "01.09.2024",
            "1",
            "без категории",
            "kydyeva@school.ru",
        ]
    )
    path = tmp_path / "pedagogi.xlsx"
    book.save(path)

    login("curator_a")
    page.get_by_role("button", name="Ещё").click()
    page.get_by_role("link", name="Импорт педагогов").click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Проверить файл").click()
    page.get_by_text("Будут добавлены").first.wait_for()
    screenshot("preview")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Сохранено: добавлено 1").wait_for()
    assert StaffMember.objects.filter(email="kydyeva@school.ru").exists()

    page.get_by_role("link", name="К списку педагогов").click()
    page.get_by_label("Поиск по ФИО").fill("Кыдыева")
    page.get_by_role("button", name="Показать").click()
    page.get_by_role("link", name="Кыдыева Чейнеш Аркадьевна").click()
    expect(page.get_by_text("молодой специалист").first).to_be_visible()
    screenshot("card")
