"""Giving and taking away roles on the portal's role page (and in its one service): only roles
strictly below one's own, only within one's own part of the tree, only to accounts of that
part. Generated over every granter of the fixed cast × every role × every place: exactly the
allowed cells succeed, every other one changes nothing."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from orgs.models import Membership, Municipality, Organisation, Region, Role
from orgs.services import membership_grant, membership_revoke

from ..factories import StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

# Written out here rather than read from the code, so that the test can disagree with it.
SENIORITY = {
    Role.REGION_COORDINATOR: 4,
    Role.METHODIST: 3,
    Role.DIRECTOR: 2,
    Role.CURATOR: 1,
    Role.PSYCHOLOGIST: 1,
}
LEVEL = {
    Role.REGION_COORDINATOR: "region",
    Role.METHODIST: "municipality",
    Role.DIRECTOR: "organisation",
    Role.CURATOR: "organisation",
    Role.PSYCHOLOGIST: "organisation",
}
PLACES = {
    "region1": "region",
    "region2": "region",
    "m1": "municipality",
    "m2": "municipality",
    "m3": "municipality",
    "school_a": "organisation",
    "school_a2": "organisation",
    "school_c": "organisation",
    "school_b": "organisation",
}
UNDER = {
    "region1": {"region1", "m1", "m2", "school_a", "school_a2", "school_c"},
    "region2": {"region2", "m3", "school_b"},
    "m1": {"m1", "school_a", "school_a2"},
    "m2": {"m2", "school_c"},
    "m3": {"m3", "school_b"},
    "school_a": {"school_a"},
    "school_b": {"school_b"},
}
GRANTERS = {  # cast account: (its role, its place)
    "curator_a": (Role.CURATOR, "school_a"),
    "director_a": (Role.DIRECTOR, "school_a"),
    "psychologist_a": (Role.PSYCHOLOGIST, "school_a"),
    "methodist_m1": (Role.METHODIST, "m1"),
    "methodist_m2": (Role.METHODIST, "m2"),
    "coordinator_r1": (Role.REGION_COORDINATOR, "region1"),
    "curator_b": (Role.CURATOR, "school_b"),
    "methodist_m3": (Role.METHODIST, "m3"),
    "coordinator_r2": (Role.REGION_COORDINATOR, "region2"),
    "mentor_a": (None, None),
    "admin": (None, None),
}
CELLS = list(itertools.product(Role.values, PLACES))
# The account each cell's role is given to: a teacher of a school at (or under) the place.
GRANTEE_SCHOOL = {
    "region1": "school_c",
    "region2": "school_b",
    "m1": "school_a2",
    "m2": "school_c",
    "m3": "school_b",
    "school_a": "school_a",
    "school_a2": "school_a2",
    "school_c": "school_c",
    "school_b": "school_b",
}


def allowed(granter: str, role: str, place: str) -> bool:
    if LEVEL[role] != PLACES[place]:
        return False
    if granter == "admin":
        return True
    own_role, own_place = GRANTERS[granter]
    return (
        own_role is not None
        and SENIORITY[own_role] > SENIORITY[role]
        and (place in UNDER[own_place])
    )


@pytest.fixture
def grantees(cast):
    teachers = {
        "school_a": StaffMemberFactory(organisation=cast.school_a, last_name="Назначаемая"),
        "school_a2": cast.teacher_a2,
        "school_c": cast.teacher_c,
        "school_b": cast.teacher_b,
    }
    return {
        school: UserFactory(username=f"grantee_{school}", staff_member=teacher)
        for school, teacher in teachers.items()
    }


def place_key(place) -> str:
    return f"{place._meta.model_name}:{place.pk}"


def held(account, role, place) -> Membership | None:
    keys = {"organisation": None, "municipality": None}
    if isinstance(place, Organisation):
        keys = {"organisation": place}
    elif isinstance(place, Municipality):
        keys["municipality"] = place
    else:
        assert isinstance(place, Region)
        keys["region"] = place
    return Membership.objects.filter(user=account, role=role, **keys).first()


def grantee_for(grantees, place_name):
    return grantees[GRANTEE_SCHOOL[place_name]]


@pytest.mark.parametrize("granter", GRANTERS)
def test_the_role_page_grants_and_revokes_exactly_the_allowed_cells(
    client, cast, grantees, granter
):
    client.force_login(getattr(cast, granter))
    granted, revoked = set(), set()
    for role, place_name in CELLS:
        place, account = getattr(cast, place_name), grantee_for(grantees, place_name)
        before = Membership.objects.count()
        client.post(
            reverse("orgs:roles"),
            {"account": account.username, "role": role, "place": place_key(place)},
        )
        membership = held(account, role, place)
        if membership is not None and membership.is_active:
            granted.add((role, place_name))
            membership.delete()
        assert Membership.objects.count() == before, (role, place_name)

        if LEVEL[role] != PLACES[place_name]:
            continue
        membership = held(account, role, place) or Membership.objects.create(
            user=account, role=role, **_keys(place)
        )
        client.post(reverse("orgs:role_revoke", args=[membership.pk]))
        membership.refresh_from_db()
        if not membership.is_active:
            revoked.add((role, place_name))
        membership.delete()
    expected = {cell for cell in CELLS if allowed(granter, *cell)}
    assert granted == expected
    assert revoked == expected


@pytest.mark.parametrize("granter", GRANTERS)
def test_the_grant_service_itself_keeps_the_same_rule(cast, grantees, granter):
    """Any later caller (an API, a command) goes through the service and meets the rule."""
    acting_user, granted = getattr(cast, granter), set()
    for role, place_name in CELLS:
        place, account = getattr(cast, place_name), grantee_for(grantees, place_name)
        try:
            membership = membership_grant(
                account=account, role=role, place=place, acting_user=acting_user
            )
        except (PermissionDenied, ValidationError):
            assert held(account, role, place) is None, (role, place_name)
            continue
        granted.add((role, place_name))
        try:
            membership_revoke(membership=membership, acting_user=acting_user)
        finally:
            membership.delete()
    assert granted == {cell for cell in CELLS if allowed(granter, *cell)}


def _keys(place) -> dict:
    if isinstance(place, Organisation):
        return {"organisation": place, "municipality": place.municipality, "region": place.region}
    if isinstance(place, Municipality):
        return {"municipality": place, "region": place.region}
    return {"region": place}


def grant(client, user, account, role, place):
    client.force_login(user)
    return client.post(
        reverse("orgs:roles"),
        {"account": account.username, "role": role, "place": place_key(place)},
    )


def test_a_role_goes_only_to_accounts_of_the_granters_own_part_of_the_tree(client, cast, grantees):
    outsider = grantees["school_b"]  # a teacher of another region
    response = grant(client, cast.methodist_m1, outsider, Role.CURATOR, cast.school_a)
    assert "Учётная запись не найдена среди сотрудников ваших организаций" in (
        response.content.decode()
    )
    assert held(outsider, Role.CURATOR, cast.school_a) is None
    # A bare account (no staff record, no role) belongs to nobody's part but the administrator's.
    bare = UserFactory(username="bare")
    grant(client, cast.methodist_m1, bare, Role.CURATOR, cast.school_a)
    assert held(bare, Role.CURATOR, cast.school_a) is None
    # The director's part is their school: a teacher of the neighbouring school is outside it.
    neighbour = grantees["school_a2"]
    grant(client, cast.director_a, neighbour, Role.CURATOR, cast.school_a)
    assert held(neighbour, Role.CURATOR, cast.school_a) is None


def test_a_granted_role_works_at_once_and_a_revoked_one_stops(client, cast, grantees):
    account = grantees["school_a2"]
    response = grant(client, cast.methodist_m1, account, Role.CURATOR, cast.school_a)
    assert response.status_code == 302
    workspace = reverse("orgs:workspace", args=[cast.school_a.pk])
    client.force_login(account)
    assert client.get(workspace).status_code == 200
    membership = held(account, Role.CURATOR, cast.school_a)
    client.force_login(cast.methodist_m1)
    client.post(reverse("orgs:role_revoke", args=[membership.pk]))
    client.force_login(account)
    assert client.get(workspace).status_code == 404
    # Given again, the same row comes back to life.
    grant(client, cast.methodist_m1, account, Role.CURATOR, cast.school_a)
    assert Membership.objects.filter(user=account).count() == 1
    assert held(account, Role.CURATOR, cast.school_a).is_active


def test_the_role_page_lists_only_roles_the_viewer_may_take_away(client, cast):
    client.force_login(cast.methodist_m1)
    html = client.get(reverse("orgs:roles")).content.decode()
    assert "curator_a" in html and "director_a" in html
    assert "curator_b" not in html and "methodist_m1" not in html
    assert "Гимназия № 3" not in html  # another municipality's school is not a choice


def test_a_foreign_role_cannot_be_revoked(client, cast):
    foreign = cast.curator_b.memberships.get()
    client.force_login(cast.methodist_m1)
    response = client.post(reverse("orgs:role_revoke", args=[foreign.pk]))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active


@pytest.mark.parametrize("who", ["curator_a", "psychologist_a", "mentor_a"])
def test_roles_that_appoint_nobody_have_no_role_page(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("orgs:roles")).status_code == 403
    assert reverse("orgs:roles") not in client.get(reverse("home"), follow=True).content.decode()
