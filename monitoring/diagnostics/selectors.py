"""Reads and figures of diagnostics. Every share and average a page shows is defined here,
and each is one aggregate query whatever the number of respondents."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q
from django.utils import timezone

from orgs.models import DeficitArea, Role, young_specialist_threshold

from .models import AreaResult, Campaign, Instrument, Invitation, Question

# Anonymous surveys show an aggregate only when it hides at least this many people.
ANONYMITY_MIN = 5


def percent(part: int, whole: int) -> int | None:
    """A whole percentage rounded half up, as reports print it (51.5 % → 52 %)."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), ROUND_HALF_UP))


# --- instruments ---------------------------------------------------------------------------


def instruments_visible_to(viewer):
    """Ready-made instruments, and those of the viewer's regions and municipalities."""
    qs = Instrument.objects.all()
    if viewer.is_admin:
        return qs
    regions = {m.region_id for m in viewer.memberships}
    municipalities = {m.municipality_id for m in viewer.memberships if m.municipality_id}
    return qs.filter(
        Q(region__isnull=True)
        | Q(region__in=regions, municipality__isnull=True)
        | Q(municipality__in=municipalities)
    )


def can_build(viewer, instrument: Instrument) -> bool:
    """Methodists build their municipality's instruments, coordinators their region's."""
    if viewer.is_admin:
        return True
    if instrument.region_id is None:
        return False
    if instrument.municipality_id is not None:
        return viewer.has_role(Role.METHODIST, municipality=instrument.municipality)
    return viewer.has_role(Role.REGION_COORDINATOR, region=instrument.region)


def published_versions_for(viewer):
    """The latest published version of each instrument the viewer may use in a campaign."""
    from .models import InstrumentVersion

    versions = (
        InstrumentVersion.objects.filter(
            instrument__in=instruments_visible_to(viewer), published_at__isnull=False
        )
        .select_related("instrument")
        .order_by("instrument__title", "-number")
    )
    latest = {}
    for version in versions:
        latest.setdefault(version.instrument_id, version)
    return list(latest.values())


# --- campaigns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    organisation_id: int
    organisation: str
    invited: int
    answered: int
    overdue: int


def campaign_progress(campaign: Campaign) -> list[Progress]:
    """Invited, answered and overdue per organisation (one grouped query)."""
    past_end = campaign.ends_on < timezone.localdate()
    rows = (
        Invitation.objects.filter(campaign=campaign)
        .values("organisation", "organisation__short_name")
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(submitted_at__isnull=False)))
        .order_by("organisation__short_name")
    )
    return [
        Progress(
            r["organisation"],
            r["organisation__short_name"],
            r["invited"],
            r["answered"],
            r["invited"] - r["answered"] if past_end else 0,
        )
        for r in rows
    ]


def invitations_of(staff_member):
    """A respondent's questionnaires, newest first."""
    return (
        Invitation.objects.filter(staff_member=staff_member)
        .select_related("campaign__version__instrument")
        .order_by("submitted_at", "-campaign__starts_on")
    )


# --- difficulty shares ---------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: int | None
    key: int = 0


@dataclass(frozen=True)
class DifficultyTable:
    respondents: int
    areas: list[Share]
    indicators: list[Share]
    hidden: bool = False  # an anonymous campaign with fewer than ANONYMITY_MIN answers


def _submitted(campaign: Campaign, organisation=None, young_only: bool = False) -> Q:
    q = Q(invitation__campaign=campaign, invitation__submitted_at__isnull=False)
    if organisation is not None:
        q &= Q(invitation__organisation=organisation)
    if young_only:
        q &= Q(
            invitation__staff_member__career_started_on__gt=young_specialist_threshold(
                campaign.starts_on
            )
        )
    return q


def difficulty_table(
    campaign: Campaign, *, organisation=None, young_only: bool = False
) -> DifficultyTable:
    """The share of respondents with each difficulty, like seed 001 («эмоциональная сфера
    61 %…»): by area (the area's mean at or below the threshold) and by indicator (one
    question answered at or below it). Three queries."""
    invitations = Invitation.objects.filter(campaign=campaign, submitted_at__isnull=False)
    if organisation is not None:
        invitations = invitations.filter(organisation=organisation)
    if young_only:
        invitations = invitations.filter(
            staff_member__career_started_on__gt=young_specialist_threshold(campaign.starts_on)
        )
    respondents = invitations.count()
    if campaign.anonymous and respondents < ANONYMITY_MIN:
        return DifficultyTable(respondents, [], [], hidden=True)
    area_rows = (
        AreaResult.objects.filter(
            _submitted(campaign, organisation, young_only) & Q(campaign=campaign)
        )
        .values("area", "area__name", "area__position")
        .annotate(count=Count("id", filter=Q(is_difficulty=True)))
        .order_by("area__position")
    )
    areas = sorted(
        (
            Share(r["area__name"], r["count"], percent(r["count"], respondents), r["area"])
            for r in area_rows
        ),
        key=lambda s: -s.count,
    )
    threshold = campaign.version.difficulty_threshold
    from .models import Answer

    indicator_rows = (
        Answer.objects.filter(
            _submitted(campaign, organisation, young_only), question__area__isnull=False
        )
        .values("question", "question__text")
        .annotate(count=Count("id", filter=Q(score__lte=threshold)))
        .order_by("question__section__position", "question__position")
    )
    indicators = sorted(
        (
            Share(r["question__text"], r["count"], percent(r["count"], respondents), r["question"])
            for r in indicator_rows
        ),
        key=lambda s: -s.count,
    )
    return DifficultyTable(respondents, areas, indicators)


@dataclass(frozen=True)
class Comparison:
    area: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def compare_campaigns(
    before: Campaign, after: Campaign, *, organisation=None, young_only: bool = False
) -> tuple[DifficultyTable, DifficultyTable, list[Comparison]]:
    first = difficulty_table(before, organisation=organisation, young_only=young_only)
    second = difficulty_table(after, organisation=organisation, young_only=young_only)
    later = {s.key: s for s in second.areas}
    earlier = {s.key: s for s in first.areas}
    names = {s.key: s.label for s in [*first.areas, *second.areas]}
    rows = [
        Comparison(
            names[key],
            earlier[key].percent if key in earlier else None,
            later[key].percent if key in later else None,
        )
        for key in names
    ]
    return first, second, rows


# --- per teacher ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileRow:
    area: DeficitArea
    mean: Decimal
    is_difficulty: bool
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.mean - self.previous

    @property
    def improved(self) -> bool:
        return self.previous is not None and self.mean > self.previous


@dataclass(frozen=True)
class Profile:
    invitation: Invitation | None
    previous: Invitation | None
    rows: list[ProfileRow]

    @property
    def difficulties(self) -> list[ProfileRow]:
        return [r for r in self.rows if r.is_difficulty]


def teacher_profile(staff_member) -> Profile:
    """The deficit profile from the teacher's latest submitted, named deficits questionnaire,
    with the change from the one before. Anonymous campaigns never feed a personal profile.
    Two queries."""
    latest_two = list(
        Invitation.objects.filter(
            staff_member=staff_member,
            submitted_at__isnull=False,
            campaign__anonymous=False,
            campaign__version__instrument__purpose=Instrument.Purpose.DEFICITS,
        )
        .select_related("campaign")
        .order_by("-submitted_at")[:2]
    )
    if not latest_two:
        return Profile(None, None, [])
    results = AreaResult.objects.filter(invitation__in=latest_two).select_related("area")
    current, previous = {}, {}
    for result in results:
        target = current if result.invitation_id == latest_two[0].pk else previous
        target[result.area_id] = result
    rows = [
        ProfileRow(
            r.area,
            r.mean,
            r.is_difficulty,
            previous[area_id].mean if area_id in previous else None,
        )
        for area_id, r in current.items()
    ]
    rows.sort(key=lambda r: (r.mean, r.area.position))
    return Profile(latest_two[0], latest_two[1] if len(latest_two) > 1 else None, rows)


# --- satisfaction --------------------------------------------------------------------------


@dataclass(frozen=True)
class Average:
    label: str
    mentors: Decimal | None
    mentees: Decimal | None
    everyone: Decimal | None
    answers: int


def _averages(rows, key, label) -> list[Average]:
    """Fold (key, side) groups into one row per key, hiding groups below the anonymity
    minimum when asked to."""
    grouped: dict = {}
    for r in rows:
        entry = grouped.setdefault(r[key], {"label": r[label], "sides": {}, "n": 0, "sum": 0})
        entry["sides"][r["invitation__side"]] = (r["avg"], r["n"])
        entry["n"] += r["n"]
        # SQLite averages as float, PostgreSQL as Decimal.
        entry["sum"] += Decimal(str(r["avg"] or 0)) * r["n"]
    result = []
    for entry in grouped.values():
        sides = entry["sides"]
        result.append(
            Average(
                entry["label"],
                _round(sides.get("mentor")),
                _round(sides.get("mentee")),
                _round((entry["sum"] / entry["n"], entry["n"]) if entry["n"] else None),
                entry["n"],
            )
        )
    return result


def _round(pair) -> Decimal | None:
    if not pair or pair[0] is None:
        return None
    return Decimal(str(pair[0])).quantize(Decimal("0.01"), ROUND_HALF_UP)


def satisfaction(campaigns, *, anonymous_min: int = ANONYMITY_MIN):
    """Average scores per question and per organisation, mentors vs mentees, over the given
    satisfaction campaigns. Groups of anonymous campaigns with fewer than five answers are
    dropped before they reach a page. Two queries."""
    from .models import Answer

    base = Answer.objects.filter(
        invitation__campaign__in=campaigns,
        invitation__submitted_at__isnull=False,
        question__kind=Question.Kind.SCALE,
    )
    per_question = (
        base.values("question__text", "invitation__side", "invitation__campaign__anonymous")
        .annotate(avg=Avg("score"), n=Count("invitation", distinct=True))
        .order_by("question__text")
    )
    per_org = (
        base.values(
            "invitation__organisation",
            "invitation__organisation__short_name",
            "invitation__side",
            "invitation__campaign__anonymous",
        )
        .annotate(avg=Avg("score"), n=Count("invitation", distinct=True))
        .order_by("invitation__organisation__short_name")
    )

    def visible(rows):
        return [
            r for r in rows if not r["invitation__campaign__anonymous"] or r["n"] >= anonymous_min
        ]

    return (
        _averages(visible(per_question), "question__text", "question__text"),
        _averages(
            visible(per_org), "invitation__organisation", "invitation__organisation__short_name"
        ),
    )


def organisation_campaigns(organisation):
    """Campaigns that asked this organisation's people — its own and its municipality's —
    with the organisation's own progress. One grouped query over its invitations."""
    return (
        Invitation.objects.filter(organisation=organisation)
        .values(
            "campaign",
            "campaign__title",
            "campaign__starts_on",
            "campaign__ends_on",
            "campaign__closed_at",
            "campaign__organisation",
            "campaign__version__instrument__purpose",
        )
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(submitted_at__isnull=False)))
        .order_by("-campaign__starts_on", "-campaign")
    )


def diagnosed_staff(organisation):
    """Teachers of the organisation with a named deficits questionnaire submitted, and the
    date of the latest one."""
    from django.db.models import Max

    return (
        Invitation.objects.filter(
            organisation=organisation,
            submitted_at__isnull=False,
            campaign__anonymous=False,
            campaign__version__instrument__purpose=Instrument.Purpose.DEFICITS,
        )
        .values(
            "staff_member",
            "staff_member__last_name",
            "staff_member__first_name",
            "staff_member__patronymic",
        )
        .annotate(last=Max("submitted_at"))
        .order_by("staff_member__last_name", "staff_member__first_name")
    )
