"""The region dashboard and the retention tables: the API gives the overview pages' values
for the same data, and a place outside the caller's sees nothing."""

import datetime

import pytest
from django.urls import reverse

from mentorship.api.dashboards import overview_values, retention_values
from monitoring.selectors import FIGURES
from monitoring.services import overview_summary_refresh
from orgs.models import StaffMember
from orgs.schoolyear import SchoolYear
from tests.api.test_api import api_as
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hires(cast):
    """Young specialists hired two and three years ago at school A, one with a mentor, one
    who left after a year; a young specialist without a mentor at Еловская СОШ."""
    today = datetime.date.today()

    def young(organisation, years_ago: int, **fields):
        hired = today.replace(year=today.year - years_ago) - datetime.timedelta(days=3)
        return StaffMemberFactory(
            organisation=organisation, hired_on=hired, career_started_on=hired, **fields
        )

    mentored = young(cast.school_a, 2)
    PairFactory(
        programme__organisation=cast.school_a,
        mentors=[cast.teacher_a],
        mentees=[mentored],
    )
    left = young(cast.school_a, 3)
    StaffMember.objects.filter(pk=left.pk).update(
        employment_status=StaffMember.Status.LEFT,
        left_on=left.hired_on + datetime.timedelta(days=400),
    )
    young(cast.school_a2, 2)


def _page_rows(context) -> dict:
    return {str(place): overview_values(figures) for place, figures in context["rows"]}


def test_the_region_dashboard_equals_the_region_page(cast, client, hires):
    # The region page reads the summaries: written now, as the beat would.
    school_year = SchoolYear.containing(datetime.date.today()).start_year
    overview_summary_refresh(region_id=cast.region1.pk, school_year=school_year)
    client.force_login(cast.coordinator_r1)
    context = client.get(reverse("monitoring:region_overview", args=[cast.region1.pk])).context

    response = api_as(cast.coordinator_r1).get(f"/api/v1/dashboards/region/{cast.region1.pk}/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert {row["name"]: {c: row[c] for c in FIGURES} for row in body["municipalities"]} == (
        _page_rows(context)
    )
    assert body["total_figures"] == overview_values(context["totals"])
    assert body["average_figures"] == context["averages"]
    assert body["retention"] == retention_values(context["cohorts"])
    assert body["total_figures"]["young_specialists"] >= 2
    assert body["retention"], "the hires make a retention table"


def test_the_municipality_dashboards_retention_equals_the_page(cast, client, hires):
    client.force_login(cast.methodist_m1)
    page = client.get(reverse("monitoring:municipality_overview", args=[cast.m1.pk]))

    body = api_as(cast.methodist_m1).get(f"/api/v1/dashboards/municipality/{cast.m1.pk}/").json()

    assert body["retention"] == retention_values(page.context["cohorts"])
    assert sum(row["with_mentor"]["hired"] for row in body["retention"]) == 1
    assert sum(row["without_mentor"]["hired"] for row in body["retention"]) == 2


def test_a_region_dashboard_is_only_its_coordinators(cast):
    url = f"/api/v1/dashboards/region/{cast.region1.pk}/"
    assert api_as(cast.coordinator_r2).get(url).status_code == 404
    assert api_as(cast.curator_b).get(url).status_code == 404
    assert api_as(cast.methodist_m1).get(url).status_code == 403  # sees it, is not its reader
    assert api_as(cast.coordinator_r1).get(url, {"year": "3000"}).status_code == 400
    assert api_as(cast.coordinator_r1).get(url, {"yaer": "2025"}).status_code == 400
