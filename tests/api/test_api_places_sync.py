"""Regions, municipalities and organisations say when they last changed and their lists take
``updated_since``, like every list whose rows keep the moment: an organisation moves when its
requisites are edited or a head is recorded (the ``head_name`` it shows)."""

import datetime

import pytest
from django.utils import timezone

from orgs.models import Municipality, Organisation, Region
from orgs.services import head_record, requisites_update
from tests.api.test_api import api_as

pytestmark = pytest.mark.django_db

PLACES = {"regions": Region, "municipalities": Municipality, "organisations": Organisation}


def _age(model):
    model._base_manager.update(updated_at=timezone.now() - datetime.timedelta(days=3))


def _changed(client, prefix, since) -> set[int]:
    response = client.get(f"/api/v1/{prefix}/", {"updated_since": since.isoformat()})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("prefix", PLACES)
def test_a_place_list_gives_its_rows_changed_since_a_moment(cast, prefix):
    model = PLACES[prefix]
    _age(model)
    since = timezone.now() - datetime.timedelta(days=1)
    client = api_as(cast.coordinator_r1)
    assert _changed(client, prefix, since) == set()
    row = {"regions": cast.region1, "municipalities": cast.m1, "organisations": cast.school_a}
    changed = row[prefix]
    changed.name = f"{changed.name} (переименован)"
    changed.save()
    assert _changed(client, prefix, since) == {changed.pk}
    rows = client.get(f"/api/v1/{prefix}/").json()["results"]
    assert all(r["updated_at"] for r in rows)
    response = client.get(f"/api/v1/{prefix}/", {"updated_since": "2026-12-01"})
    assert response.status_code == 400
    assert "часовым поясом" in response.content.decode()


def test_an_organisation_moves_when_its_requisites_or_its_head_change(cast):
    _age(Organisation)
    since = timezone.now() - datetime.timedelta(days=1)
    client = api_as(cast.curator_a)
    requisites_update(organisation=cast.school_a, short_name="МБОУ «Онгудайская СОШ»")
    assert _changed(client, "organisations", since) == {cast.school_a.pk}

    _age(Organisation)
    head_record(
        organisation=cast.school_a,
        staff=cast.teacher_a,
        acting=True,
        starts_on=timezone.localdate(),
        ends_on=None,
    )
    rows = client.get("/api/v1/organisations/", {"updated_since": since.isoformat()}).json()
    assert [(r["id"], r["head_name"]) for r in rows["results"]] == [
        (cast.school_a.pk, cast.teacher_a.full_name)
    ]
