"""The municipality's table of its schools' road maps, and a school's copy of the municipal
map moved to the school's own first year."""

import datetime

import pytest
from django.urls import reverse

from monitoring.effectiveness import services
from monitoring.effectiveness.models import RoadMap, RoadMapItem, RoadMapYear
from monitoring.effectiveness.selectors import road_map_rows, school_road_maps

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipal_map(cast):
    return services.road_map_load_seed(municipality=cast.m1)


def test_a_copy_moves_every_year_and_deadline_to_the_schools_first_year(cast, municipal_map):
    shift = 2026 - municipal_map.first_year
    copy = services.road_map_copy_for_organisation(
        source=municipal_map,
        organisation=cast.school_a,
        acting_user=cast.curator_a,
        first_year=2026,
    )
    assert (copy.first_year, copy.last_year) == (2026, municipal_map.last_year + shift)
    source_years = sorted(
        RoadMapYear.objects.filter(item__section__road_map=municipal_map).values_list(
            "year", "target"
        )
    )
    copied_years = sorted(
        RoadMapYear.objects.filter(item__section__road_map=copy).values_list("year", "target")
    )
    assert copied_years == [(year + shift, target) for year, target in source_years]
    dated = RoadMapItem.objects.get(section__road_map=copy, number="2", section__position=1)
    assert dated.deadline == datetime.date(2020 + shift, 12, 1)
    assert str(2020 + shift) in dated.deadline_text
    # Nothing is overdue on the first day of the school's first year.
    rows = road_map_rows(copy, today=datetime.date(2026, 1, 1))
    assert not any(y["overdue"] for s in rows for i in s["items"] for y in i["years"])


def test_the_school_page_asks_for_the_first_year(client, cast, municipal_map):
    client.force_login(cast.curator_a)
    url = reverse("monitoring:effectiveness:organisation", args=[cast.school_a.pk])
    response = client.post(url, {"action": "road_map", "first_year": ""}, follow=True)
    assert "Укажите первый год дорожной карты школы" in response.content.decode()
    response = client.post(url, {"action": "road_map", "first_year": "2026"})
    road_map = RoadMap.objects.get(organisation=cast.school_a)
    assert road_map.first_year == 2026
    assert response.url == reverse("monitoring:effectiveness:road_map", args=[road_map.pk])


def test_the_methodist_sees_each_schools_progress_and_share_done(client, cast, municipal_map):
    copy = services.road_map_copy_for_organisation(
        source=municipal_map, organisation=cast.school_a, acting_user=None, first_year=2025
    )
    year_rows = list(
        RoadMapYear.objects.filter(item__section__road_map=copy, target__gt=0).order_by("pk")
    )
    services.road_map_year_mark_done(
        year_row=year_rows[0], evidence="Приказ № 12 от 01.09.2025", acting_user=cast.curator_a
    )
    [school] = school_road_maps(cast.m1, today=datetime.date(2026, 12, 6))
    assert school.organisation == cast.school_a
    assert school.done == 1 and school.total == len(year_rows)
    assert school.share_done == round(100 / len(year_rows))
    assert school.overdue > 0  # the 2025 items not done by now

    client.force_login(cast.methodist_m1)
    page = client.get(reverse("monitoring:effectiveness:school_road_maps", args=[cast.m1.pk]))
    html = page.content.decode()
    assert "Онгудайская СОШ" in html and "Приказ № 12 от 01.09.2025" in html
    assert 'data-cell="done"' in html and 'data-cell="overdue"' in html
    assert 'data-cell="not_started"' in html
    assert f"{school.share_done} %" in html
    # A school's curator reads their own map, not the municipality's table.
    client.force_login(cast.curator_a)
    url = reverse("monitoring:effectiveness:school_road_maps", args=[cast.m1.pk])
    assert client.get(url).status_code in (403, 404)
