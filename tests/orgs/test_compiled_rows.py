"""Reads compiled once per scope (orgs.tenancy.compiled_rows): the SQL is kept, never the
rows, and never across scopes."""

import pytest
from django.db.models import F
from django.urls import reverse
from django_scopes import ScopeError, scope

from monitoring.access import municipality_on_page
from orgs.access import viewer_for
from orgs.cached_pages import organisation_on_page
from orgs.models import Organisation, User
from orgs.tenancy import compiled_rows, scopes_disabled, tenant_scope
from pairs.models import Plan
from tests.pairs.factories import PlanFactory


def _organisation_name(pk: int):
    return Organisation.objects.filter(pk=pk).order_by().values_list("short_name")


def rows_as(user, pk: int):
    with tenant_scope(viewer_for(user).scope):
        return compiled_rows(_organisation_name, pk)


def test_a_read_compiled_for_one_scope_finds_nothing_in_another(cast):
    school = cast.school_a.pk
    assert rows_as(cast.curator_a, school) == [("Онгудайская СОШ",)]
    assert rows_as(cast.curator_b, school) == []  # another region, same query, same id
    assert rows_as(cast.methodist_m2, school) == []  # another municipality of the region
    assert rows_as(cast.coordinator_r1, school) == [("Онгудайская СОШ",)]
    assert rows_as(cast.curator_a, school) == [("Онгудайская СОШ",)]


def test_the_rows_are_read_afresh_each_time(cast):
    assert rows_as(cast.curator_a, cast.school_a.pk) == [("Онгудайская СОШ",)]
    with scopes_disabled():
        Organisation.objects.filter(pk=cast.school_a.pk).update(short_name="СОШ № 1")
    assert rows_as(cast.curator_a, cast.school_a.pk) == [("СОШ № 1",)]


def test_a_scope_that_does_not_say_which_schools_refuses_to_read(cast):
    # (Test bodies run unscoped; a request's scope always names every dimension.)
    with scope(region=None, municipality=None), pytest.raises(ScopeError):
        compiled_rows(_organisation_name, cast.school_a.pk)


@pytest.mark.postgresql("page keys carry data versions, which PostgreSQL's triggers raise")
def test_a_page_key_moves_with_a_write_in_the_school(cast):
    with tenant_scope(viewer_for(cast.curator_a).scope):
        before = organisation_on_page(cast.school_a.pk)
    assert (before.municipality_id, before.region_id) == (cast.m1.pk, cast.m1.region_id)
    PlanFactory(pair__programme__organisation=cast.school_a)
    with tenant_scope(viewer_for(cast.curator_a).scope):
        after = organisation_on_page(cast.school_a.pk)
        assert after.versions != before.versions
        assert after.organisation.short_name == "Онгудайская СОШ"


@pytest.mark.postgresql("page keys carry data versions, which PostgreSQL's triggers raise")
def test_the_municipality_key_sums_its_schools_as_numbers(cast):
    with tenant_scope(viewer_for(cast.methodist_m1).scope):
        before = municipality_on_page(cast.m1.pk)
    with scopes_disabled():
        Organisation.objects.filter(pk=cast.school_a2.pk).update(data_version=F("data_version") + 1)
    with tenant_scope(viewer_for(cast.methodist_m1).scope):
        after = municipality_on_page(cast.m1.pk)
    schools_versions = after.versions[4]
    assert type(schools_versions) is int  # converted from PostgreSQL's numeric sum
    assert schools_versions == before.versions[4] + 1


def test_a_plan_of_another_region_stays_a_404_after_its_key_was_compiled(client, cast):
    plan = PlanFactory(pair__programme__organisation=cast.school_a)
    url = reverse("pairs:plan", args=[plan.pk])
    client.force_login(cast.curator_a)
    assert client.get(url).status_code == 200
    client.force_login(cast.curator_b)
    assert client.get(url).status_code == 404
    with scopes_disabled():
        assert Plan.objects.filter(pk=plan.pk).exists()


def test_a_deactivated_account_is_logged_out_on_its_next_request(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:staff_list", args=[cast.school_a.pk])
    assert client.get(url).status_code == 200
    User.objects.filter(pk=cast.curator_a.pk).update(is_active=False)  # no signal sent
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
