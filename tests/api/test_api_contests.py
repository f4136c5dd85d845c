"""Contests over the API: listed where the contest's page opens them, the applications that
page shows the caller, and the jury's scores private until the results are published —
then the places, results and scores equal the page's ranking."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.contest import services
from documents.contest.models import Application
from monitoring.effectiveness.models import Event
from tests.api.test_api import PEOPLE, api_as
from tests.api.test_api_messages import assert_russian
from tests.documents.contest.factories import apply, contest_of
from tests.documents.contest.test_contest import _by_criterion, judged  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def contests(cast):
    ours = contest_of(cast)
    apply(ours, cast.teacher_a, cast.curator_a)
    apply(ours, cast.teacher_a2, cast.curator_a)
    theirs = services.contest_create(
        municipality=cast.m3,
        title="Конкурс Кедрового",
        year=2026,
        starts_on=datetime.date(2026, 3, 1),
        acting_user=cast.methodist_m3,
    )
    return [ours, theirs]


def _rows(client, prefix, **query) -> list[dict]:
    response = client.get(f"/api/v1/{prefix}/", {**query, "page_size": 200})
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("who", PEOPLE)
def test_contests_and_applications_are_listed_as_the_contest_page_shows_them(
    client, cast, contests, who
):
    user = getattr(cast, who)
    client.force_login(user)
    opened, applications = set(), set()
    for contest in contests:
        page = client.get(reverse("contest:detail", args=[contest.pk]))
        if page.status_code == 200:
            opened.add(contest.pk)
            applications |= {a.pk for a in page.context["applications"]}
    api = api_as(user)
    assert {row["id"] for row in _rows(api, "contests")} == opened, who
    assert {row["id"] for row in _rows(api, "contest-applications")} == applications, who
    for contest in contests:
        expected = 200 if contest.pk in opened else 404
        assert api.get(f"/api/v1/contests/{contest.pk}/").status_code == expected, who


def test_a_contest_gives_its_nominations_stages_and_the_pages_count(client, cast, contests):
    ours = contests[0]
    client.force_login(cast.curator_a)
    listed = client.get(reverse("contest:municipality", args=[cast.m1.pk])).context["contests"]
    row = api_as(cast.curator_a).get(f"/api/v1/contests/{ours.pk}/").json()
    assert row["applications"] == {c.pk: c.applications_count for c in listed}[ours.pk] == 2
    assert row["title"] == "Муниципальный конкурс «Наставник года»"
    assert [n["title"] for n in row["nominations"]] == ["Наставник молодого педагога"]
    assert [(s["level"], s["status"]) for s in row["stages"]] == [
        ("municipal", "open"),
        ("regional", "open"),
    ]


def test_scores_stay_private_until_the_results_are_published(client, cast, judged):  # noqa: F811
    contest, juror_1, mine, theirs = judged
    services.scores_save(assignment=mine, points=_by_criterion(contest, 9, 5), acting_user=juror_1)
    services.scores_save(
        assignment=theirs, points=_by_criterion(contest, 6, 3), acting_user=juror_1
    )
    school, methodist = api_as(cast.curator_a), api_as(cast.methodist_m1)
    region = api_as(cast.coordinator_r1)  # reads every application, runs nothing

    def by_person(client):
        rows = _rows(client, "contest-applications", contest=contest.pk)
        return {r["person"]: (r["score"], r["place"], r["result"]) for r in rows}

    assert by_person(school) == {cast.teacher_a.pk: (None, None, None)}
    assert by_person(region) == {
        cast.teacher_a.pk: (None, None, None),
        cast.teacher_a2.pk: (None, None, None),
    }
    # The methodist reads the scores of the municipal stage's ranking, as on the page.
    assert by_person(methodist) == {
        cast.teacher_a.pk: (14.0, None, None),
        cast.teacher_a2.pk: (9.0, None, None),
    }

    municipal = contest.stages.get(level=Event.Level.MUNICIPAL)
    client.force_login(cast.methodist_m1)
    client.post(reverse("contest:stage_close", args=[municipal.pk]))
    since = timezone.now().isoformat()
    client.post(reverse("contest:publish", args=[contest.pk]))
    page = client.get(reverse("contest:detail", args=[contest.pk]))
    ranked = {
        r.application.person_id: (float(r.score), r.place, r.application.result)
        for rows in page.context["results"].values()
        for r in rows
    }
    assert by_person(region) == ranked
    assert ranked == {cast.teacher_a.pk: (14.0, 1, "winner"), cast.teacher_a2.pk: (9.0, 2, "prize")}
    assert by_person(school) == {cast.teacher_a.pk: ranked[cast.teacher_a.pk]}
    # Publishing moves the contest, its applications and its event for a sync.
    changed = {
        prefix: {r["id"] for r in _rows(region, prefix, updated_since=since)}
        for prefix in ("contests", "contest-applications", "events")
    }
    assert changed == {
        "contests": {contest.pk},
        "contest-applications": {a.pk for a in Application.objects.filter(contest=contest)},
        "events": {contest.event_id},
    }


def test_contest_lists_refuse_what_they_cannot_read(cast, contests):
    api = api_as(cast.methodist_m1)
    for prefix, query in (
        ("contest-applications", {"contest": "первый"}),
        ("contest-applications", {"person": "1"}),
        ("contests", {"updated_since": "вчера"}),
        ("contests", {"ordering": "title"}),
    ):
        response = api.get(f"/api/v1/{prefix}/", query)
        assert response.status_code == 400, (prefix, query)
        assert_russian(response, query)
