"""Reads compiled once per scope (orgs.tenancy.compiled_rows, compiled_objects,
compiled_list): the SQL is kept, never the rows, and never across scopes; the objects are
those the queryset itself would give."""

import pytest
from django.db.models import F, Prefetch
from django.http import Http404
from django.urls import reverse
from django_scopes import ScopeError, scope

from monitoring.access import municipality_on_page
from orgs.access import viewer_for
from orgs.cached_pages import organisation_on_page
from orgs.models import Organisation, User
from orgs.schoolyear import SchoolYear
from orgs.tenancy import (
    compiled_list,
    compiled_objects,
    compiled_rows,
    scopes_disabled,
    tenant_scope,
)
from pairs.models import Pair, PairMember, Plan
from pairs.selectors import pairs_of_organisation
from tests.pairs.factories import PairFactory, PlanActivityFactory, PlanFactory, ProgrammeFactory

THIS_YEAR = SchoolYear.containing().start_year


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


def test_a_school_pages_key_and_row_stay_in_their_scope(cast):
    school = cast.school_a.pk
    for outsider in (cast.curator_b, cast.methodist_m2):  # another region, municipality
        with tenant_scope(viewer_for(outsider).scope), pytest.raises(Http404):
            organisation_on_page(school)
    with tenant_scope(viewer_for(cast.curator_a).scope):
        assert organisation_on_page(school).organisation.short_name == "Онгудайская СОШ"


def _school_pairs(pk: int):
    members = Prefetch("members", queryset=PairMember.objects.order_by("role", "pk"))
    return pairs_of_organisation(pk).prefetch_related(members).order_by("-starts_on", "-pk")


def _seen(pair: Pair) -> tuple:
    """What a page reads of a pair: its fields, its select_related programme, the figures
    annotated, and its prefetched members."""
    return (
        {f.attname: getattr(pair, f.attname) for f in Pair._meta.concrete_fields},
        pair.programme.title,
        (pair.plan_count, pair.overdue_count, pair.last_logged_on),
        [(m.role, m.staff_id) for m in pair.members.all()],
    )


def test_compiled_objects_are_what_the_queryset_gives_and_stay_in_their_scope(cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    for _ in range(3):
        PlanActivityFactory(plan=PlanFactory(pair=PairFactory(programme=programme)))
    with tenant_scope(viewer_for(cast.curator_a).scope):
        expected = [_seen(pair) for pair in _school_pairs(cast.school_a.pk)]
        assert len(expected) == 3 and all(seen[2][0] == 1 for seen in expected)
        assert [_seen(pair) for pair in compiled_objects(_school_pairs, cast.school_a.pk)] == (
            expected
        )
    with tenant_scope(viewer_for(cast.curator_b).scope):
        assert compiled_objects(_school_pairs, cast.school_a.pk) == []


def test_a_compiled_list_counts_and_pages_as_the_queryset(cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    PairFactory.create_batch(5, programme=programme)
    with tenant_scope(viewer_for(cast.curator_a).scope):
        pairs = compiled_list(_school_pairs, cast.school_a.pk)
        ids = [pair.pk for pair in _school_pairs(cast.school_a.pk)]
        assert pairs.count() == len(ids) == 5
        assert [pair.pk for pair in pairs[1:3]] == ids[1:3]
        assert [pair.pk for pair in pairs[4:10]] == ids[4:]
    with tenant_scope(viewer_for(cast.curator_b).scope):
        assert compiled_list(_school_pairs, cast.school_a.pk).count() == 0


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
        before = municipality_on_page(cast.m1.pk, school_year=THIS_YEAR)
    with scopes_disabled():
        Organisation.objects.filter(pk=cast.school_a2.pk).update(data_version=F("data_version") + 1)
    with tenant_scope(viewer_for(cast.methodist_m1).scope):
        after = municipality_on_page(cast.m1.pk, school_year=THIS_YEAR)
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
