"""The weekly digest: what each person should hear about, built from the selectors.

Curators: overdue activities, open pairs without a plan, pairs ending within 30 days of the
organisations they curate. Mentors and mentees: what is due this month in their plans."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from orgs.models import Membership, Role
from orgs.tenancy import tenant_scope

from .models import Pair, PairMember, Plan
from .selectors import due_this_month, ending_soon_q, overdue_activities


@dataclass
class SchoolDigest:
    organisation: object
    overdue: list = field(default_factory=list)
    without_plan: list = field(default_factory=list)
    ending_soon: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.without_plan or self.ending_soon)


@dataclass
class Digest:
    user: object
    schools: list[SchoolDigest] = field(default_factory=list)
    due: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.due and all(s.empty for s in self.schools)


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the week: the key that makes a digest go out once a week."""
    return day - datetime.timedelta(days=day.weekday())


def build_digest(user, *, today: datetime.date | None = None) -> Digest:
    """Everything the digest of ``user`` says. Runs outside a request, in what the user's
    own pages show: the scope of their memberships and the places of their own pairs; each
    read also filters by the user's memberships and pairs."""
    from orgs.access import viewer_for

    from .access import own_memberships, own_pairs_scope

    today = today or timezone.localdate()
    digest = Digest(user=user)
    own = own_memberships(user.staff_member_id)
    with tenant_scope(viewer_for(user).scope), own_pairs_scope(own):
        curated = Membership.objects.filter(
            user=user, role=Role.CURATOR, is_active=True
        ).select_related("organisation")
        for membership in curated:
            organisation = membership.organisation
            open_pairs = Pair.objects.filter(
                organisation=organisation, status__in=[Pair.Status.DRAFT, Pair.Status.ACTIVE]
            )
            digest.schools.append(
                SchoolDigest(
                    organisation=organisation,
                    overdue=list(
                        overdue_activities(organisation, today)
                        .select_related("plan__mentee")
                        .order_by("deadline")[:20]
                    ),
                    without_plan=list(
                        open_pairs.filter(~Q(Exists(Plan.objects.filter(pair=OuterRef("pk")))))
                        .prefetch_related("members__staff")
                        .order_by("starts_on")
                    ),
                    ending_soon=list(
                        open_pairs.filter(ending_soon_q(today))
                        .prefetch_related("members__staff")
                        .order_by("planned_end_on")
                    ),
                )
            )
        if user.staff_member_id:
            memberships = PairMember.objects.filter(
                staff_id=user.staff_member_id, pair__status=Pair.Status.ACTIVE
            ).values_list("pair", "role")
            mentor_pairs = [p for p, r in memberships if r == PairMember.Role.MENTOR]
            plans = Plan.objects.filter(status=Plan.Status.ACTIVE).filter(
                Q(pair__in=mentor_pairs) | Q(mentee_id=user.staff_member_id)
            )
            digest.due = list(due_this_month(plans.values("pk"), today=today))
    return digest


def recipients() -> list[int]:
    """Ids of users who may get a digest: curators and people in active pairs, with an
    e-mail address and the digest not switched off (accounts carry no tenant keys)."""
    from orgs.models import User

    people = User.objects.filter(is_active=True).exclude(email="")
    people = people.exclude(pairs_settings__weekly_digest=False)
    curators = Q(memberships__role=Role.CURATOR, memberships__is_active=True)
    in_pairs = Q(
        staff_member__pair_memberships__pair__status=Pair.Status.ACTIVE,
    )
    return list(people.filter(curators | in_pairs).values_list("pk", flat=True).distinct())
