"""Reads and figures of diagnostics. Every share and average a page shows is defined here,
and each is one aggregate query whatever the number of respondents."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from orgs.models import DeficitArea, Role, young_specialist_threshold
from orgs.tenancy import compiled_objects, compiled_rows
from pairs.models import Pair, PairMember

from .models import SCALE_MAX, AreaResult, Campaign, Instrument, Invitation, Question

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
    area: str = ""  # an indicator's deficit area (empty for the areas themselves)


@dataclass(frozen=True)
class DifficultyTable:
    respondents: int
    areas: list[Share]
    indicators: list[Share]
    hidden: bool = False  # an anonymous campaign with fewer than ANONYMITY_MIN answers


def _submitted(campaign_id: int, organisation_id: int | None, young_since) -> Q:
    """Results of the campaign's submitted questionnaires, of one organisation's people and
    of the young specialists (hired after ``young_since``) where these are given."""
    q = Q(invitation__campaign=campaign_id, invitation__submitted_at__isnull=False)
    if organisation_id is not None:
        q &= Q(invitation__organisation=organisation_id)
    if young_since is not None:
        q &= Q(invitation__staff_member__career_started_on__gt=young_since)
    return q


def difficulty_table(
    campaign: Campaign, *, organisation=None, young_only: bool = False, indicators: bool = True
) -> DifficultyTable:
    """The share of respondents with each difficulty, like the Онгудайский district report
    («эмоциональная сфера 61 %…»): by area (the area's mean at or below the threshold) and by
    indicator (one question answered at or below it). Three queries; two without
    ``indicators``, which aggregate every answer and which the overview's chart of areas does
    not show. Those two are compiled once per process (``orgs.tenancy.compiled_rows``): the
    municipality's overview reads them on every fresh view."""
    organisation_id = getattr(organisation, "pk", organisation)
    young_since = young_specialist_threshold(campaign.starts_on) if young_only else None
    by = (campaign.pk, organisation_id, young_since)
    respondents = sum(n for (n,) in compiled_rows(_respondents, *by))
    if campaign.anonymous and respondents < ANONYMITY_MIN:
        return DifficultyTable(respondents, [], [], hidden=True)
    areas = sorted(
        (
            Share(name, count, percent(count, respondents), area)
            for area, name, count in compiled_rows(_area_difficulties, *by)
        ),
        key=lambda s: -s.count,
    )
    if not indicators:
        return DifficultyTable(respondents, areas, [])
    threshold = campaign.version.difficulty_threshold
    from .models import Answer

    indicator_rows = (
        Answer.objects.filter(_submitted(*by), question__area__isnull=False)
        .values("question", "question__text", "question__area__name")
        .annotate(count=Count("id", filter=Q(score__lte=threshold)))
        .order_by("question__section__position", "question__position")
    )
    indicators = sorted(
        (
            Share(
                r["question__text"],
                r["count"],
                percent(r["count"], respondents),
                r["question"],
                r["question__area__name"],
            )
            for r in indicator_rows
        ),
        key=lambda s: -s.count,
    )
    return DifficultyTable(respondents, areas, indicators)


def _respondents(campaign_id: int, organisation_id: int | None, young_since):
    invitations = Invitation.objects.filter(campaign=campaign_id, submitted_at__isnull=False)
    if organisation_id is not None:
        invitations = invitations.filter(organisation=organisation_id)
    if young_since is not None:
        invitations = invitations.filter(staff_member__career_started_on__gt=young_since)
    return invitations.order_by().values("campaign").annotate(n=Count("pk")).values_list("n")


def _area_difficulties(campaign_id: int, organisation_id: int | None, young_since):
    return (
        AreaResult.objects.filter(
            _submitted(campaign_id, organisation_id, young_since), campaign=campaign_id
        )
        .values("area", "area__name", "area__position")
        .annotate(count=Count("id", filter=Q(is_difficulty=True)))
        .order_by("area__position")
        .values_list("area", "area__name", "count")
    )


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


def diagnosed_needs(staff_member) -> frozenset[int]:
    """Deficit areas that the person's latest named difficulties questionnaire found (what
    a mentor should help with, for matching)."""
    return frozenset(row.area.pk for row in teacher_profile(staff_member).difficulties)


def diagnosed_strengths(staff_ids) -> dict[int, frozenset[int]]:
    """For each person, the deficit areas their latest submitted, named deficits
    questionnaire assessed and found no difficulty in (what they could help others with).
    People never diagnosed are absent. Two queries for any number of people."""
    latest: dict[int, int] = {}
    invitations = (
        Invitation.objects.filter(
            staff_member__in=list(staff_ids),
            submitted_at__isnull=False,
            campaign__anonymous=False,
            campaign__version__instrument__purpose=Instrument.Purpose.DEFICITS,
        )
        .order_by("staff_member", "-submitted_at")
        .values_list("staff_member", "pk")
    )
    for staff_id, invitation_id in invitations:
        latest.setdefault(staff_id, invitation_id)
    strengths: dict[int, set[int]] = {staff_id: set() for staff_id in latest}
    owner = {invitation_id: staff_id for staff_id, invitation_id in latest.items()}
    results = AreaResult.objects.filter(invitation__in=list(owner), is_difficulty=False)
    for invitation_id, area_id in results.values_list("invitation", "area"):
        strengths[owner[invitation_id]].add(area_id)
    return {staff_id: frozenset(areas) for staff_id, areas in strengths.items()}


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


# --- pairs ---------------------------------------------------------------------------------

OPEN_PAIR_STATUSES = (Pair.Status.DRAFT, Pair.Status.ACTIVE)


def pair_members(organisations) -> list[tuple]:
    """(staff member, side, pair id) for the mentors and mentees of the organisations' draft
    and active pairs; a person in several pairs is asked once."""
    members = (
        PairMember.objects.filter(
            pair__organisation__in=organisations, pair__status__in=OPEN_PAIR_STATUSES
        )
        .select_related("staff")
        .order_by("pair_id", "role")
    )
    seen, people = set(), []
    for member in members:
        if member.staff_id not in seen:
            seen.add(member.staff_id)
            people.append((member.staff, member.role, member.pair_id))
    return people


@dataclass(frozen=True)
class CompatibilityPart:
    question: str
    mentor: int
    mentee: int

    @property
    def closeness(self) -> int:
        """100 when both gave the same answer, 0 when they are 1 and 5."""
        return round(100 - abs(self.mentor - self.mentee) * 100 / (SCALE_MAX - 1))


@dataclass
class PairCompatibility:
    pair: Pair
    mentors: list
    mentees: list
    parts: list[CompatibilityPart]
    threshold: int
    decision: object = None

    @property
    def score(self) -> int | None:
        if not self.parts:
            return None
        return round(sum(p.closeness for p in self.parts) / len(self.parts))

    @property
    def flagged(self) -> bool:
        return self.score is not None and self.score < self.threshold


def pairs_compatibility(pairs) -> list[PairCompatibility]:
    """Each pair's compatibility from the latest compatibility questionnaire of its first
    mentor and first mentee: the mean closeness of their answers to the same questions.
    Three queries whatever the number of pairs."""
    from .models import Answer, CompatibilityDecision, InstrumentVersion

    pairs = list(pairs)
    members = PairMember.objects.filter(pair__in=pairs).select_related("staff")
    by_pair: dict[int, dict[str, list]] = {p.pk: {"mentor": [], "mentee": []} for p in pairs}
    for m in members:
        by_pair[m.pair_id][m.role].append(m.staff)
    staff_ids = {s.pk for sides in by_pair.values() for people in sides.values() for s in people}
    answers = (
        Answer.objects.filter(
            invitation__staff_member__in=staff_ids,
            invitation__submitted_at__isnull=False,
            invitation__campaign__version__instrument__purpose=Instrument.Purpose.COMPATIBILITY,
            question__kind=Question.Kind.SCALE,
        )
        .values(
            "invitation__staff_member",
            "invitation__submitted_at",
            "question__text",
            "number",
            "invitation__campaign__version",
        )
        .order_by("invitation__submitted_at")
    )
    latest: dict[int, dict[str, int]] = {}
    latest_at: dict[int, object] = {}
    version_of: dict[int, int] = {}
    for a in answers:
        staff = a["invitation__staff_member"]
        if latest_at.get(staff) != a["invitation__submitted_at"]:
            # A later questionnaire replaces the earlier one entirely.
            latest[staff], latest_at[staff] = {}, a["invitation__submitted_at"]
            version_of[staff] = a["invitation__campaign__version"]
        latest[staff][a["question__text"]] = int(a["number"])
    thresholds = dict(
        InstrumentVersion.objects.filter(pk__in=set(version_of.values())).values_list(
            "pk", "compatibility_threshold"
        )
    )
    decisions = {}
    for d in CompatibilityDecision.objects.filter(pair__in=pairs).order_by("decided_at"):
        decisions[d.pair_id] = d
    result = []
    for pair in pairs:
        sides = by_pair[pair.pk]
        parts, threshold = [], 70
        if sides["mentor"] and sides["mentee"]:
            mentor, mentee = sides["mentor"][0].pk, sides["mentee"][0].pk
            a, b = latest.get(mentor, {}), latest.get(mentee, {})
            parts = [CompatibilityPart(q, a[q], b[q]) for q in a if q in b]
            threshold = thresholds.get(version_of.get(mentee), threshold)
        result.append(
            PairCompatibility(
                pair, sides["mentor"], sides["mentee"], parts, threshold, decisions.get(pair.pk)
            )
        )
    return result


# --- from diagnosis to plan ----------------------------------------------------------------


@dataclass
class Suggestion:
    row: ProfileRow
    activities: list  # TypicalActivity rows not yet in the plan for this area


@dataclass
class PlanDiagnostics:
    profile: Profile
    suggestions: list[Suggestion]
    addressed: list  # (PlanActivity, ProfileRow | None): linked activities and their area now


def plan_diagnostics(plan) -> PlanDiagnostics:
    """The «по результатам диагностики» panel: the mentee's current difficulties, typical
    activities for each that the plan does not have yet, and, for activities already linked
    to a deficit, whether that area improved since the previous campaign."""
    from .models import TypicalActivity

    profile = teacher_profile(plan.mentee)
    activities = list(plan.activities.select_related("deficit_area"))
    in_plan = {(a.deficit_area_id, a.title) for a in activities}
    difficulty_areas = [r.area.pk for r in profile.difficulties]
    typical: dict[int, list] = {}
    for t in TypicalActivity.objects.filter(area__in=difficulty_areas):
        if (t.area_id, t.title) not in in_plan:
            typical.setdefault(t.area_id, []).append(t)
    rows = {r.area.pk: r for r in profile.rows}
    return PlanDiagnostics(
        profile,
        [Suggestion(r, typical.get(r.area.pk, [])) for r in profile.difficulties],
        [(a, rows.get(a.deficit_area_id)) for a in activities if a.deficit_area_id],
    )


def latest_deficits_survey(municipality, *, year: int) -> Campaign | None:
    """The municipality's own deficits diagnostics that started in ``year`` (the latest),
    whose shares the overview charts and the analytical report show. One statement,
    compiled once per process (``orgs.tenancy.compiled_objects``): the municipality's
    overview reads it on every fresh view."""
    municipality_id = getattr(municipality, "pk", municipality)
    found = compiled_objects(_latest_deficits_survey, municipality_id, year)
    return found[0] if found else None


def _latest_deficits_survey(municipality_id: int, year: int):
    return Campaign.objects.filter(
        municipality=municipality_id,
        organisation__isnull=True,
        starts_on__year=year,
        version__instrument__purpose=Instrument.Purpose.DEFICITS,
    ).order_by("-starts_on", "-pk")[:1]


@dataclass(frozen=True)
class MenteeSatisfaction:
    """Satisfaction of one mentor's mentees: their scale answers' mean (1–5), hidden below
    ``ANONYMITY_MIN`` respondents like every other small group's average."""

    points: Decimal = Decimal(0)
    answers: int = 0
    respondents: int = 0

    @property
    def mean(self) -> Decimal | None:
        if self.respondents < ANONYMITY_MIN or not self.answers:
            return None
        return (self.points / self.answers).quantize(Decimal("0.1"), ROUND_HALF_UP)


def mentees_satisfaction(mentor) -> MenteeSatisfaction:
    """Scale answers of satisfaction questionnaires that the mentor's mentees submitted as the
    mentee side, in every pair the mentor took part in that started. One query."""
    from .models import Answer

    mentees = PairMember.objects.filter(
        role=PairMember.Role.MENTEE,
        pair__members__staff=mentor,
        pair__members__role=PairMember.Role.MENTOR,
    ).exclude(pair__status=Pair.Status.DRAFT)
    row = Answer.objects.filter(
        score__isnull=False,
        question__kind=Question.Kind.SCALE,
        invitation__submitted_at__isnull=False,
        invitation__side=Invitation.Side.MENTEE,
        invitation__staff_member__in=mentees.values("staff"),
        invitation__campaign__version__instrument__purpose=Instrument.Purpose.SATISFACTION,
    ).aggregate(
        points=Sum("score"), answers=Count("pk"), respondents=Count("invitation", distinct=True)
    )
    return MenteeSatisfaction(Decimal(str(row["points"] or 0)), row["answers"], row["respondents"])


def deficits_surveys_of_year(municipality, *, year: int) -> list[Campaign]:
    """Every level's deficits diagnostics that started in ``year``: the municipality's own
    (the latest, as ``latest_deficits_survey``) first, then the latest of each of its
    organisations that ran one of its own. Two queries."""
    own = latest_deficits_survey(municipality, year=year)
    latest: dict[int, Campaign] = {}
    for campaign in (
        Campaign.objects.filter(
            municipality=municipality,
            organisation__isnull=False,
            starts_on__year=year,
            version__instrument__purpose=Instrument.Purpose.DEFICITS,
        )
        .select_related("organisation", "version")
        .order_by("-starts_on", "-pk")
    ):
        latest.setdefault(campaign.organisation_id, campaign)
    schools = sorted(latest.values(), key=lambda c: (c.organisation.short_name, c.pk))
    return ([own] if own else []) + schools


def person_data_of(person) -> dict:
    """The person's questionnaires and the answers of the named ones, for their request
    under 152-ФЗ (``orgs.personal_data``)."""
    from .models import Answer

    invitations = list(Invitation.objects.filter(staff_member=person).select_related("campaign"))
    named = [i.pk for i in invitations if not i.campaign.anonymous]
    answers = Answer.objects.filter(invitation_id__in=named).select_related("question")
    return {
        "анкеты": [
            {
                "анкета": i.campaign.title,
                "анонимная": i.campaign.anonymous,
                "ответ отправлен": i.submitted_at.isoformat() if i.submitted_at else None,
            }
            for i in invitations
        ],
        "ответы неанонимных анкет": [
            {
                "вопрос": a.question.text,
                "ответ": a.text or (str(a.number) if a.number is not None else a.choices),
            }
            for a in answers
        ],
    }
