"""Diagnostics over the API: the campaigns a place sees, and a campaign's difficulty shares and
satisfaction averages equal to what its results and satisfaction pages show."""

import datetime

import pytest
from django.urls import reverse

from monitoring.diagnostics.models import Campaign
from tests.api.test_api import api_as
from tests.factories import StaffMemberFactory
from tests.monitoring.diagnostics.conftest import restore_catalogue
from tests.monitoring.diagnostics.factories import answer, launch
from tests.monitoring.diagnostics.test_results import CONFLICTS, EMOTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue(db):
    restore_catalogue()


@pytest.fixture
def answered(cast):
    """A school A campaign with four respondents, two of them young specialists."""
    today = datetime.date.today()
    young = StaffMemberFactory.create_batch(
        2, organisation=cast.school_a, career_started_on=today.replace(day=1)
    )
    senior = StaffMemberFactory.create_batch(2, organisation=cast.school_a)
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=young + senior)
    for number, invitation in enumerate(campaign.invitations.order_by("staff_member_id")):
        answer(invitation, {EMOTIONS: 2 if number % 2 else 4, CONFLICTS: 1 if number else 5})
    return campaign


def test_a_place_lists_its_own_campaigns_and_an_outsider_sees_none(cast, answered):
    for who in ("curator_a", "psychologist_a", "methodist_m1", "coordinator_r1"):
        body = api_as(getattr(cast, who)).get("/api/v1/diagnostic-campaigns/").json()
        assert [row["id"] for row in body["results"]] == [answered.pk], who
        assert body["results"][0]["instrument"] == "difficulties-card"
    for who in ("curator_b", "methodist_m2", "coordinator_r2", "mentor_a"):
        client = api_as(getattr(cast, who))
        assert client.get("/api/v1/diagnostic-campaigns/").json()["count"] == 0, who
        for tail in ("", "difficulties/", "satisfaction/"):
            url = f"/api/v1/diagnostic-campaigns/{answered.pk}/{tail}"
            assert client.get(url).status_code == 404, (who, tail)


def _page_shares(client, campaign, query: str = "") -> dict:
    url = reverse("monitoring:diagnostics:results", args=[campaign.pk]) + query
    table = client.get(url).context["table"]
    return {
        "respondents": table.respondents,
        "areas": [(s.key, s.count, s.percent) for s in table.areas],
        "indicators": [(s.key, s.count, s.percent) for s in table.indicators],
    }


def _api_shares(body) -> dict:
    return {
        "respondents": body["respondents"],
        "areas": [(r["area"], r["count"], r["percent"]) for r in body["areas"]],
        "indicators": [(r["question"], r["count"], r["percent"]) for r in body["indicators"]],
    }


@pytest.mark.parametrize(
    "query", ["", "?young=1", "?organisation={school}", "?organisation={school}&young=1"]
)
def test_difficulty_shares_equal_the_results_page(cast, client, answered, query):
    query = query.format(school=cast.school_a.pk)
    client.force_login(cast.methodist_m1)
    page = _page_shares(client, answered, query)
    url = f"/api/v1/diagnostic-campaigns/{answered.pk}/difficulties/{query}"
    response = api_as(cast.methodist_m1).get(url)
    assert response.status_code == 200, response.content
    assert _api_shares(response.json()) == page
    assert page["respondents"] == (2 if "young" in query else 4)
    assert any(count for _, count, _ in page["indicators"])


def test_the_shares_refuse_what_they_cannot_read(cast, answered):
    client = api_as(cast.curator_a)
    url = f"/api/v1/diagnostic-campaigns/{answered.pk}/difficulties/"
    assert "young" in client.get(url, {"young": "maybe"}).json()
    assert client.get(url, {"organisation": "abc"}).status_code == 400
    assert "youngg" in client.get(url, {"youngg": "1"}).json()
    # A school outside the caller's places is not found, as on the page.
    assert client.get(url, {"organisation": cast.school_b.pk}).status_code == 404
    assert client.get("/api/v1/diagnostic-campaigns/", {"purpose": "x"}).status_code == 400


def test_satisfaction_equals_the_satisfaction_page(cast, client):
    mentees = StaffMemberFactory.create_batch(2, organisation=cast.school_a)
    campaign = launch(
        user=cast.curator_a,
        organisation=cast.school_a,
        staff=mentees,
        code="satisfaction-mentee-mid",
    )
    for score, invitation in zip((3, 4), campaign.invitations.all(), strict=True):
        answer(invitation, default=score)
    client.force_login(cast.curator_a)
    context = client.get(reverse("monitoring:diagnostics:satisfaction", args=[campaign.pk])).context

    body = api_as(cast.curator_a).get(f"/api/v1/diagnostic-campaigns/{campaign.pk}/satisfaction/")

    def rows(averages):
        return [
            (
                a.label,
                *(None if v is None else float(v) for v in (a.mentors, a.mentees, a.everyone)),
                a.answers,
            )
            for a in averages
        ]

    def api_rows(rows, label):
        return [(r[label], r["mentors"], r["mentees"], r["everyone"], r["answers"]) for r in rows]

    assert api_rows(body.json()["questions"], "question") == rows(context["per_question"])
    assert api_rows(body.json()["organisations"], "organisation") == rows(context["per_org"])
    assert rows(context["per_org"])[0][3] == 3.5


def test_only_campaigns_changed_since_a_moment_are_listed(cast, answered):
    client = api_as(cast.curator_a)
    moment = answered.updated_at + datetime.timedelta(seconds=1)
    since = {"updated_since": moment.isoformat()}
    assert client.get("/api/v1/diagnostic-campaigns/", since).json()["count"] == 0
    Campaign.objects.filter(pk=answered.pk).update(updated_at=moment)
    assert client.get("/api/v1/diagnostic-campaigns/", since).json()["count"] == 1
