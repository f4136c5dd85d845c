"""The private calendar feed as a subscriber's calendar app sees it: parsed with icalendar,
asked again with its validators (304 while nothing changed), and with event ids that stay
the same whatever address the feed is read at."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.effectiveness.models import Session
from orgs.models import StaffMember
from pairs import services
from tests.monitoring.effectiveness.test_series import enrol, series, session
from tests.pairs.factories import LogEntryFactory, PairFactory, PlanActivityFactory, PlanFactory

icalendar = pytest.importorskip("icalendar", reason="icalendar is a dev dependency")

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(cast):
    """A mentor's pair with a plan activity and a log entry, and the mentor's feed address."""
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    PlanActivityFactory(plan=PlanFactory(pair=pair), title="Самоанализ урока")
    LogEntryFactory(pair=pair, topic="Первая встреча")
    token = services.calendar_token_renew(user=cast.mentor_a)
    return pair, reverse("pairs:calendar", args=[token])


def events(response) -> dict[str, object]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_a_repeat_with_the_validators_is_answered_304_until_something_changes(client, feed):
    pair, url = feed
    first = client.get(url)
    assert first.status_code == 200
    assert set(events(first)) == {"Самоанализ урока (план)", "встреча: Первая встреча"}
    etag, modified = first["ETag"], first["Last-Modified"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    activity = PlanActivityFactory(plan=pair.plans.get(), title="Открытый урок")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Открытый урок (план)" in events(changed)

    # A removal changes the feed too, also for a client that only sends If-Modified-Since.
    etag, modified = changed["ETag"], changed["Last-Modified"]
    activity.delete()
    removed = client.get(url, HTTP_IF_MODIFIED_SINCE=modified)
    assert removed.status_code == 200 and removed["ETag"] != etag
    assert "Открытый урок (план)" not in events(removed)


def test_the_same_feed_reads_the_same(client, feed):
    _, url = feed
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    assert (first["ETag"], first["Last-Modified"]) == (second["ETag"], second["Last-Modified"])


def test_event_ids_carry_the_portal_host_not_the_requests(client, feed, settings):
    _, url = feed
    settings.PORTAL_HOST = "portal.example.ru"
    settings.ALLOWED_HOSTS = ["portal.example.ru", "10.0.0.5"]
    public = events(client.get(url, HTTP_HOST="portal.example.ru"))
    internal = events(client.get(url, HTTP_HOST="10.0.0.5"))
    uids = {str(e["UID"]) for e in public.values()}
    assert len(uids) == len(public) == 2
    assert all(uid.endswith("@portal.example.ru") for uid in uids)
    assert uids == {str(e["UID"]) for e in internal.values()}
    activity = public["Самоанализ урока (план)"]
    assert isinstance(activity["DTSTART"].dt, datetime.date)
    assert activity["DTSTAMP"].dt.tzinfo is not None


def test_a_session_of_a_former_schools_series_changes_the_feed(client, cast):
    """A teacher moved to another school still takes part in the old school's series: that
    school's changes still count."""
    event = series(cast.school_a, school=True)
    enrol(event, cast.teacher_a)
    held = session(event, topic="Самоанализ урока")
    StaffMember.objects.filter(pk=cast.teacher_a.pk).update(organisation=cast.school_a2)
    url = reverse("pairs:calendar", args=[services.calendar_token_renew(user=cast.mentor_a)])
    first = client.get(url)
    assert "Школа молодого педагога: Самоанализ урока" in events(first)
    Session.objects.filter(pk=held.pk).update(topic="Анализ контрольной работы")
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Школа молодого педагога: Анализ контрольной работы" in events(changed)


@pytest.mark.postgresql("the data versions are counted by PostgreSQL's triggers")
def test_a_304_reads_no_event(client, feed):
    _, url = feed
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "pairs_planactivity" not in read and "pairs_logentry" not in read
    # The settings row with its user, the pairs' places, the series' places, the counters.
    assert len(queries.captured_queries) == 4
