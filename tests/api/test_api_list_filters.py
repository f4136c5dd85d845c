"""Every list of the router can be synced (its rows say when they changed, and it answers
only those changed since a moment), filters by municipality and school year where its rows
have them, orders by a whitelist, refuses a bad value of each in Russian, and has an index
behind each filter: the filters come from the shared backend, so a new list is covered by
itself."""

import datetime

import pytest
from django.db import models

from mentorship.api.filtering import PortalFilterBackend, StrictOrdering
from mentorship.api.urls import router
from orgs.models import StaffMember
from tests.api.test_api import api_as
from tests.api.test_api_messages import assert_russian
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db

LISTS = [(prefix, viewset) for prefix, viewset, _ in router.registry if hasattr(viewset, "list")]
TENANT_KEYS = {"region", "municipality", "organisation"}


def list_view(viewset):
    view = viewset()
    view.action = "list"
    return view


def filters_of(viewset) -> dict:
    filterset = PortalFilterBackend().get_filterset_class(list_view(viewset), viewset.queryset)
    return dict(filterset.base_filters) if filterset else {}


def indexed(model, name: str) -> bool:
    """A column a scoped list can find by an index: its own, or one led by tenant keys."""
    field = model._meta.get_field(name)
    if field.primary_key or field.unique or (field.is_relation and field.db_index):
        return True
    for index in [*model._meta.indexes, *model._meta.constraints]:
        columns = list(getattr(index, "fields", ()) or ())
        if name in columns and set(columns[: columns.index(name)]) <= TENANT_KEYS:
            return True
    return False


@pytest.mark.parametrize(("prefix", "viewset"), LISTS)
def test_every_filter_and_ordering_of_a_list_has_an_index(prefix, viewset):
    model = viewset.queryset.model
    columns = {getattr(f, "start", f.field_name) for f in filters_of(viewset).values()}
    columns |= set(StrictOrdering().fields(list_view(viewset)))
    names = {field.name for field in model._meta.get_fields() if isinstance(field, models.Field)}
    missing = sorted(c for c in columns & names if not indexed(model, c))
    assert not missing, f"{prefix}: no index for {missing}"


@pytest.mark.parametrize(("prefix", "viewset"), LISTS)
def test_every_list_can_be_synced_since_a_moment(cast, prefix, viewset):
    """A regional system keeps its copy in step by ``updated_since`` (and the tombstones of
    ``deleted/``): a list without it could only be re-read whole."""
    assert "updated_since" in filters_of(viewset), f"{prefix}: no updated_since"
    client = api_as(cast.coordinator_r1)
    url = f"/api/v1/{prefix}/"
    future = client.get(url, {"updated_since": "2099-01-01T00:00:00+07:00"})
    assert future.status_code == 200 and future.json()["results"] == [], prefix
    malformed = client.get(url, {"updated_since": "вчера"})
    assert malformed.status_code == 400, prefix
    assert_russian(malformed, "updated_since")


@pytest.mark.parametrize(("prefix", "viewset"), LISTS)
def test_every_list_filters_by_municipality_and_school_year_where_its_rows_have_them(
    cast, prefix, viewset
):
    municipality = next(
        (f for f in viewset.queryset.model._meta.fields if f.name == "municipality"), None
    )
    found = filters_of(viewset)
    assert ("municipality" in found) == (municipality is not None)
    client = api_as(cast.coordinator_r1)
    url = f"/api/v1/{prefix}/"
    bad = {"municipality": "Онгудай", "school_year": "2025/2026", "ordering": "-пароль"}
    for name, value in bad.items():
        if name in found or name == "ordering":
            response = client.get(url, {name: value})
            assert response.status_code == 400, (name, response.content)
            assert_russian(response, name)
    assert client.get(url, {"ordering": "-id"}).status_code == 200
    if "school_year" in found:
        assert client.get(url, {"school_year": "2025"}).status_code == 200
        assert client.get(url, {"school_year": "1999"}).status_code == 400


def test_the_municipality_filter_gives_the_rows_of_that_municipality_only(cast):
    client = api_as(cast.coordinator_r1)

    def schools(query):
        rows = client.get("/api/v1/staff/", {**query, "page_size": 200}).json()["results"]
        return {row["organisation"] for row in rows}

    StaffMemberFactory(organisation=cast.school_c)
    everywhere = schools({})
    assert {cast.school_a.pk, cast.school_c.pk} <= everywhere
    assert schools({"municipality": cast.m1.pk}) == everywhere - {cast.school_c.pk}


def test_a_school_year_gives_the_pairs_and_staff_of_that_year(cast):
    client = api_as(cast.curator_a)
    day = datetime.date
    old = PairFactory(
        programme__organisation=cast.school_a, starts_on=day(2023, 9, 1), ended_on=day(2024, 5, 1)
    )
    running = PairFactory(programme__organisation=cast.school_a, starts_on=day(2024, 10, 1))

    def pairs(year):
        rows = client.get("/api/v1/pairs/", {"school_year": year}).json()["results"]
        return {r["id"] for r in rows} & {old.pk, running.pk}

    assert pairs("2023") == {old.pk}
    assert pairs("2024") == {running.pk}
    assert pairs("2025") == {running.pk}  # not ended: still running
    gone = StaffMemberFactory(
        organisation=cast.school_a, hired_on=day(2020, 9, 1), last_name="Ушедшая"
    )
    StaffMember.objects.filter(pk=gone.pk).update(
        employment_status=StaffMember.Status.LEFT, left_on=day(2023, 6, 30)
    )

    def staff(year):
        rows = client.get("/api/v1/staff/", {"school_year": year, "page_size": 200}).json()
        return {r["last_name"] for r in rows["results"]}

    assert "Ушедшая" in staff("2022") and "Ушедшая" not in staff("2023")


def test_a_list_orders_by_a_whitelisted_field_with_the_id_breaking_ties(cast):
    client = api_as(cast.curator_a)
    rows = client.get("/api/v1/staff/", {"ordering": "-updated_at"}).json()["results"]
    stamps = [r["updated_at"] for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    response = client.get("/api/v1/staff/", {"ordering": "birth_date"})
    assert response.status_code == 400
    assert "Сортировка: одно из" in response.content.decode()


def test_an_external_id_wrapped_in_spaces_or_control_characters_is_refused(cast):
    client = api_as(cast.coordinator_r1)
    for query in ({"kpp": "\r\x0b"}, {"inn": " 7707083893"}, {"ogrn": "1027700132195\n"}):
        response = client.get("/api/v1/organisations/", query)
        assert response.status_code == 400, query
        assert "неверный формат" in response.content.decode()
