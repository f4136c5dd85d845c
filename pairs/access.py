"""Who may open and change programmes, pairs, plans and log entries.

One helper per model; each answers 404 whether the row is missing or outside the user's
scope, and 403 when the user sees the row but may not change it. Curators write their
organisation's data; director, psychologist, methodist and coordinator read it. Mentors and
mentees (``user.staff_member``) reach only the pairs they belong to, wherever those are.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_scopes import scope

from orgs.access import require_role
from orgs.cached_pages import (
    OrganisationOnPage,
    organisation_on_page,
    organisation_versions,
    remember_school_versions,
)
from orgs.models import Organisation, Role, StaffMember
from orgs.tenancy import Place, compiled_objects, compiled_rows, scopes_disabled, widened_scope

from .models import Pair, PairMember, Plan, PlanActivity, Programme

READ_ROLES = (
    Role.CURATOR,
    Role.DIRECTOR,
    Role.PSYCHOLOGIST,
    Role.METHODIST,
    Role.REGION_COORDINATOR,
)
WRITE_ROLES = (Role.CURATOR,)


def organisation_for_read(request, pk: int) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related("municipality", "region"), pk=pk
    )
    require_role(request, *READ_ROLES, organisation=organisation)
    return organisation


def organisation_for_page(request, pk: int) -> OrganisationOnPage:
    """``organisation_for_read`` for a cached page: the row with its keys and versions, one
    read."""
    on_page = organisation_on_page(pk)
    require_role(request, *READ_ROLES, organisation=on_page)
    remember_school_versions(request, on_page.versions)
    return on_page


def staff_for_read(request, pk: int) -> StaffMember:
    """A staff member of an organisation the user reads (the matching pages' mentee)."""
    person = get_object_or_404(
        StaffMember.objects.select_related("organisation__municipality"), pk=pk
    )
    require_role(request, *READ_ROLES, organisation=person.organisation)
    return person


def organisation_for_write(request, pk: int) -> Organisation:
    organisation = organisation_for_read(request, pk)
    require_role(request, *WRITE_ROLES, organisation=organisation)
    return organisation


def can_manage(request, organisation) -> bool:
    return request.viewer.has_role(*WRITE_ROLES, organisation=organisation)


def programme_for_write(request, pk: int) -> Programme:
    programme = get_object_or_404(
        Programme.objects.select_related("organisation__municipality"), pk=pk
    )
    require_role(request, *WRITE_ROLES, organisation=programme.organisation)
    return programme


@dataclass
class PairAccess:
    """A pair as the request's user reaches it."""

    pair: Pair
    manage: bool  # the curator of the pair's organisation (or the administrator)
    role: str | None  # the user's own role in the pair: mentor, mentee or None
    staff_id: int | None = None  # the user's own staff card

    @property
    def participate(self) -> bool:
        """Mentors and mentees mark activities done and keep the log of their pair."""
        return self.manage or self.role is not None


@dataclass(frozen=True)
class OwnMembership:
    pair_id: int
    role: str
    place: Place  # the pair's region, municipality and organisation


def own_memberships(staff_id: int | None, *, pair: Pair | int | None = None):
    """The personal door: the pairs a person belongs to as mentor or mentee, wherever they
    are (a network mentor works in another school), read by the person's own staff id from
    the session. The one read of personal access that leaves the tenant scope; every other
    read of the person's pairs runs in ``own_pairs_scope`` and filters by these pairs."""
    if not staff_id:
        return []
    fields = ("pair_id", "role", "region_id", "municipality_id", "organisation_id")
    with scopes_disabled():
        rows = PairMember.objects.filter(staff_id=staff_id)
        if pair is not None:
            rows = rows.filter(pair=pair)
        return [OwnMembership(p, r, (*place,)) for p, r, *place in rows.values_list(*fields)]


@contextmanager
def own_pairs_scope(memberships, *, person: StaffMember | None = None):
    """The request's scope widened to the places of the person's own pairs (and, with
    ``person``, their region, where the methodical series they attend or lead are held):
    reads inside filter by the person's pairs or id explicitly, and can reach nothing
    beyond those places."""
    places = {m.place for m in memberships}
    if person is not None:
        places.add((person.region_id, None, None))
    with widened_scope(*places):
        yield


def _own_role(request, pair: Pair | int) -> str | None:
    own = own_memberships(getattr(request.user, "staff_member_id", None), pair=pair)
    return own[0].role if own else None


PAIR_RELATED = ("programme", "organisation__municipality", "organisation__region")


def pair_access(request, pk: int) -> PairAccess:
    """Staff with a role over the pair's organisation, or the pair's own members; else 404."""
    staff_id = getattr(request.user, "staff_member_id", None)
    pair = Pair.objects.select_related(*PAIR_RELATED).filter(pk=pk).first()
    if pair is not None and request.viewer.has_role(*READ_ROLES, organisation=pair.organisation):
        return _role_access(request, pair)
    # A mentor or mentee outside the school's roles (a network mentor works elsewhere):
    # the pair through the person's own membership, in its school's scope.
    own = own_memberships(staff_id, pair=pk)
    if own:
        with own_pairs_scope(own):
            pair = Pair.objects.select_related(*PAIR_RELATED).filter(pk=pk).first()
        if pair is not None:
            return PairAccess(pair, False, own[0].role, staff_id)
    raise Http404("Пара не найдена.")


def _role_access(request, pair: Pair) -> PairAccess:
    """A pair in the scope of a user with a role over its organisation."""
    staff_id = getattr(request.user, "staff_member_id", None)
    manage = can_manage(request, pair.organisation)
    return PairAccess(pair, manage, _own_role(request, pair), staff_id)


def require_manage(access: PairAccess) -> None:
    if not access.manage:
        raise PermissionDenied("Недостаточно прав для этого действия.")


def require_participate(access: PairAccess) -> None:
    if not access.participate:
        raise PermissionDenied("Недостаточно прав для этого действия.")


@contextmanager
def pair_scope(access: PairAccess):
    """Run the rest of the request inside the pair's organisation when the user reaches it
    only as a member: every query there is filtered by this pair explicitly."""
    if access.manage or access.role is None:
        yield
        return
    pair = access.pair
    with scope(
        region=[pair.region_id],
        municipality=[pair.municipality_id],
        organisation=[pair.organisation_id],
    ):
        yield


# A plan with its pair and school, for the role checks and the page.
PLAN_RELATED = ("pair__organisation__municipality", "pair__organisation__region")


def plan_access(request, pk: int) -> tuple[Plan, PairAccess]:
    # A role over the school, the common case: plan, pair and school in one scoped read.
    plan = Plan.objects.select_related(*PLAN_RELATED).filter(pk=pk).first()
    if plan is not None and request.viewer.has_role(
        *READ_ROLES, organisation=plan.pair.organisation
    ):
        return plan, _role_access(request, plan.pair)
    # A mentor or mentee of the pair: reached through the pair, as pair_access decides.
    own = own_memberships(getattr(request.user, "staff_member_id", None))
    with own_pairs_scope(own):
        pair_id = (
            Plan.objects.filter(pk=pk, pair__in=[m.pair_id for m in own])
            .values_list("pair_id", flat=True)
            .first()
        )
    if pair_id is None:
        raise Http404("План не найден.")
    access = pair_access(request, pair_id)
    with pair_scope(access):
        plan = get_object_or_404(
            Plan.objects.select_related("mentee", "pair__programme"), pk=pk, pair=access.pair
        )
    return plan, access


@dataclass(frozen=True)
class PlanOnPage:
    """The plan page's cache key for a user with a role over the plan's school, and what
    that user's access is; the plan itself loads only when the page renders."""

    pk: int
    organisation_id: int
    versions: tuple | None
    manage: bool
    role: str | None  # the user's own role in the pair
    staff_id: int | None

    @property
    def vary(self) -> tuple:
        return (self.manage, self.role, self.staff_id)

    def load(self) -> tuple[Plan, PairAccess]:
        """The plan, and the access its key was read with (the same school: the role checks
        were made on it)."""
        found = compiled_objects(_plan_on_page, self.pk, self.organisation_id)
        if not found:
            raise Http404("План не найден.")
        plan = found[0]
        return plan, PairAccess(plan.pair, self.manage, self.role, self.staff_id)


def _plan_on_page(pk: int, organisation_id: int):
    # The page names the mentee.
    plans = Plan.objects.select_related(*PLAN_RELATED, "mentee")
    return plans.filter(pk=pk, pair__organisation_id=organisation_id)


def plan_on_page(request, pk: int) -> PlanOnPage | None:
    """The plan page's key from one small query, for a user with a role over the plan's
    school; None for anyone else, whom ``plan_access`` lets in as a member of the pair or
    refuses."""
    rows = compiled_rows(_plan_keys_and_versions, pk)
    if not rows:
        return None
    pair_id, organisation_id, municipality_id, region_id, *versions = rows[0]
    school = OrganisationOnPage(organisation_id, municipality_id, region_id, None)
    if not request.viewer.has_role(*READ_ROLES, organisation=school):
        return None
    school_versions = organisation_versions(organisation_id, *versions)
    remember_school_versions(request, school_versions)
    return PlanOnPage(
        pk,
        organisation_id,
        school_versions,
        manage=can_manage(request, school),
        role=_own_role(request, pair_id),
        staff_id=getattr(request.user, "staff_member_id", None),
    )


def _plan_keys_and_versions(pk: int):
    return (
        Plan.objects.filter(pk=pk)
        .order_by()
        .values_list(
            "pair_id",
            "organisation_id",
            "municipality_id",
            "region_id",
            "organisation__data_version",
            "municipality__data_version",
            "region__data_version",
        )
    )


def activity_access(request, pk: int) -> tuple[PlanActivity, PairAccess]:
    # Only to learn the plan, in the request's scope or else among a member's own pairs;
    # access is decided by plan_access.
    plan_id = PlanActivity.objects.filter(pk=pk).values_list("plan_id", flat=True).first()
    if plan_id is None and (own := own_memberships(getattr(request.user, "staff_member_id", None))):
        with own_pairs_scope(own):
            plan_id = (
                PlanActivity.objects.filter(pk=pk, plan__pair__in=[m.pair_id for m in own])
                .values_list("plan_id", flat=True)
                .first()
            )
    if plan_id is None:
        raise Http404("Мероприятие не найдено.")
    plan, access = plan_access(request, plan_id)
    with pair_scope(access):
        activity = get_object_or_404(PlanActivity.objects.all(), pk=pk, plan=plan)
    activity.plan = plan
    return activity, access


def with_own_pairs(request, build, pair_path: str):
    """The rows ``build()`` gives in the request's scope, plus the rows of the pairs the user
    belongs to as mentor or mentee wherever those are: exactly what ``pair_access`` opens to
    them in the browser, so an API token sees what its owner sees.

    ``build(cross_tenant=...)`` makes the queryset; ``pair_path`` leads from its model to the
    pair ("pk" for pairs, "pair" for plans, "plan__pair" for activities). The own pairs are a
    deliberate, narrow cross-tenant read limited to the person's own pair memberships."""
    queryset = build(cross_tenant=False)
    own = own_memberships(getattr(request.user, "staff_member_id", None))
    if not own:
        return queryset
    in_scope = queryset.values("pk")
    pairs = [m.pair_id for m in own]
    with own_pairs_scope(own):
        rows = build(cross_tenant=True).filter(
            Q(pk__in=in_scope) | Q(**{f"{pair_path}__in": pairs})
        )
        return rows.cross_tenant()
