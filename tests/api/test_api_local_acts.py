"""Local acts over the API: read where the pages show them, the pack as the school's page
shows it, and the file only through the page's own download (the same people open it)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from monitoring.effectiveness import services
from tests.api.test_api import PEOPLE, api_as
from tests.api.test_api_messages import assert_russian

pytestmark = pytest.mark.django_db


def record(organisation, position: int, number: str, file=None):
    return services.local_act_save(
        organisation=organisation,
        position=position,
        number=number,
        date=datetime.date(2025, 9, 1),
        file=file,
        acting_user=None,
    )


@pytest.fixture
def acts(cast):
    return [
        record(cast.school_a, 1, "45-од", ContentFile(b"%PDF-1.4 act", name="prikaz.pdf")),
        record(cast.school_a, 2, "46-од"),
        record(cast.school_a2, 1, "12"),
        record(cast.school_b, 1, "7"),
    ]


def _rows(client, **query) -> list[dict]:
    response = client.get("/api/v1/local-acts/", {**query, "page_size": 200})
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("who", PEOPLE)
def test_an_act_is_listed_to_exactly_those_whose_page_shows_it(client, cast, acts, who):
    user = getattr(cast, who)
    client.force_login(user)
    shown = set()
    for act in acts:
        page = client.get(
            reverse("monitoring:effectiveness:organisation", args=[act.organisation_id])
        )
        if page.status_code == 200:
            shown |= {row["act"].pk for row in page.context["acts"] if row["act"]}
    api = api_as(user)
    assert {row["id"] for row in _rows(api)} == shown, who
    for act in acts:
        expected = 200 if act.pk in shown else 404
        assert api.get(f"/api/v1/local-acts/{act.pk}/").status_code == expected, who


def test_the_pack_equals_the_schools_page_and_the_file_opens_to_the_same_people(client, cast, acts):
    client.force_login(cast.curator_a)
    page = client.get(reverse("monitoring:effectiveness:organisation", args=[cast.school_a.pk]))
    on_page = {
        (row["kind"].name, row["act"].number, row["act"].date.isoformat(), row["act"].generated)
        for row in page.context["acts"]
        if row["act"]
    }
    api = api_as(cast.curator_a)
    rows = _rows(api, organisation=cast.school_a.pk)
    assert {(r["kind_name"], r["number"], r["date"], r["generated"]) for r in rows} == on_page
    with_file = next(r for r in rows if r["number"] == "45-од")
    assert next(r for r in rows if r["number"] == "46-од")["file"] is None
    download = api.get(with_file["file"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 act"
    assert api_as(cast.curator_b).get(with_file["file"]).status_code == 404
    assert api_as(cast.methodist_m1).get(with_file["file"]).status_code == 200


def test_local_acts_filter_by_kind_and_municipality_and_refuse_bad_values(cast, acts):
    api = api_as(cast.coordinator_r1)
    first_kind = acts[0].kind_id
    assert {r["id"] for r in _rows(api, kind=first_kind)} == {acts[0].pk, acts[2].pk}
    assert {r["id"] for r in _rows(api, municipality=cast.m1.pk)} == {a.pk for a in acts[:3]}
    for query in ({"kind": "приказ"}, {"organisation": "-1"}, {"updated_since": "2026"}):
        response = api.get("/api/v1/local-acts/", query)
        assert response.status_code == 400, query
        assert_russian(response, query)
