"""A regional system learns which rows were deleted: every list of the router has
``<list>/deleted/?since=``, answered from tombstones written whenever a row of the list's
model is deleted, seen by exactly those who saw the row. Generated over the router's lists
(with the row makers of the query-count test), so a new list is covered by itself."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from documents.services import document_create
from mentorship.api.changes import kept_since, prune
from mentorship.api.models import Tombstone
from mentorship.api.tasks import prune_tombstones
from mentorship.api.urls import router
from orgs.tenancy import scopes_disabled
from pairs.models import Pair, Plan
from tests.api.test_api import api_as
from tests.api.test_api_messages import CYRILLIC, assert_russian
from tests.api.test_api_query_counts import MAKERS
from tests.factories import RegionFactory
from tests.pairs.factories import (
    LogEntryFactory,
    PairFactory,
    PlanActivityFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [(prefix, viewset) for prefix, viewset, _ in router.registry if hasattr(viewset, "list")]
# Who sees a new row of each list, and who must not; regions: a new region is seen by the
# site's administrator only.
MAKERS = {**MAKERS, "regions": lambda cast: RegionFactory()}


def _row(cast, prefix, model):
    made = MAKERS[prefix](cast)
    return made if isinstance(made, model) else getattr(made, model._meta.model_name)


def _deleted(client, prefix, **query):
    response = client.get(f"/api/v1/{prefix}/deleted/", query)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(("prefix", "viewset"), LISTS)
def test_a_deleted_row_of_every_list_is_told_to_those_who_saw_it_and_no_one_else(
    cast, prefix, viewset
):
    model = viewset.queryset.model
    seer = cast.admin if prefix == "regions" else cast.coordinator_r1
    before = timezone.now() - datetime.timedelta(seconds=1)
    row = _row(cast, prefix, model)
    pk = row.pk
    with scopes_disabled():
        model._default_manager.filter(pk=pk).delete()
    client = api_as(seer)
    assert pk in _deleted(client, prefix, since=before.isoformat())
    assert pk not in _deleted(client, prefix, since=timezone.now().isoformat())
    assert pk not in _deleted(api_as(cast.coordinator_r2), prefix)
    assert pk not in _deleted(api_as(cast.curator_b), prefix)
    for query in ({"since": "вчера"}, {"updated_since": before.isoformat()}):
        response = client.get(f"/api/v1/{prefix}/deleted/", query)
        assert response.status_code == 400, query
        assert_russian(response, query)


def test_an_activity_changed_or_deleted_moves_its_plans_updated_at(cast):
    activity = PlanActivityFactory(plan__pair__programme__organisation=cast.school_a)
    old = timezone.now() - datetime.timedelta(days=2)
    Plan.objects.filter(pk=activity.plan_id).update(updated_at=old)
    client = api_as(cast.curator_a)
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    assert client.get("/api/v1/plans/", {"updated_since": since}).json()["count"] == 0
    response = client.delete(f"/api/v1/activities/{activity.pk}/")
    assert response.status_code == 204
    rows = client.get("/api/v1/plans/", {"updated_since": since}).json()["results"]
    assert [row["id"] for row in rows] == [activity.plan_id]


def test_a_municipalitys_own_document_is_not_told_to_a_school(cast):
    """A school does not see its municipality's own documents, nor their deletion."""
    document = document_create(
        issuer=cast.m1,
        kind="roadmap_order",
        date=datetime.date(2025, 9, 1),
        title="О дорожной карте",
        params={},
        acting_user=cast.methodist_m1,
    )
    pk = document.pk
    with scopes_disabled():
        document.delete()
        assert Tombstone.objects.filter(object_id=pk).exists()
    assert pk in _deleted(api_as(cast.methodist_m1), "documents")
    assert pk not in _deleted(api_as(cast.curator_a), "documents")


def _tombstone(cast, days_ago: float, pk: int) -> Tombstone:
    return Tombstone.objects.create(
        model="pairs.pair",
        object_id=pk,
        deleted_at=timezone.now() - datetime.timedelta(days=days_ago),
        region=cast.region1,
        municipality=cast.m1,
        organisation=cast.school_a,
    )


def test_tombstones_are_kept_the_configured_days_and_pruned_nightly(cast):
    assert settings.API_TOMBSTONE_DAYS == 90
    entry = settings.CELERY_BEAT_SCHEDULE["api-prune-tombstones"]
    assert entry["task"] == prune_tombstones.name == "mentorship.api.tasks.prune_tombstones"
    kept = _tombstone(cast, 89, 1)
    _tombstone(cast, 91, 2)
    with scopes_disabled():
        assert prune_tombstones() == 1
        assert list(Tombstone.objects.values_list("object_id", flat=True)) == [kept.object_id]
        assert prune() == 0  # idempotent


def test_a_since_before_the_kept_window_asks_for_a_full_resync(cast, settings):
    settings.API_TOMBSTONE_DAYS = 30
    _tombstone(cast, 10, 1)
    client = api_as(cast.curator_a)
    inside = (timezone.now() - datetime.timedelta(days=29)).isoformat()
    assert _deleted(client, "pairs", since=inside) == [1]
    assert _deleted(client, "pairs") == [1]  # without since: every kept tombstone
    before = (timezone.now() - datetime.timedelta(days=31)).isoformat()
    response = client.get("/api/v1/pairs/deleted/", {"since": before})
    assert response.status_code == 410
    body = response.json()
    assert CYRILLIC.search(body["detail"]) and "полную синхронизацию" in body["detail"]
    assert "updated_since" in body["detail"]
    told = datetime.datetime.fromisoformat(body["kept_since"])
    assert abs(told - kept_since()) < datetime.timedelta(minutes=1)
    # A malformed request is still a 400 first, whatever the window.
    assert client.get("/api/v1/pairs/deleted/", {"since": "вчера"}).status_code == 400
    for bad in ({"page": "0"}, {"page_size": "500"}, {"municipality": "x"}):
        response = client.get("/api/v1/pairs/deleted/", {"since": before, **bad})
        assert response.status_code == 400, bad


def test_the_schema_documents_the_resync_answer_of_every_deleted_list():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    deleted = {path: item for path, item in schema["paths"].items() if path.endswith("/deleted/")}
    assert len(deleted) == len(LISTS)
    for path, item in deleted.items():
        gone = item["get"]["responses"]["410"]
        assert "целиком" in gone["description"], path
        assert gone["content"]["application/json"]["schema"]["$ref"].endswith("/Gone"), path


def test_a_network_mentor_who_saw_a_pair_sees_it_and_its_plan_and_log_go(cast):
    """The mentor works at school A and mentors a pair of school A2: they read the pair,
    its plan and its log through their own membership, so they read their deletion; their
    own school's curator and another municipality's methodist, who never saw them, do not."""
    pair = PairFactory(programme__organisation=cast.school_a2, mentor=cast.teacher_a)
    plan = PlanFactory(pair=pair)
    entry = LogEntryFactory(pair=pair)
    rows = {"pairs": pair.pk, "plans": plan.pk, "log-entries": entry.pk}
    mentor = api_as(cast.mentor_a)
    for prefix, pk in rows.items():
        listed = mentor.get(f"/api/v1/{prefix}/").json()["results"]
        assert pk in [row["id"] for row in listed], prefix
    with scopes_disabled():
        Pair.objects.filter(pk=pair.pk).delete()  # a queryset, cascading to plan and log
    for prefix, pk in rows.items():
        assert _deleted(mentor, prefix) == [pk], prefix
        assert pk in _deleted(api_as(cast.methodist_m1), prefix), prefix
        assert pk not in _deleted(api_as(cast.curator_a), prefix), prefix
        assert pk not in _deleted(api_as(cast.methodist_m2), prefix), prefix


def test_a_curator_who_mentors_elsewhere_sees_both_schools_deletions(cast):
    cast.curator_b.staff_member = cast.teacher_b
    cast.curator_b.save()
    elsewhere = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_b)
    at_home = PairFactory(programme__organisation=cast.school_b)
    colleague = PairFactory(programme__organisation=cast.school_a)  # not theirs
    gone = [elsewhere.pk, at_home.pk, colleague.pk]
    with scopes_disabled():
        for pair in Pair.objects.filter(pk__in=gone):
            pair.delete()
    assert sorted(_deleted(api_as(cast.curator_b), "pairs")) == sorted(gone[:2])
