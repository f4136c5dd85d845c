"""Who the request's user is in the tree: memberships, scope, roles and home page.

Views ask this module, never the session or a URL parameter, what the user may reach.
Objects outside the scope are invisible (the scoped managers answer 404); objects inside the
scope that the role may only read answer 403 to a write (``require_role``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from mentorship import fragments

from .cached_pages import OrganisationOnPage, organisation_on_page, remember_school_versions
from .models import (
    MUNICIPALITY_ROLES,
    ORGANISATION_ROLES,
    REGION_ROLES,
    Membership,
    Municipality,
    Organisation,
    Region,
    Role,
    StaffMember,
)
from .tenancy import TenantScope, scope_for_memberships, scopes_disabled

# Who reads a mentor's portfolio besides the mentor: the staff card links it for them.
PORTFOLIO_READERS = (Role.CURATOR, Role.DIRECTOR, Role.METHODIST)

# Which home a person lands on, by the most senior role they hold.
HOME_PRIORITY = [
    Role.REGION_COORDINATOR,
    Role.METHODIST,
    Role.CURATOR,
    Role.DIRECTOR,
    Role.PSYCHOLOGIST,
]


@dataclass
class Viewer:
    user: object
    memberships: list[Membership] = field(default_factory=list)
    scope: TenantScope = field(default_factory=TenantScope.nothing)

    @property
    def is_admin(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_superuser)

    @cached_property
    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    def has_role(self, *roles: str, organisation=None, municipality=None, region=None) -> bool:
        """True when one of ``roles`` is held at the given place or above it."""
        if self.is_admin:
            return True
        for m in self.memberships:
            if m.role not in roles:
                continue
            if organisation is not None and not _covers(m, organisation):
                continue
            if municipality is not None and not _covers_municipality(m, municipality):
                continue
            if region is not None and m.region_id != region.pk:
                continue
            return True
        return False

    def memberships_with(self, role: str) -> list[Membership]:
        return [m for m in self.memberships if m.role == role]

    @property
    def is_staff_person(self) -> bool:
        return bool(self.user.is_authenticated and self.user.staff_member_id)

    def home_url(self) -> str:
        if self.is_admin:
            return reverse("monitoring:country_overview")
        for role in HOME_PRIORITY:
            held = self.memberships_with(role)
            if not held:
                continue
            place = held[0]
            if role == Role.REGION_COORDINATOR:
                return reverse("monitoring:region_overview", args=[place.region_id])
            if role == Role.METHODIST:
                return reverse("monitoring:municipality_overview", args=[place.municipality_id])
            if role == Role.CURATOR:
                return reverse("orgs:workspace", args=[place.organisation_id])
            if role == Role.DIRECTOR:
                return reverse("documents:organisation", args=[place.organisation_id])
            if role == Role.PSYCHOLOGIST:
                return reverse("monitoring:diagnostics", args=[place.organisation_id])
        return reverse("pairs:my")


def _covers(membership: Membership, organisation) -> bool:
    if membership.organisation_id is not None:
        return membership.organisation_id == organisation.pk
    if membership.municipality_id is not None:
        return membership.municipality_id == organisation.municipality_id
    return membership.region_id == organisation.region_id


def _covers_municipality(membership: Membership, municipality) -> bool:
    if membership.organisation_id is not None:
        return False
    if membership.municipality_id is not None:
        return membership.municipality_id == municipality.pk
    return membership.region_id == municipality.region_id


def viewer_for(user) -> Viewer:
    if not user.is_authenticated:
        return Viewer(user=user)
    if user.is_superuser:
        return Viewer(user=user, scope=TenantScope.everything())
    memberships = fragments.cached(
        ("memberships", user.pk, user.data_version), lambda: _active_memberships(user)
    )
    return Viewer(user=user, memberships=memberships, scope=scope_for_memberships(memberships))


def _active_memberships(user) -> list[Membership]:
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, is_active=True).select_related(
                "region", "municipality", "organisation"
            )
        )


def require_role(request, *roles: str, organisation=None, municipality=None, region=None) -> None:
    """Refuse (403) a user who sees the object but may not act on it in this way."""
    if not request.viewer.has_role(
        *roles, organisation=organisation, municipality=municipality, region=region
    ):
        raise PermissionDenied("Недостаточно прав для этого действия.")


# Seniority of the roles: a holder grants and revokes only roles strictly below their own.
# The curator and the psychologist are the school's specialists side by side; neither appoints
# anybody (the director does, by order).
ROLE_RANK = {
    Role.REGION_COORDINATOR: 4,
    Role.METHODIST: 3,
    Role.DIRECTOR: 2,
    Role.CURATOR: 1,
    Role.PSYCHOLOGIST: 1,
}
# The level of the tree at which each role is held.
ROLE_LEVEL = {
    **{role: Region for role in REGION_ROLES},
    **{role: Municipality for role in MUNICIPALITY_ROLES},
    **{role: Organisation for role in ORGANISATION_ROLES},
}


def roles_below(role: str) -> list[str]:
    return [r for r in Role.values if ROLE_RANK[r] < ROLE_RANK[role]]


def place_within(membership: Membership, place) -> bool:
    """True when ``place`` (a region, municipality or organisation) lies in the membership's
    part of the tree (its own place included)."""
    if isinstance(place, Organisation):
        return _covers(membership, place)
    if isinstance(place, Municipality):
        return _covers_municipality(membership, place)
    if isinstance(place, Region):
        return (
            membership.organisation_id is None
            and membership.municipality_id is None
            and membership.region_id == place.pk
        )
    return False


def account_within(account, membership: Membership) -> bool:
    """An account belongs to a part of the tree through its staff record or an active role
    there. An account with neither belongs to nobody's part: only a site administrator
    gives it a first role. Read in the granter's scope, which covers every place within
    their membership: what the scope hides lies outside it anyway."""
    staff = (
        StaffMember.objects.select_related("organisation")
        .filter(pk=account.staff_member_id)
        .first()
    )
    if staff is not None and place_within(membership, staff.organisation):
        return True
    held = Membership.objects.filter(user=account, is_active=True).select_related(
        "region", "municipality", "organisation"
    )
    return any(place_within(membership, other.place) for other in held)


def grant_authority(
    *, granter, role: str, place, account=None, memberships: list[Membership] | None = None
) -> Membership | bool | None:
    """The one rule for giving and taking away roles, used by the service and the page alike:
    a site administrator may do anything; anybody else needs an active membership ranked above
    ``role`` whose part of the tree holds ``place`` and (when given) the ``account``.
    Returns the authorising membership (``True`` for an administrator), or ``None``.

    ``memberships``: the granter's active memberships when already read (a page listing many
    rows); a write reads them afresh."""
    if not granter.is_authenticated or not granter.is_active:
        return None
    if granter.is_superuser:
        return True
    if memberships is None:
        memberships = _active_memberships(granter)
    for membership in memberships:
        if ROLE_RANK[membership.role] <= ROLE_RANK[role]:
            continue
        if not place_within(membership, place):
            continue
        if account is not None and not account_within(account, membership):
            continue
        return membership
    return None


# --- the rows of the orgs pages -------------------------------------------------------------

READ_ORGANISATION_ROLES = (
    Role.CURATOR,
    Role.DIRECTOR,
    Role.PSYCHOLOGIST,
    Role.METHODIST,
    Role.REGION_COORDINATOR,
)


def organisation_for(request, pk: int, *, write: bool = False) -> Organisation:
    """The organisation in scope (404 otherwise); writes are the curator's (403 otherwise)."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("municipality", "region"), pk=pk
    )
    if write:
        require_role(request, Role.CURATOR, organisation=organisation)
    else:
        require_role(request, *READ_ORGANISATION_ROLES, organisation=organisation)
    return organisation


def organisation_for_page(request, pk: int) -> OrganisationOnPage:
    """``organisation_for`` for a cached page: the row with its keys and versions, one read."""
    on_page = organisation_on_page(pk)
    require_role(request, *READ_ORGANISATION_ROLES, organisation=on_page)
    remember_school_versions(request, on_page.versions)
    return on_page


def person_for(request, pk: int, *, write: bool = False) -> StaffMember:
    """A staff member of an organisation the user reads (404 otherwise); changing them is
    the curator's (403 otherwise)."""
    person = get_object_or_404(
        StaffMember.objects.select_related("organisation__municipality"), pk=pk
    )
    organisation_for(request, person.organisation_id, write=write)
    return person
