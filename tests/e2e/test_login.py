import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_curator_logs_in_and_lands_on_the_school_workspace(page, cast, login, screenshot):
    login("curator_a")
    assert page.url.endswith(f"/orgs/organisations/{cast.school_a.pk}/")
    assert page.get_by_role("heading", name=cast.school_a.name).is_visible()
    assert page.get_by_text(cast.teacher_a.full_name).is_visible()
    screenshot("workspace")


def test_a_methodist_sees_the_municipality_and_opens_a_school(page, cast, login, screenshot):
    login("methodist_m1")
    assert page.get_by_role("heading", name="Онгудайский район").is_visible()
    page.get_by_role("link", name="Онгудайская СОШ").click()
    assert page.get_by_text(cast.teacher_a.full_name).is_visible()
    screenshot("drill-down")
