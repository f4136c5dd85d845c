"""Rows of a place above (a municipality's road map, a region's criteria) are read by every
place below it, in its own scope, and written by none of them."""

import pytest
from django_scopes import ScopeError

from monitoring.effectiveness.models import RoadMap
from orgs.access import viewer_for
from orgs.tenancy import tenant_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def road_maps(cast):
    def road_map(**place):
        return RoadMap.objects.create(title=str(place), first_year=2025, last_year=2027, **place)

    return {
        "m1": road_map(region=cast.region1, municipality=cast.m1),
        "m2": road_map(region=cast.region1, municipality=cast.m2),
        "region1": road_map(region=cast.region1),
        "school_a": road_map(region=cast.region1, municipality=cast.m1, organisation=cast.school_a),
        "school_a2": road_map(
            region=cast.region1, municipality=cast.m1, organisation=cast.school_a2
        ),
        "m3": road_map(region=cast.region2, municipality=cast.m3),
    }


@pytest.mark.parametrize(
    "who, readable",
    [
        ("curator_a", {"school_a", "m1", "region1"}),
        ("methodist_m1", {"school_a", "school_a2", "m1", "region1"}),
        ("coordinator_r1", {"school_a", "school_a2", "m1", "m2", "region1"}),
        ("curator_b", {"m3"}),
    ],
)
def test_a_place_reads_its_own_rows_and_those_of_the_places_above_it(
    cast, road_maps, who, readable
):
    with tenant_scope(viewer_for(getattr(cast, who)).scope):
        seen = set(RoadMap.objects.values_list("pk", flat=True))
        assert seen == {road_maps[name].pk for name in readable}
        assert RoadMap.objects.filter(pk=road_maps["m1"].pk).exists() == ("m1" in readable)


def test_the_places_below_never_write_the_rows_above_them(cast, road_maps):
    with tenant_scope(viewer_for(cast.curator_a).scope):
        assert RoadMap.objects.update(title="Переписано") == 1  # the school's own only
        assert RoadMap.objects.filter(municipality=cast.m1).delete()[0] == 1
    road_maps["m1"].refresh_from_db()
    road_maps["region1"].refresh_from_db()
    assert road_maps["m1"].title != "Переписано" and road_maps["region1"].title != "Переписано"
    assert not RoadMap.objects.filter(pk=road_maps["school_a"].pk).exists()
    with tenant_scope(viewer_for(cast.methodist_m1).scope):
        assert RoadMap.objects.filter(pk=road_maps["region1"].pk).update(title="x") == 0


def test_a_write_outside_any_scope_still_fails(cast, road_maps):
    from django_scopes import scope

    with scope(region=None, municipality=None), pytest.raises(ScopeError):
        RoadMap.objects.all().update(title="x")
