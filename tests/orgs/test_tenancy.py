"""The scoping layer: each role sees exactly its part of the tree, and nothing is read
without a scope."""

import pytest
from django_scopes import ScopeError

from orgs.access import viewer_for
from orgs.models import Membership, Organisation, Role, StaffMember
from orgs.tenancy import tenant_scope
from tests.factories import member

pytestmark = pytest.mark.django_db


def visible(user, model=Organisation, field="short_name"):
    with tenant_scope(viewer_for(user).scope):
        return set(model.objects.values_list(field, flat=True))


def test_a_curator_sees_only_their_school(cast):
    assert visible(cast.curator_a) == {"Онгудайская СОШ"}
    assert visible(cast.curator_a, StaffMember, "last_name") == {"Тадыева"}


def test_a_director_and_a_psychologist_see_only_their_school(cast):
    assert visible(cast.director_a) == {"Онгудайская СОШ"}
    assert visible(cast.psychologist_a, StaffMember, "last_name") == {"Тадыева"}


def test_a_methodist_sees_every_school_of_their_municipality_and_no_other(cast):
    assert visible(cast.methodist_m1) == {"Онгудайская СОШ", "Еловская СОШ"}
    assert visible(cast.methodist_m1, StaffMember, "last_name") == {"Тадыева", "Ябыштаева"}
    assert visible(cast.methodist_m3) == {"Кедровская СОШ"}


def test_a_regional_coordinator_sees_the_whole_region_and_no_other(cast):
    assert visible(cast.coordinator_r1) == {"Онгудайская СОШ", "Еловская СОШ", "Гимназия № 3"}
    assert visible(cast.coordinator_r1, StaffMember, "last_name") == {
        "Тадыева",
        "Ябыштаева",
        "Манзырова",
    }
    assert visible(cast.coordinator_r2, StaffMember, "last_name") == {"Корнилова"}


def test_a_site_administrator_sees_everything(cast):
    assert len(visible(cast.admin)) == 4


def test_a_mentor_without_a_role_sees_no_tenant_rows(cast):
    assert visible(cast.mentor_a) == set()
    assert visible(cast.mentor_a, StaffMember, "last_name") == set()


def test_memberships_at_several_levels_give_exactly_their_union(cast):
    # Curator of school A (municipality M1) and methodist of M3 in another region.
    person = member(Role.CURATOR, cast.school_a, username="two_hats")
    Membership.objects.create(
        user=person, role=Role.METHODIST, municipality=cast.m3, region=cast.region2
    )
    assert visible(person) == {"Онгудайская СОШ", "Кедровская СОШ"}
    assert visible(person, StaffMember, "last_name") == {"Тадыева", "Корнилова"}


def test_a_deactivated_membership_grants_nothing(cast):
    Membership.objects.filter(user=cast.curator_a).update(is_active=False)
    assert visible(cast.curator_a) == set()


def test_a_query_outside_any_scope_fails_loudly(cast):
    from django_scopes import scope

    # A scope that forgets the organisation key.
    with scope(region=None, municipality=None), pytest.raises(ScopeError):
        list(StaffMember.objects.all())


def test_a_queryset_declared_outside_a_scope_is_scoped_when_used_in_one(cast):
    from django_scopes import scope

    from orgs.tenancy import ScopeGuarded

    with scope():  # no tenant dimension at all, like module import time
        declared = StaffMember.objects.filter(position="Учитель")  # e.g. a form field's choices
    assert isinstance(declared, ScopeGuarded)
    with tenant_scope(viewer_for(cast.curator_a).scope):
        assert {s.last_name for s in declared.all()} == {"Тадыева"}
        assert declared.count() == 1
        assert [s.last_name for s in declared] == ["Тадыева"]
    with tenant_scope(viewer_for(cast.methodist_m3).scope):
        assert {s.last_name for s in declared.all()} == {"Корнилова"}


def test_a_model_form_declared_at_import_offers_only_choices_in_scope(cast):
    from django import forms
    from django_scopes import scope

    from orgs.models import Organisation as Org

    with scope():  # a form class body runs at import time, outside any request

        class MoveForm(forms.Form):
            organisation = forms.ModelChoiceField(queryset=Org.objects.all())

    with tenant_scope(viewer_for(cast.curator_a).scope):
        form = MoveForm(data={"organisation": cast.school_b.pk})
        assert not form.is_valid()
        assert [o.short_name for o in form.fields["organisation"].queryset] == ["Онгудайская СОШ"]


def test_a_queryset_filtered_for_one_user_refuses_to_serve_another(cast):
    with tenant_scope(viewer_for(cast.curator_a).scope):
        cached = StaffMember.objects.all()  # e.g. built in one request and kept in a module
        assert [s.last_name for s in cached] == ["Тадыева"]
    with tenant_scope(viewer_for(cast.curator_b).scope), pytest.raises(ScopeError):
        list(cached.all())
    with tenant_scope(viewer_for(cast.curator_b).scope), pytest.raises(ScopeError):
        cached.filter(position="Учитель").count()
