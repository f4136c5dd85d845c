"""API v1 for programmes, pairs, plans and activities: same rules and messages as the UI."""

import datetime

import pytest

from pairs.models import Pair, PlanActivity, Programme
from tests.api.test_api import api_as
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory, PlanActivityFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(cast):
    return ProgrammeFactory(organisation=cast.school_a)


@pytest.fixture
def young(cast):
    return StaffMemberFactory(
        organisation=cast.school_a, last_name="Молодая", career_started_on=datetime.date(2025, 9, 1)
    )


def test_a_curator_creates_a_pair_and_reads_it_back(cast, programme, young):
    client = api_as(cast.curator_a)
    response = client.post(
        "/api/v1/pairs/",
        {
            "programme": programme.pk,
            "mentors": [cast.teacher_a.pk],
            "mentees": [young.pk],
            "format": "traditional",
            "model_element": "adaptation",
            "mentor_type": "subject",
            "mentee_category": "young_specialist",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert [m["last_name"] for m in body["mentors"]] == [cast.teacher_a.last_name]
    assert [m["last_name"] for m in body["mentees"]] == ["Молодая"]
    listed = client.get("/api/v1/pairs/", {"programme": programme.pk}).json()
    assert listed["count"] == 1


def test_the_api_refuses_a_mentor_who_is_the_mentee_with_the_ui_message(cast, programme):
    client = api_as(cast.curator_a)
    response = client.post(
        "/api/v1/pairs/",
        {"programme": programme.pk, "mentors": [cast.teacher_a.pk], "mentees": [cast.teacher_a.pk]},
    )
    assert response.status_code == 400
    assert "наставляем" in str(response.json()).lower()
    assert not Pair.objects.exists()


def test_a_foreign_mentee_id_is_refused_and_nothing_is_saved(cast, programme):
    client = api_as(cast.curator_a)
    response = client.post(
        "/api/v1/pairs/",
        {"programme": programme.pk, "mentors": [cast.teacher_a.pk], "mentees": [cast.teacher_b.pk]},
    )
    assert response.status_code == 400
    assert "mentees" in response.json()
    assert not Pair.objects.exists()


def test_a_pair_of_another_school_is_404_for_read_and_status_change(cast):
    pair = PairFactory(programme__organisation=cast.school_b)
    client = api_as(cast.curator_a)
    assert client.get(f"/api/v1/pairs/{pair.pk}/").status_code == 404
    response = client.post(f"/api/v1/pairs/{pair.pk}/status/", {"to_status": "active"})
    assert response.status_code == 404
    assert Pair.objects.get(pk=pair.pk).status == pair.status


def test_a_methodist_reads_pairs_but_may_not_create_programmes(cast):
    client = api_as(cast.methodist_m1)
    response = client.post(
        "/api/v1/programmes/",
        {
            "organisation": cast.school_a.pk,
            "title": "Учитель – учитель",
            "form": "teacher_teacher",
            "starts_on": "2025-09-01",
            "ends_on": "2026-08-31",
        },
    )
    assert response.status_code == 403
    assert not Programme.objects.exists()


def test_an_activity_is_added_to_a_plan_and_marked_done(cast):
    activity = PlanActivityFactory(plan__pair__programme__organisation=cast.school_a)
    plan = activity.plan
    client = api_as(cast.curator_a)
    added = client.post(
        f"/api/v1/plans/{plan.pk}/activities/",
        {
            "direction": activity.direction,
            "title": "Посещение урока наставника",
            "form": activity.form,
            "due_on": "2025-10-15",
        },
    )
    assert added.status_code == 201, added.json()
    done = client.post(
        f"/api/v1/activities/{added.json()['id']}/done/",
        {"done_on": "2025-10-14", "note": "посетила урок математики"},
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    stored = PlanActivity.objects.get(pk=added.json()["id"])
    assert stored.done_on == datetime.date(2025, 10, 14)
    plan_body = client.get(f"/api/v1/plans/{plan.pk}/").json()
    assert {a["title"] for a in plan_body["activities"]} >= {"Посещение урока наставника"}


def test_an_outsider_cannot_mark_a_foreign_activity_done(cast):
    activity = PlanActivityFactory(plan__pair__programme__organisation=cast.school_a)
    response = api_as(cast.curator_b).post(f"/api/v1/activities/{activity.pk}/done/", {})
    assert response.status_code == 404
    assert PlanActivity.objects.get(pk=activity.pk).status == activity.status


def test_pair_and_plan_changes_are_audited_with_the_acting_curator(cast, programme, young):
    from auditlog.models import LogEntry

    client = api_as(cast.curator_a)
    pair_id = client.post(
        "/api/v1/pairs/",
        {
            "programme": programme.pk,
            "mentors": [cast.teacher_a.pk],
            "mentees": [young.pk],
            "consent_status": "given",
            "consent_on": "2025-08-25",
        },
    ).json()["id"]
    client.post(f"/api/v1/pairs/{pair_id}/status/", {"to_status": "active"})
    pair = Pair.objects.get(pk=pair_id)
    entries = LogEntry.objects.get_for_object(pair).order_by("timestamp")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert {e.actor for e in entries} == {cast.curator_a}
    assert entries.last().changes_dict["status"] == ["draft", "active"]
