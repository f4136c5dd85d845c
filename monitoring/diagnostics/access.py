"""One access helper per object: 404 when the row is not visible, 403 when the role may
only read it."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from orgs.access import require_role
from orgs.models import Role, StaffMember
from orgs.tenancy import TenantScope, scopes_disabled, tenant_scope, widened_scope

from .models import Campaign, Instrument, Invitation
from .selectors import instruments_visible_to, invitations_of

READERS = (
    Role.DIRECTOR,
    Role.CURATOR,
    Role.PSYCHOLOGIST,
    Role.METHODIST,
    Role.REGION_COORDINATOR,
)
ORGANISATION_WRITERS = (Role.CURATOR, Role.PSYCHOLOGIST)
MUNICIPALITY_WRITERS = (Role.METHODIST,)


def _place(campaign: Campaign) -> dict:
    if campaign.organisation_id:
        return {"organisation": campaign.organisation}
    return {"municipality": campaign.municipality}


def campaign_for(request, pk: int) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.select_related("version__instrument", "organisation", "municipality"),
        pk=pk,
    )
    require_role(request, *READERS, **_place(campaign))
    return campaign


def campaign_rw(request, pk: int) -> Campaign:
    campaign = campaign_for(request, pk)
    writers = ORGANISATION_WRITERS if campaign.organisation_id else MUNICIPALITY_WRITERS
    require_role(request, *writers, **_place(campaign))
    return campaign


def instrument_for(request, pk: int) -> Instrument:
    return get_object_or_404(instruments_visible_to(request.viewer), pk=pk)


def staff_for(request, pk: int) -> StaffMember:
    staff = get_object_or_404(StaffMember.objects.select_related("organisation"), pk=pk)
    require_role(request, *READERS, organisation=staff.organisation)
    return staff


def own_invitations(request) -> list[Invitation]:
    """The respondent's own questionnaires, wherever their school is: a respondent usually
    holds no role, so their scope is empty; read by the explicit staff member filter, the
    personal door of this app (with ``invitation_for_answering``)."""
    with scopes_disabled():
        return list(invitations_of(request.user.staff_member_id))


def invitation_for_answering(request, pk: int) -> Invitation:
    """The respondent's own invitation, or one a curator enters from a paper form as a new
    answer (``Invitation.open_to``): a curator never reads what a respondent answered."""
    related = ("campaign__version__instrument", "staff_member", "organisation")
    if request.user.staff_member_id:
        # A respondent usually holds no role, so their scope is empty: read their own
        # invitation by the explicit staff member filter, nothing else.
        with scopes_disabled():
            own = (
                Invitation.objects.select_related(*related)
                .filter(pk=pk, staff_member_id=request.user.staff_member_id)
                .first()
            )
        if own is not None:
            return own
    invitation = Invitation.objects.select_related(*related).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    require_role(request, Role.CURATOR, organisation=invitation.organisation)
    if not invitation.open_to(request.user):
        raise Http404
    return invitation


def plan_for(request, pk: int):
    from pairs.models import Plan

    plan = get_object_or_404(Plan.objects.select_related("mentee", "pair", "organisation"), pk=pk)
    require_role(request, *READERS, organisation=plan.organisation)
    return plan


def pair_rw(request, pk: int):
    """Compatibility decisions are school data: the curator writes them."""
    from pairs.models import Pair

    pair = get_object_or_404(Pair.objects.select_related("organisation"), pk=pk)
    require_role(request, *READERS, organisation=pair.organisation)
    require_role(request, Role.CURATOR, organisation=pair.organisation)
    return pair


def invitation_scope(invitation: Invitation):
    """The invitation's own organisation as the tenant scope: a respondent usually holds no
    role, yet their answers are rows of their organisation."""
    return tenant_scope(
        TenantScope(
            frozenset({invitation.region_id}),
            frozenset({invitation.municipality_id}),
            frozenset({invitation.organisation_id}),
        )
    )


def campaign_for_school(request, pk: int, organisation_pk: int):
    """A municipal campaign seen from one of its schools: the school's staff read the
    school's own share of it. The campaign row is the municipality's, so it is read in the
    school's municipality, and only after the school's invitations prove the school took
    part."""
    from orgs.models import Organisation

    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    require_role(request, *READERS, organisation=organisation)
    if not Invitation.objects.filter(campaign_id=pk, organisation=organisation).exists():
        raise Http404
    with widened_scope((organisation.region_id, organisation.municipality_id, None)):
        campaign = Campaign.objects.select_related("version__instrument", "municipality").get(pk=pk)
    return campaign, organisation
