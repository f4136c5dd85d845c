"""A regional system keeps its copy in step: each row says when it changed, a list gives only
what changed since a moment, and a yes/no filter understands 1/0 and yes/no (and refuses
anything else in Russian instead of ignoring it)."""

import datetime

import pytest
from django.utils import timezone

from orgs.models import StaffMember
from tests.api.test_api import api_as
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db


def _names(response):
    return {row["last_name"] for row in response.json()["results"]}


def test_a_list_gives_only_the_rows_changed_since_a_moment(cast):
    client = api_as(cast.curator_a)
    old = StaffMemberFactory(organisation=cast.school_a, last_name="Старая")
    StaffMember.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    StaffMemberFactory(organisation=cast.school_a, last_name="Новая")
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = client.get("/api/v1/staff/", {"updated_since": since})
    assert response.status_code == 200
    assert "Новая" in _names(response) and "Старая" not in _names(response)
    row = next(r for r in response.json()["results"] if r["last_name"] == "Новая")
    assert row["updated_at"]
    pair = PairFactory(programme__organisation=cast.school_a)
    pairs = client.get("/api/v1/pairs/", {"updated_since": since}).json()["results"]
    assert [p["id"] for p in pairs] == [pair.pk]
    for bad in ("вчера", "0202-06-29T22:40:22+20:47", "0202-06-29T22:40:22+03:00"):
        assert client.get("/api/v1/pairs/", {"updated_since": bad}).status_code == 400, bad


@pytest.mark.parametrize(
    ("value", "young"), [("1", True), ("yes", True), ("true", True), ("0", False), ("no", False)]
)
def test_young_specialist_understands_one_zero_yes_and_no(cast, value, young):
    today = timezone.localdate()
    StaffMemberFactory(
        organisation=cast.school_a, last_name="Молодая", career_started_on=today, hired_on=today
    )
    names = _names(api_as(cast.curator_a).get("/api/v1/staff/", {"young_specialist": value}))
    assert ("Молодая" in names) is young
    assert ("Тадыева" in names) is not young


def test_a_young_specialist_value_it_does_not_know_is_refused_in_russian(cast):
    response = api_as(cast.curator_a).get("/api/v1/staff/", {"young_specialist": "может"})
    assert response.status_code == 400
    assert "Укажите 1 или 0" in response.content.decode()
