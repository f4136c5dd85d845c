"""A mentor's API token sees exactly what its owner sees in the browser: their own pairs
(also a network pair in another school), their plans and activities; nothing else; and may
change nothing, as in the browser."""

import pytest

from pairs.access import own_memberships
from pairs.models import PairMember
from tests.api.test_api import api_as
from tests.pairs.factories import PairFactory, PlanActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(cast):
    own = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    network = PairFactory(programme__organisation=cast.school_a2, mentor=cast.teacher_a)
    other = PairFactory(programme__organisation=cast.school_a)  # a colleague's pair
    return own, network, other


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_mentors_token_lists_the_pairs_the_mentor_sees_in_the_browser(client, cast, pairs):
    own, network, other = pairs
    api = api_as(cast.mentor_a)
    assert (
        ids(api.get("/api/v1/pairs/"))
        == {m.pair_id for m in own_memberships(cast.teacher_a.pk)}
        == {
            own.pk,
            network.pk,
        }
    )
    client.force_login(cast.mentor_a)
    for pair in (own, network):
        assert client.get(f"/pairs/{pair.pk}/").status_code == 200
        body = api.get(f"/api/v1/pairs/{pair.pk}/").json()
        assert [m["last_name"] for m in body["mentors"]] == [cast.teacher_a.last_name]
        assert len(body["mentees"]) == 1
    assert client.get(f"/pairs/{other.pk}/").status_code == 404
    assert api.get(f"/api/v1/pairs/{other.pk}/").status_code == 404


def test_a_mentors_token_reads_the_plans_and_activities_of_their_pairs_only(cast, pairs):
    own, network, other = pairs
    activity = PlanActivityFactory(plan=PlanFactory(pair=network))
    foreign = PlanActivityFactory(plan=PlanFactory(pair=other))
    api = api_as(cast.mentor_a)
    assert ids(api.get("/api/v1/plans/")) == {activity.plan_id}
    plan = api.get(f"/api/v1/plans/{activity.plan_id}/").json()
    assert [a["id"] for a in plan["activities"]] == [activity.pk]
    assert api.get(f"/api/v1/activities/{activity.pk}/").status_code == 200
    assert api.get(f"/api/v1/activities/{foreign.pk}/").status_code == 404
    assert api.get(f"/api/v1/plans/{foreign.plan_id}/").status_code == 404


def test_a_mentors_token_changes_nothing(cast, pairs):
    own, _, _ = pairs
    activity = PlanActivityFactory(plan=PlanFactory(pair=own))
    api = api_as(cast.mentor_a)
    response = api.post(f"/api/v1/pairs/{own.pk}/status/", {"status": "paused"}, format="json")
    assert response.status_code == 403
    assert api.delete(f"/api/v1/activities/{activity.pk}/").status_code == 403
    own.refresh_from_db()
    assert own.status == "active"
    assert PairMember.objects.filter(pair=own).count() == 2


def test_a_curator_who_also_mentors_elsewhere_sees_both(cast, pairs):
    own, network, other = pairs
    cast.curator_b.staff_member = cast.teacher_b
    cast.curator_b.save()
    elsewhere = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_b)
    school_b = PairFactory(programme__organisation=cast.school_b)
    assert ids(api_as(cast.curator_b).get("/api/v1/pairs/")) == {elsewhere.pk, school_b.pk}


def test_a_plans_activities_come_paginated_as_the_schema_says(cast, pairs):
    _, network, _ = pairs
    plan = PlanFactory(pair=network)
    first, second, third = (PlanActivityFactory(plan=plan) for _ in range(3))
    for who in (cast.mentor_a, cast.curator_a):  # the network mentor, the other school
        response = api_as(who).get(f"/api/v1/plans/{plan.pk}/activities/", {"page_size": 2})
        if who is cast.curator_a:
            assert response.status_code == 404  # the plan belongs to school A2
            continue
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert body["count"] == 3 and [a["id"] for a in body["results"]] == [first.pk, second.pk]
        assert "page=2" in body["next"]
