"""A methodist reviews the municipality: opens the overview, filters it, drills down to a
school, and downloads the table as XLSX with the numbers the page shows."""

import datetime
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from orgs.models import Organisation
from tests.factories import OrganisationFactory, StaffMemberFactory
from tests.pairs.factories import PairFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_methodist_filters_drills_down_and_downloads_the_overview(page, cast, login, screenshot):
    kindergarten = OrganisationFactory(
        municipality=cast.m1,
        short_name="Детский сад «Солнышко»",
        kind=Organisation.Kind.KINDERGARTEN,
    )
    StaffMemberFactory.create_batch(3, organisation=kindergarten)
    young = StaffMemberFactory(
        organisation=cast.school_a,
        career_started_on=datetime.date.today() - datetime.timedelta(days=400),
        hired_on=datetime.date.today() - datetime.timedelta(days=400),
    )
    PairFactory(programme__organisation=cast.school_a, mentee=young)
    login("methodist_m1")
    page.get_by_role("link", name="Муниципалитет", exact=True).click()
    expect(page.locator("#overview").get_by_text("Детский сад «Солнышко»")).to_be_visible()
    page.get_by_label("Вид организации").select_option("school")
    page.get_by_role("button", name="Показать").click()
    table = page.locator("#overview")
    table.get_by_text("Онгудайская СОШ").wait_for()
    assert table.get_by_text("Детский сад «Солнышко»").count() == 0
    assert page.locator("#charts svg").count() >= 2
    screenshot("filtered")
    with page.expect_download() as info:
        page.locator("#export-xlsx").click()
    book = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes()))
    sheet = book["Показатели"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Детский сад «Солнышко»" not in rows  # the export honours the filter
    school = rows["Онгудайская СОШ"]
    headers = [c.value for c in sheet[1]]
    assert school[headers.index("Молодых специалистов")] == 1
    assert school[headers.index("Из них с наставником")] == 1
    assert school[headers.index("Действующих пар")] == 1
    assert "Закрепляемость" in book.sheetnames
    table.get_by_role("link", name="Онгудайская СОШ").click()
    page.get_by_role("heading", name="Онгудайская СОШ").wait_for()
    screenshot("school")
