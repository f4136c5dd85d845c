"""The activity log over the API: a place's entries only, and the lesson visits of a school
year counted as the school overview counts them."""

import datetime

import pytest
from django.urls import reverse

from orgs.schoolyear import SchoolYear
from pairs.models import LogEntry
from tests.api.test_api import api_as
from tests.pairs.factories import LogEntryFactory, PairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(cast):
    return PairFactory(programme__organisation=cast.school_a, mentors=[cast.teacher_a])


def visit(pair, day, **fields):
    mentor = pair.members.get(role="mentor").staff
    mentee = pair.members.get(role="mentee").staff
    return LogEntryFactory(
        pair=pair,
        kind=LogEntry.Kind.LESSON_VISIT,
        happened_on=day,
        visitor=mentee,
        visited=mentor,
        topic="Урок наставника",
        **fields,
    )


def test_a_place_reads_its_log_and_an_outsider_nothing(cast, pair):
    entry = LogEntryFactory(pair=pair, topic="Разбор первого урока")
    for who in ("curator_a", "methodist_m1", "coordinator_r1", "mentor_a"):
        rows = api_as(getattr(cast, who)).get("/api/v1/log-entries/").json()["results"]
        assert [(r["id"], r["topic"]) for r in rows] == [(entry.pk, "Разбор первого урока")], who
    for who in ("curator_b", "methodist_m2", "coordinator_r2"):
        client = api_as(getattr(cast, who))
        assert client.get("/api/v1/log-entries/").json()["count"] == 0, who
        assert client.get(f"/api/v1/log-entries/{entry.pk}/").status_code == 404, who


def test_lesson_visits_of_the_school_year_equal_the_school_overview(cast, client, pair):
    today = datetime.date.today()
    year = SchoolYear.containing(today)
    visit(pair, year.starts_on)
    visit(pair, today)
    visit(pair, year.starts_on - datetime.timedelta(days=1))  # the year before
    LogEntryFactory(pair=pair, happened_on=today)  # a meeting, not a visit
    client.force_login(cast.curator_a)
    page = client.get(reverse("monitoring:school_overview", args=[cast.school_a.pk]))

    response = api_as(cast.curator_a).get(
        "/api/v1/log-entries/",
        {"kind": "lesson_visit", "school_year": year.start_year, "organisation": cast.school_a.pk},
    )

    assert response.status_code == 200, response.content
    assert response.json()["count"] == page.context["figures"].lesson_visits == 2


def test_the_log_refuses_what_it_cannot_read(cast, pair):
    client = api_as(cast.curator_a)
    assert "kind" in client.get("/api/v1/log-entries/", {"kind": "visit"}).json()
    assert client.get("/api/v1/log-entries/", {"notes": "1"}).status_code == 400
    since = {"updated_since": "2026-13-01T00:00:00Z"}
    assert client.get("/api/v1/log-entries/", since).status_code == 400
