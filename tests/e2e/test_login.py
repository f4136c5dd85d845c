import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_curator_logs_in_and_lands_on_the_school_workspace(page, cast, login, screenshot):
    login("curator_a")
    assert page.url.endswith(f"/orgs/organisations/{cast.school_a.pk}/")
    expect(page.get_by_role("heading", name=cast.school_a.name)).to_be_visible()
    expect(page.get_by_text(cast.teacher_a.full_name)).to_be_visible()
    screenshot("workspace")


def test_a_methodist_sees_the_municipality_and_opens_a_school(page, cast, login, screenshot):
    login("methodist_m1")
    expect(page.get_by_role("heading", name="Онгудайский район")).to_be_visible()
    page.locator("#overview").get_by_role("link", name="Онгудайская СОШ").click()
    # The school's figures and to-do list; its breadcrumb leads on to its workspace.
    expect(page.get_by_role("heading", name="Онгудайская СОШ").first).to_be_visible()
    page.locator(".breadcrumb").get_by_role("link", name="Онгудайская СОШ").click()
    expect(page.get_by_text(cast.teacher_a.full_name)).to_be_visible()
    screenshot("drill-down")
