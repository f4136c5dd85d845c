"""Road maps over the API: read exactly where the road-map page opens them, each year's status
and the map's done / overdue / all counts as the pages show them, and a change to any
section, item or year moves the map's ``updated_at``."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.effectiveness import services
from monitoring.effectiveness.models import RoadMap, RoadMapItem, RoadMapSection, RoadMapYear
from monitoring.effectiveness.selectors import school_road_maps
from tests.api.test_api import PEOPLE, api_as
from tests.api.test_api_messages import assert_russian
from tests.monitoring.effectiveness.factories import road_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def maps(cast):
    return [
        road_map(cast.m1, title="Муниципальная"),
        road_map(cast.school_a, title="Онгудайской СОШ"),
        road_map(cast.school_a2, title="Еловской СОШ"),
        road_map(cast.school_b, title="Кедровской СОШ"),
    ]


def _ids(client, **query) -> set[int]:
    response = client.get("/api/v1/road-maps/", query)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("who", PEOPLE)
def test_a_road_map_is_listed_to_exactly_those_whose_page_opens_it(client, cast, maps, who):
    user = getattr(cast, who)
    client.force_login(user)
    opened = {
        m.pk
        for m in maps
        if client.get(reverse("monitoring:effectiveness:road_map", args=[m.pk])).status_code == 200
    }
    api = api_as(user)
    assert _ids(api) == opened, who
    for m in maps:
        expected = 200 if m.pk in opened else 404
        assert api.get(f"/api/v1/road-maps/{m.pk}/").status_code == expected, (who, m.title)


def test_statuses_and_counts_equal_the_pages(client, cast):
    source = services.road_map_load_seed(municipality=cast.m1)
    copy = services.road_map_copy_for_organisation(
        source=source, organisation=cast.school_a, acting_user=None, first_year=2025
    )
    first = RoadMapYear.objects.filter(item__section__road_map=copy, target__gt=0).first()
    services.road_map_year_mark_done(year_row=first, evidence="Приказ № 12", acting_user=None)
    client.force_login(cast.methodist_m1)
    page = client.get(reverse("monitoring:effectiveness:road_map", args=[copy.pk]))
    [school] = school_road_maps(cast.m1)

    row = api_as(cast.methodist_m1).get(f"/api/v1/road-maps/{copy.pk}/").json()

    assert row["figures"] == {
        "done": school.done,
        "overdue": school.overdue,
        "total": school.total,
        "share_done": school.share_done,
    }
    assert row["figures"]["done"] == 1 and row["figures"]["overdue"] > 0
    on_page = [
        (y["row"].pk, y["row"].status, y["overdue"])
        for s in page.context["sections"]
        for i in s["items"]
        for y in i["years"]
    ]
    in_api = [
        (y["id"], y["status"], y["overdue"])
        for s in row["sections"]
        for i in s["items"]
        for y in i["years"]
    ]
    assert in_api == on_page
    table = {
        y["row"].pk: y["cell"] for s in school.sections for i in s["items"] for y in i["years"]
    }
    assert {
        y["id"]: y["cell"] for s in row["sections"] for i in s["items"] for y in i["years"]
    } == (table)
    done = next(
        y for s in row["sections"] for i in s["items"] for y in i["years"] if y["id"] == first.pk
    )
    assert (done["status"], done["evidence"], done["cell"]) == ("done", "Приказ № 12", "done")


def _age(road_map_row):
    RoadMap.objects.filter(pk=road_map_row.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=2)
    )


def test_a_change_to_a_year_item_or_section_moves_the_road_maps_updated_at(client, cast):
    made = road_map(cast.school_a)
    year = RoadMapYear.objects.filter(item__section__road_map=made).first()
    api = api_as(cast.curator_a)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    _age(made)
    assert _ids(api, updated_since=since) == set()
    client.force_login(cast.curator_a)
    url = reverse("monitoring:effectiveness:road_map_year", args=[year.pk])
    client.post(url, {"action": "done", "evidence": "Протокол семинара"})
    assert RoadMapYear.objects.get(pk=year.pk).status == "done"
    assert _ids(api, updated_since=since) == {made.pk}

    _age(made)
    client.post(url, {"action": "reopen"})
    assert _ids(api, updated_since=since) == {made.pk}

    _age(made)
    item = RoadMapItem.objects.get(section__road_map=made)
    item.responsible = "Заместитель директора"
    item.save()
    assert _ids(api, updated_since=since) == {made.pk}

    _age(made)
    RoadMapSection.objects.filter(road_map=made).first().delete()
    assert _ids(api, updated_since=since) == {made.pk}
    assert api.get(f"/api/v1/road-maps/{made.pk}/").json()["sections"] == []


def test_road_maps_refuse_what_they_cannot_read(cast):
    api = api_as(cast.methodist_m1)
    for query in ({"organisation": "школа"}, {"updated_since": "вчера"}, {"title": "Карта"}):
        response = api.get("/api/v1/road-maps/", query)
        assert response.status_code == 400, query
        assert_russian(response, query)
