"""Events over the API: listed to exactly those whose event page opens them, with the
participants that page shows the caller and the events page's count, and moved for a sync
whenever a participant is added or removed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.effectiveness.models import Event, Participation
from tests.api.test_api import PEOPLE, api_as
from tests.api.test_api_messages import assert_russian
from tests.factories import StaffMemberFactory
from tests.monitoring.effectiveness.factories import event, take_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(cast):
    municipal = event(cast.school_a, title="Муниципальный конкурс")
    take_part(municipal, [cast.teacher_a, cast.teacher_a2])
    return [
        municipal,
        event(
            cast.school_a,
            organisation=cast.school_a,
            level=Event.Level.SCHOOL,
            kind=Event.Kind.SEMINAR,
            title="Школьный семинар",
        ),
        event(cast.school_a2, organisation=cast.school_a2, title="Еловский"),
        event(cast.school_c, title="Горно-Алтайский"),
        event(cast.school_b, title="Кедровский"),
    ]


def _rows(client, **query) -> list[dict]:
    response = client.get("/api/v1/events/", {**query, "page_size": 200})
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("who", PEOPLE)
def test_an_event_is_listed_to_exactly_those_whose_page_opens_it(client, cast, events, who):
    user = getattr(cast, who)
    client.force_login(user)
    opened = {
        e.pk
        for e in events
        if client.get(reverse("monitoring:effectiveness:event", args=[e.pk])).status_code == 200
    }
    api = api_as(user)
    assert {row["id"] for row in _rows(api)} == opened, who
    for e in events:
        expected = 200 if e.pk in opened else 404
        assert api.get(f"/api/v1/events/{e.pk}/").status_code == expected, (who, e.title)


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("curator_a", ("monitoring:effectiveness:organisation_events", "school_a")),
        ("methodist_m1", ("monitoring:effectiveness:municipality_events", "m1")),
    ],
)
def test_participants_and_their_count_equal_the_pages(client, cast, events, who, page):
    municipal = events[0]
    user = getattr(cast, who)
    client.force_login(user)
    name, place = page
    listed = client.get(reverse(name, args=[getattr(cast, place).pk])).context["events"]
    people = {e.pk: e.people for e in listed}
    shown = client.get(reverse("monitoring:effectiveness:event", args=[municipal.pk]))
    on_page = {(p.pk, p.person_id, p.role, p.result) for p in shown.context["participations"]}

    row = api_as(user).get(f"/api/v1/events/{municipal.pk}/").json()

    assert row["people"] == people[municipal.pk] == 2
    in_api = {(p["id"], p["person"], p["role"], p["result"]) for p in row["participations"]}
    assert in_api == on_page
    # A school sees its own teachers in a municipal event; the municipality everyone's.
    expected = (
        {cast.teacher_a.pk} if who == "curator_a" else {cast.teacher_a.pk, cast.teacher_a2.pk}
    )
    assert {p["person"] for p in row["participations"]} == expected


def _age(row):
    Event.objects.filter(pk=row.pk).update(updated_at=timezone.now() - datetime.timedelta(days=2))


def test_adding_or_removing_a_participant_moves_the_event(client, cast, events):
    municipal = events[0]
    api = api_as(cast.curator_a)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    for e in events:
        _age(e)
    assert _rows(api, updated_since=since) == []
    newcomer = StaffMemberFactory(organisation=cast.school_a, last_name="Новикова")
    client.force_login(cast.curator_a)
    url = reverse("monitoring:effectiveness:event", args=[municipal.pk])
    client.post(url, {"action": "add", "person": newcomer.pk, "role": "speaker", "result": "prize"})
    [row] = _rows(api, updated_since=since)
    assert row["id"] == municipal.pk
    assert ("speaker", "prize") in {(p["role"], p["result"]) for p in row["participations"]}

    _age(municipal)
    added = Participation.objects.get(event=municipal, person=newcomer)
    delete = reverse("monitoring:effectiveness:participation_delete", args=[added.pk])
    client.post(delete)
    [row] = _rows(api, updated_since=since)
    assert newcomer.pk not in {p["person"] for p in row["participations"]}


def test_events_filter_by_kind_level_and_school_year_and_refuse_bad_values(cast, events):
    api = api_as(cast.curator_a)
    seminar = events[1]
    assert [r["id"] for r in _rows(api, kind="seminar")] == [seminar.pk]
    assert [r["id"] for r in _rows(api, level="school")] == [seminar.pk]
    assert len(_rows(api, school_year=2025)) == 2  # both start on 1 March 2026
    assert _rows(api, school_year=2026) == []
    for query in (
        {"kind": "пикник"},
        {"level": "городской"},
        {"school_year": "2025/26"},
        {"municipality": "Онгудай"},
        {"ordering": "title"},
    ):
        response = api.get("/api/v1/events/", query)
        assert response.status_code == 400, query
        assert_russian(response, query)
