"""Outsiders from another organisation, municipality and region get nothing of an object of
school A behind any route with an id, by any method, and change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orgs.access import viewer_for
from orgs.models import Role
from tests.factories import member
from tests.isolation.objects import database_fingerprint
from tests.isolation.victims import VICTIMS

pytestmark = pytest.mark.django_db


def outsiders(cast) -> dict[str, object]:
    curator_a2 = member(Role.CURATOR, cast.school_a2, username="curator_a2")
    return {
        "другая организация того же муниципалитета": curator_a2,
        "другой муниципалитет того же региона": cast.methodist_m2,
        "другой регион (куратор)": cast.curator_b,
        "другой регион (координатор)": cast.coordinator_r2,
    }


def inside_scope(user, place) -> bool:
    scope = viewer_for(user).scope
    region = getattr(place, "region_id", place.pk)
    municipality = getattr(place, "municipality_id", None)
    if place.__class__.__name__ == "Municipality":
        municipality = place.pk
    organisation = place.pk if place.__class__.__name__ == "Organisation" else None
    return (
        (scope.regions is None or region in scope.regions)
        and (
            scope.municipalities is None
            or municipality in scope.municipalities
            or municipality is None
        )
        and (
            scope.organisations is None
            or organisation in scope.organisations
            or organisation is None
        )
    )


@pytest.mark.parametrize("route", sorted(VICTIMS))
def test_outsiders_get_nothing_for_an_object_of_another_tenant(client, cast, route):
    victim = VICTIMS[route]
    url = reverse(route, kwargs=victim.kwargs(cast))
    secret = victim.secret(cast)
    place = victim.place(cast)
    for label, user in outsiders(cast).items():
        client.force_login(user)
        before = database_fingerprint()
        # A shared parent (the municipality or region a school belongs to) is readable by
        # its members; they may still change nothing of it.
        shared_parent = inside_scope(user, place)
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(client, method)(url, data={}, content_type="application/json")
            if shared_parent:
                allowed = {200, 403, 405} if method == "get" else {403, 405}
            else:
                allowed = {404, 405}
                assert secret not in response.content.decode(), (label, method)
            assert response.status_code in allowed, (label, method, response.status_code)
        assert database_fingerprint() == before, (label, route)
