"""Who opens a mentor's portfolio, and the scope it is read in.

The mentor themself, and the curator, director and methodist over the mentor's
organisation (the site administrator too). A person outside the viewer's scope answers 404;
inside it, another role answers 403.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_scopes import scope

from orgs.access import PORTFOLIO_READERS
from orgs.models import StaffMember
from pairs.models import PairMember


def is_own(request, person_id: int) -> bool:
    return bool(person_id) and getattr(request.user, "staff_member_id", None) == person_id


def portfolio_person(request, pk: int) -> StaffMember:
    """The person whose portfolio the request may read; 404 or 403 otherwise."""
    if is_own(request, pk):
        return request.user.staff_member  # the user's own card, whatever their roles
    person = StaffMember.objects.select_related("organisation").filter(pk=pk).first()
    if person is None:
        raise Http404("Педагог не найден.")
    if not request.viewer.has_role(*PORTFOLIO_READERS, organisation=person.organisation):
        raise PermissionDenied("Портфолио видят наставник, куратор, руководитель и методист.")
    return person


@contextmanager
def person_scope(person: StaffMember):
    """The places of a mentor's record: their organisation and those of the pairs they
    mentor (network mentoring crosses schools of the region). Every read inside is filtered
    by the person explicitly; the scope keeps rows of other places out all the same."""
    with scope(region=[person.region_id], municipality=None, organisation=None):
        places = set(
            PairMember.objects.filter(staff=person, role=PairMember.Role.MENTOR).values_list(
                "region", "municipality", "organisation"
            )
        )
    places.add((person.region_id, person.municipality_id, person.organisation_id))
    with scope(
        region=sorted({p[0] for p in places}),
        municipality=sorted({p[1] for p in places}),
        organisation=sorted({p[2] for p in places}),
    ):
        yield
