"""A read that reaches a named place beyond the viewer's own (a network mentor's school, a
person's own pairs) widens the scope to that place only: what lies beyond stays unread."""

import pytest

from orgs.access import viewer_for
from orgs.models import StaffMember
from orgs.tenancy import tenant_scope, widened_scope

from ..factories import OrganisationFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def _names(cast):
    return set(StaffMember.objects.values_list("last_name", flat=True))


def test_a_curator_widened_to_a_municipality_reads_its_schools_and_no_other(cast):
    teacher_c = StaffMemberFactory(organisation=cast.school_c, last_name="Сетевая")
    with tenant_scope(viewer_for(cast.curator_a).scope):
        assert "Ябыштаева" not in _names(cast)  # school A2, same municipality
        with widened_scope((cast.region1.pk, cast.m1.pk, None)):
            names = _names(cast)
        assert "Ябыштаева" not in _names(cast)  # back in the curator's own scope
    assert {"Тадыева", "Ябыштаева"} <= names
    assert teacher_c.last_name not in names  # another municipality of the region
    assert "Корнилова" not in names  # another region


def test_a_person_without_a_role_widened_to_one_school_reads_only_that_school(cast):
    with tenant_scope(viewer_for(cast.mentor_a).scope):
        assert _names(cast) == set()
        with widened_scope((cast.region1.pk, cast.m1.pk, cast.school_a2.pk)):
            assert _names(cast) == {"Ябыштаева"}


def test_a_region_place_reads_the_whole_region_and_nothing_beyond(cast):
    StaffMemberFactory(organisation=OrganisationFactory(municipality=cast.m3), last_name="Чужая")
    region1 = (cast.region1.pk, None, None)
    with tenant_scope(viewer_for(cast.curator_a).scope), widened_scope(region1):
        names = _names(cast)
    assert {"Тадыева", "Ябыштаева"} <= names
    assert not {"Корнилова", "Чужая"} & names  # region R2's schools
    with tenant_scope(viewer_for(cast.curator_b).scope), widened_scope(region1):
        names = _names(cast)
    assert {"Тадыева", "Корнилова"} <= names  # R1's and the curator's own school B
    assert "Чужая" not in names  # another school of B's municipality: not B, not R1


def test_places_add_to_a_scope_without_loosening_it(cast):
    """A coarse place (a region) and a narrow scope (one school) stay what they are: the
    union, not a scope that drops the school's limit in the region it lies in."""
    StaffMemberFactory(organisation=OrganisationFactory(municipality=cast.m3), last_name="Чужая")
    with (
        tenant_scope(viewer_for(cast.curator_b).scope),
        widened_scope((cast.region1.pk, cast.m1.pk, cast.school_a2.pk)),
        widened_scope((cast.region1.pk, cast.m2.pk, None)),
    ):
        assert _names(cast) == {"Корнилова", "Ябыштаева"} | set(
            StaffMember.objects.filter(municipality=cast.m2).values_list("last_name", flat=True)
        )
        with tenant_scope(viewer_for(cast.curator_a).scope):  # a scope inside: its own only
            assert "Ябыштаева" not in _names(cast)


def test_an_unrestricted_scope_stays_unrestricted(cast):
    with tenant_scope(viewer_for(cast.admin).scope), widened_scope((cast.region1.pk, None, None)):
        assert "Корнилова" in _names(cast)
