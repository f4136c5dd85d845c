"""Reads and figures about programmes, pairs, plans and the log. Each figure is defined once,
here; pages, digests and the workspace all ask these functions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from orgs.models import (
    DeficitArea,
    MatchingWeights,
    Membership,
    MentorProfile,
    Role,
    StaffMember,
    young_specialist_threshold,
)
from orgs.schoolyear import SchoolYear
from orgs.selectors import network_mentor_area, network_mentor_place, region_deficit_areas_q
from orgs.tenancy import compiled_objects, widened_scope

from . import extensions
from .matching import Candidate, Mentee, Weights
from .models import (
    LogEntry,
    Pair,
    PairMember,
    PairStatusChange,
    Plan,
    PlanActivity,
    PlanTemplate,
    Programme,
)

ENDING_SOON_DAYS = 30

# «Has a mentor» counts mentees of ACTIVE pairs only: a draft pair has no order yet and its
# mentor has not started, so reporting it upward as mentored would overstate the coverage.
# The matching queue is a different question (who still needs a proposal) and also skips
# drafts, see ``in_open_pair``.
HAS_MENTOR_STATUSES = (Pair.Status.ACTIVE,)
OPEN_STATUSES = (Pair.Status.DRAFT, Pair.Status.ACTIVE)


def has_mentor(staff_ref: str = "pk") -> Exists:
    """The one rule of «has a mentor»: the staff member (``OuterRef(staff_ref)``) is a
    mentee of an active pair or group. Pages, filters, overviews and the API use it."""
    return Exists(
        PairMember.objects.filter(
            staff=OuterRef(staff_ref),
            role=PairMember.Role.MENTEE,
            pair__status__in=HAS_MENTOR_STATUSES,
        )
    )


def is_mentor(staff_ref: str = "pk") -> Exists:
    """The staff member mentors someone in an active pair or group (same rule as above)."""
    return Exists(
        PairMember.objects.filter(
            staff=OuterRef(staff_ref),
            role=PairMember.Role.MENTOR,
            pair__status__in=HAS_MENTOR_STATUSES,
        )
    )


def pairs_named(*, organisation_id: int, ids) -> list[Pair]:
    """The organisation's pairs of ``ids`` (fewer when some are not its own), oldest first,
    with their programme and members: what a document about pairs prints."""
    return list(
        Pair.objects.filter(organisation=organisation_id, pk__in=ids)
        .select_related("programme")
        # Members' staff may work in another school (network mentors): joined, not scoped.
        .prefetch_related("members__staff")
        .order_by("starts_on", "pk")
    )


def mentor_load_expression(staff_ref: str = "pk"):
    """Mentees a staff member mentors in open (draft or active) pairs, as a subquery: the
    one definition of a mentor's current load used by the base, the matching and the list."""
    mentees = (
        PairMember.objects.filter(
            role=PairMember.Role.MENTEE,
            pair__status__in=OPEN_STATUSES,
            pair__members__role=PairMember.Role.MENTOR,
            pair__members__staff=OuterRef(staff_ref),
        )
        .order_by()
        .values("pair__members__staff")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(mentees, output_field=IntegerField()), 0)


def in_open_pair(staff_ref: str = "pk") -> Exists:
    """A mentee of a draft or active pair: such a person is not offered another mentor."""
    return Exists(
        PairMember.objects.filter(
            staff=OuterRef(staff_ref),
            role=PairMember.Role.MENTEE,
            pair__status__in=OPEN_STATUSES,
        )
    )


def ending_soon_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """The one rule of «заканчиваются»: an active pair whose planned end falls within
    ``ENDING_SOON_DAYS`` days from today (today included)."""
    today = today or timezone.localdate()
    return Q(
        **{
            f"{prefix}status": Pair.Status.ACTIVE,
            f"{prefix}planned_end_on__gte": today,
            f"{prefix}planned_end_on__lte": today + datetime.timedelta(days=ENDING_SOON_DAYS),
        }
    )


def stalled_days() -> int:
    """A pair is «без движения» when nothing was logged for this many days."""
    return settings.PAIRS_STALLED_DAYS


def stalled_q(today: datetime.date | None = None) -> Q:
    """The one rule of «без движения», over pairs: active, started more than
    ``stalled_days()`` ago, and nothing logged in that many days."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=stalled_days())
    recent = LogEntry.objects.filter(pair=OuterRef("pk"), happened_on__gte=since)
    return Q(status=Pair.Status.ACTIVE, starts_on__lt=since) & ~Q(Exists(recent))


LESSON_VISIT_Q = Q(kind=LogEntry.Kind.LESSON_VISIT)


def lesson_visits_of_year(entries: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """The one rule of «посещений уроков»: log entries of that kind dated in the current
    school year up to today (1 September – ``today``). Every page and the API say so."""
    return log_of_year(entries, today).filter(LESSON_VISIT_Q)


def log_of_year(entries: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Log entries of the current school year up to today (the period of the log figures)."""
    today = today or timezone.localdate()
    year = SchoolYear.containing(today)
    return entries.filter(
        happened_on__gte=year.starts_on, happened_on__lte=min(today, year.ends_on)
    )


def overdue_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status": PlanActivity.Status.PLANNED, f"{prefix}deadline__lt": today})


def running_plan_activities(**within) -> QuerySet:
    """Activities of running (active) plans in the places ``within`` names (tenant lookups
    such as ``organisation=…`` or ``municipality__in=…``). The plan is narrowed to the same
    places, so it is read by its own tenant index instead of every running plan in the
    country being hashed for the join."""
    of_plan = {f"plan__{lookup}": value for lookup, value in within.items()}
    return PlanActivity.objects.filter(**within, **of_plan, plan__status=Plan.Status.ACTIVE)


def overdue_activities(organisation, today: datetime.date) -> QuerySet:
    """Activities of the school's running plans past their deadline."""
    return running_plan_activities(organisation=organisation).filter(overdue_q(today))


def with_pair_figures(pairs: QuerySet, *, today: datetime.date | None = None) -> QuerySet:
    """Annotate plans, overdue activities and the last logged date: one query for the page."""
    today = today or timezone.localdate()
    overdue = (
        PlanActivity.objects.filter(plan__pair=OuterRef("pk"), plan__status=Plan.Status.ACTIVE)
        .filter(overdue_q(today))
        .values("plan__pair")
        .annotate(c=Count("pk"))
        .values("c")[:1]
    )
    last_log = (
        LogEntry.objects.filter(pair=OuterRef("pk"))
        .order_by("-happened_on")
        .values("happened_on")[:1]
    )
    return pairs.annotate(
        plan_count=Coalesce(
            Subquery(
                Plan.objects.filter(pair=OuterRef("pk"))
                .values("pair")
                .annotate(c=Count("pk"))
                .values("c")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        overdue_count=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        last_logged_on=Subquery(last_log),
    )


def members_prefetch() -> Prefetch:
    return Prefetch(
        "members",
        queryset=PairMember.objects.select_related("staff__organisation").order_by("role", "pk"),
    )


# What the pair lists show of a member (``pair_tables.members``): the staff member's name and,
# for a network mentor, their school's short name; whole staff and school rows cost a fifth of
# the list's rendering.
LISTED_MEMBER_FIELDS = (
    "pair_id",
    "role",
    "staff__last_name",
    "staff__first_name",
    "staff__patronymic",
    "staff__organisation_id",
    "staff__organisation__short_name",
)


def pairs_of_organisation(organisation) -> QuerySet:
    """The school's pairs with their programme and figures; ``with_listed_members`` adds
    the members the lists show."""
    return with_pair_figures(
        Pair.objects.filter(organisation=organisation).select_related("programme")
    )


def with_listed_members(pairs: list[Pair]) -> list[Pair]:
    """Each pair's members as the lists show them (``pair.listed_members``),
    in one read compiled once per set of pairs (``orgs.tenancy.compiled_objects``)."""
    by_pair: dict[int, list[PairMember]] = {pair.pk: [] for pair in pairs}
    if by_pair:
        for member in compiled_objects(listed_members, tuple(by_pair)):
            by_pair[member.pair_id].append(member)
    for pair in pairs:
        pair.listed_members = by_pair[pair.pk]
    return pairs


def listed_members(pair_ids: tuple[int, ...]) -> QuerySet:
    return (
        PairMember.objects.filter(pair__in=pair_ids)
        .select_related("staff__organisation")
        .only(*LISTED_MEMBER_FIELDS)
        .order_by("role", "pk")
    )


@dataclass(frozen=True)
class Progress:
    total: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0


def progress_of(activities) -> Progress:
    """Progress over already loaded activities; cancelled ones do not count."""
    today = timezone.localdate()
    counted = [a for a in activities if a.status != PlanActivity.Status.CANCELLED]
    return Progress(
        total=len(counted),
        done=sum(1 for a in counted if a.status == PlanActivity.Status.DONE),
        overdue=sum(
            1 for a in counted if a.status == PlanActivity.Status.PLANNED and a.deadline < today
        ),
    )


def with_plan_progress(plans: QuerySet) -> QuerySet:
    """The same figures as ``progress_of``, aggregated in the database for lists."""
    today = timezone.localdate()
    counted = ~Q(activities__status=PlanActivity.Status.CANCELLED)
    return plans.annotate(
        activity_total=Count("activities", filter=counted),
        activity_done=Count("activities", filter=Q(activities__status=PlanActivity.Status.DONE)),
        activity_overdue=Count("activities", filter=overdue_q(today, "activities__")),
    )


def plan_progress(plan) -> Progress:
    """For a plan annotated by ``with_plan_progress``."""
    return Progress(plan.activity_total, plan.activity_done, plan.activity_overdue)


@dataclass(frozen=True)
class PlanDeficitAreas:
    deficits: list[DeficitArea]  # the plan's own
    of_region: list[DeficitArea]  # what its activities may address (the activity form's)


def plan_deficit_areas(plan) -> PlanDeficitAreas:
    """The plan's deficits and its region's areas, in one read: the plan page shows both."""
    areas = compiled_objects(_deficit_areas_of_plan, plan.pk, plan.region_id)
    return PlanDeficitAreas(
        deficits=[area for area in areas if area.in_plan],
        of_region=[area for area in areas if area.of_region],
    )


def _deficit_areas_of_plan(plan_id: int, region_id: int):
    in_plan = Exists(Plan.deficits.through.objects.filter(plan=plan_id, deficitarea=OuterRef("pk")))
    of_region = region_deficit_areas_q(region_id)
    return DeficitArea.objects.annotate(
        in_plan=in_plan, of_region=ExpressionWrapper(of_region, output_field=BooleanField())
    ).filter(Q(in_plan=True) | of_region)


def plan_activities(plan) -> list[PlanActivity]:
    """The plan's activities in the plan's order, each with its deficit area."""
    return compiled_objects(_activities_of_plan, plan.pk)


def _activities_of_plan(plan_id: int):
    return (
        PlanActivity.objects.filter(plan=plan_id)
        .select_related("deficit_area")
        .order_by("position", "deadline", "pk")
    )


@dataclass(frozen=True)
class PairFigures:
    programmes: int = 0
    active: int = 0
    draft: int = 0
    completed: int = 0
    terminated: int = 0
    without_plan: int = 0
    ending_soon: int = 0
    overdue_activities: int = 0
    log_entries: int = 0
    lesson_visits: int = 0


def pair_figures(organisation, *, today: datetime.date | None = None) -> PairFigures:
    """The workspace figures of one organisation: four aggregate queries. The log figures
    cover this school year, as on the overview."""
    today = today or timezone.localdate()
    open_statuses = list(OPEN_STATUSES)
    pairs = Pair.objects.filter(organisation=organisation).aggregate(
        active=Count("pk", filter=Q(status=Pair.Status.ACTIVE)),
        draft=Count("pk", filter=Q(status=Pair.Status.DRAFT)),
        completed=Count("pk", filter=Q(status=Pair.Status.COMPLETED)),
        terminated=Count("pk", filter=Q(status=Pair.Status.TERMINATED)),
        without_plan=Count(
            "pk",
            filter=Q(status__in=open_statuses)
            & ~Q(Exists(Plan.objects.filter(pair=OuterRef("pk")))),
        ),
        ending_soon=Count("pk", filter=ending_soon_q(today)),
    )
    overdue = overdue_activities(organisation, today).count()
    entries = LogEntry.objects.filter(organisation=organisation)
    # The same entries as ``lesson_visits_of_year``, counted in the one query of the log.
    log = log_of_year(entries, today).aggregate(
        total=Count("pk"), visits=Count("pk", filter=LESSON_VISIT_Q)
    )
    programmes = Programme.objects.filter(
        organisation=organisation, status=Programme.Status.ACTIVE
    ).count()
    return PairFigures(
        programmes=programmes,
        overdue_activities=overdue,
        log_entries=log["total"],
        lesson_visits=log["visits"],
        **pairs,
    )


def log_counts_per_mentor(organisation, *, since: datetime.date | None = None) -> list[dict]:
    """Per mentor of the organisation's pairs: the lesson visits they made (a visit counts
    for whoever visited, in whichever pair it was logged) and the log entries of every pair
    they are a member of (``entries_total``)."""
    entries = LogEntry.objects.filter(organisation=organisation)
    if since:
        entries = entries.filter(happened_on__gte=since)
    mentors = (
        PairMember.objects.filter(organisation=organisation, role=PairMember.Role.MENTOR)
        .values("staff")
        .distinct()
    )
    # A network mentor works in another school of the region, outside a curator's staff
    # scope: the staff rows are read there, limited to the mentors of this organisation's pairs.
    with widened_scope((organisation.region_id, None, None)):
        rows = (
            StaffMember.objects.filter(pk__in=mentors)
            .annotate(
                visits=Coalesce(
                    Subquery(
                        entries.filter(visitor=OuterRef("pk"), kind=LogEntry.Kind.LESSON_VISIT)
                        .values("visitor")
                        .annotate(c=Count("pk"))
                        .values("c")[:1],
                        output_field=IntegerField(),
                    ),
                    Value(0),
                ),
                entries_total=Coalesce(
                    Subquery(
                        entries.filter(pair__members__staff=OuterRef("pk"))
                        .values("pair__members__staff")
                        .annotate(c=Count("pk"))
                        .values("c")[:1],
                        output_field=IntegerField(),
                    ),
                    Value(0),
                ),
            )
            .order_by("last_name", "first_name")
        )
        return list(
            rows.values("pk", "last_name", "first_name", "patronymic", "visits", "entries_total")
        )


def log_counts_per_pair(pairs: QuerySet) -> QuerySet:
    return pairs.annotate(
        log_total=Count("log_entries", distinct=True),
        log_visits=Count(
            "log_entries",
            filter=Q(log_entries__kind=LogEntry.Kind.LESSON_VISIT),
            distinct=True,
        ),
        log_meetings=Count(
            "log_entries", filter=Q(log_entries__kind=LogEntry.Kind.MEETING), distinct=True
        ),
        log_last=Max("log_entries__happened_on"),
    )


def history_of(pair) -> QuerySet:
    return PairStatusChange.objects.filter(pair=pair).select_related("changed_by")


def templates_for(organisation) -> QuerySet:
    """Templates the organisation may start from: the portal's, its municipality's, its own."""
    return list(
        PlanTemplate.objects.filter(
            Q(region__isnull=True, municipality__isnull=True, organisation__isnull=True)
            | Q(municipality=organisation.municipality_id, organisation__isnull=True)
            | Q(organisation=organisation.pk)
        )
        .annotate(activity_count=Count("activities"))
        .order_by("organisation", "municipality", "title")
    )


def template_for(organisation, pk) -> PlanTemplate | None:
    return next((t for t in templates_for(organisation) if t.pk == pk), None)


def staff_search(organisation, query: str, *, network: bool = False, limit: int = 20):
    """Working staff of the organisation matching ``query``; with ``network``, working
    staff of other organisations of the municipality (or the region, if allowed).

    Any working teacher nearby can be a network mentor, whether or not the municipal mentor
    base lists them. A curator's scope is their school, so this reaches the area's
    schools on purpose: working staff only, filtered explicitly by municipality or region."""
    words = [w for w in query.split() if w][:3]
    condition = Q()
    for word in words:
        condition &= (
            Q(last_name__istartswith=word)
            | Q(first_name__istartswith=word)
            | Q(patronymic__istartswith=word)
        )
    if not network:
        people = StaffMember.objects.filter(organisation=organisation).working().filter(condition)
        return list(
            people.select_related("organisation").order_by("last_name", "first_name")[:limit]
        )
    with widened_scope(network_mentor_place(organisation)):
        people = (
            StaffMember.objects.working()
            .filter(condition, network_mentor_area(organisation))
            .exclude(organisation=organisation)
        )
        return list(
            people.select_related("organisation").order_by("last_name", "first_name")[:limit]
        )


# The shipped plan of reverse (digital) mentoring: a young teacher – an experienced one.
REVERSE_TEMPLATE_CODE = "reverse-digital"


def default_template(pair: Pair, templates: list):
    """The template a new plan of ``pair`` starts from: reverse mentoring has its own."""
    reverse = pair.format == Pair.Format.REVERSE
    fitting = [t for t in templates if (t.code == REVERSE_TEMPLATE_CODE) == reverse]
    return (fitting or templates or [None])[0]


def suggested_category(staff: StaffMember) -> str:
    """Mentee category from the staff card: young specialist, then a transfer."""
    if staff.is_young_specialist():
        return Pair.MenteeCategory.YOUNG_SPECIALIST
    if staff.previous_organisation_id or staff.previous_organisation_name:
        return Pair.MenteeCategory.TRANSFER
    return Pair.MenteeCategory.NEW_DUTIES


def due_by(plan_ids, until: datetime.date) -> QuerySet:
    """Planned activities of these plans whose deadline is ``until`` or earlier."""
    return PlanActivity.objects.filter(
        plan__in=plan_ids, status=PlanActivity.Status.PLANNED, deadline__lte=until
    )


def due_this_month(plan_ids, *, today: datetime.date | None = None) -> QuerySet:
    """Planned activities of these plans whose deadline falls in this month or earlier."""
    from .models import month_end

    today = today or timezone.localdate()
    return (
        due_by(plan_ids, month_end(today))
        .select_related("plan__mentee")
        .order_by("deadline", "position")
    )


def programmes_of(organisation) -> list[Programme]:
    """Programmes with their pairs counted by status: one query."""
    return list(
        Programme.objects.filter(organisation=organisation)
        .annotate(
            pairs_active=Count("pairs", filter=Q(pairs__status=Pair.Status.ACTIVE)),
            pairs_total=Count("pairs"),
        )
        .order_by("status", "-starts_on", "title")
    )


# --- one mentor's record (the portfolio and the contest applications read these) ----------

MENTORED_STATUSES = (Pair.Status.ACTIVE, Pair.Status.COMPLETED, Pair.Status.TERMINATED)


def mentor_pairs(staff: StaffMember) -> QuerySet:
    """Pairs and groups the person mentors or mentored: every status but draft (a draft has
    not started), newest first, with members and the plans' progress prefetched. Read in the
    caller's scope."""
    plans = with_plan_progress(Plan.objects.select_related("mentee").order_by("starts_on", "pk"))
    return (
        Pair.objects.filter(
            members__staff=staff,
            members__role=PairMember.Role.MENTOR,
            status__in=MENTORED_STATUSES,
        )
        .select_related("programme", "organisation")
        .prefetch_related(members_prefetch(), Prefetch("plans", queryset=plans))
        .order_by("-starts_on", "-pk")
        .distinct()
    )


@dataclass(frozen=True)
class MenteeRetention:
    mentees: int = 0
    working: int = 0

    @property
    def percent(self) -> int | None:
        return round(self.working * 100 / self.mentees) if self.mentees else None


def mentee_retention(staff: StaffMember) -> MenteeRetention:
    """The one rule of «сохранение наставляемых»: of the different people the person
    mentored (pairs that started), how many still work as teachers. One query."""
    mentees = StaffMember.objects.filter(
        Exists(
            PairMember.objects.filter(
                staff=OuterRef("pk"),
                role=PairMember.Role.MENTEE,
                pair__status__in=MENTORED_STATUSES,
                pair__members__staff=staff,
                pair__members__role=PairMember.Role.MENTOR,
            )
        )
    ).aggregate(
        total=Count("pk"), working=Count("pk", filter=Q(employment_status=StaffMember.Status.WORKS))
    )
    return MenteeRetention(mentees["total"], mentees["working"])


@dataclass(frozen=True)
class LessonVisits:
    total: int = 0
    this_year: int = 0


def lesson_visits_by(staff: StaffMember, *, today: datetime.date | None = None) -> LessonVisits:
    """Lessons the person visited as a mentor: all logged, and those of this school year by
    the rule of ``lesson_visits_of_year``. Two queries."""
    visited = LogEntry.objects.filter(visitor=staff)
    return LessonVisits(
        visited.filter(LESSON_VISIT_Q).count(), lesson_visits_of_year(visited, today).count()
    )


# --- mentor matching: the inputs of ``pairs.matching`` ------------------------------------


def matching_weights(municipality) -> Weights:
    """The municipality's weights of the score (the defaults where none are saved)."""
    row = MatchingWeights.objects.filter(municipality=municipality).first()
    if row is None:
        return Weights()
    return Weights(row.subject, row.needs, row.experience, row.capacity)


def as_mentee(person: StaffMember) -> Mentee:
    """A mentee for matching: needs are the areas stated on the staff card and those the
    latest diagnostics found (two queries per mentee for the diagnosis)."""
    return Mentee(
        id=person.pk,
        name=person.full_name,
        organisation_id=person.organisation_id,
        municipality_id=person.municipality_id,
        subjects=frozenset(s.pk for s in person.subjects.all()),
        needs=frozenset(a.pk for a in person.needs.all()) | extensions.diagnosed_needs(person),
    )


def matching_candidates(organisation, *, on: datetime.date | None = None) -> list[Candidate]:
    """Candidate mentors for mentees of ``organisation``: its own experienced staff and the
    municipal base. The base part is the same narrow cross-tenant read as ``mentor_base``."""
    on = on or timezone.localdate()
    limit = organisation.mentor_load_limit or settings.MENTOR_LOAD_LIMIT
    curators = set(
        Membership.objects.filter(
            organisation=organisation.pk,
            role=Role.CURATOR,
            is_active=True,
            user__staff_member__isnull=False,
        ).values_list("user__staff_member", flat=True)
    )
    candidates: dict[int, Candidate] = {}
    # The base is the municipality's; a mentor's load counts their pairs anywhere network
    # mentoring reaches, which is never beyond the region.
    with widened_scope((organisation.region_id, None, None)):
        profiles = (
            MentorProfile.objects.filter(
                municipality_id=organisation.municipality_id,
                is_available=True,
                staff__employment_status=StaffMember.Status.WORKS,
            )
            .select_related("staff")
            .prefetch_related("subjects", "deficit_areas", "staff__subjects")
            .annotate(load=mentor_load_expression("staff_id"))
        )
        for p in profiles:
            candidates[p.staff_id] = Candidate(
                id=p.staff_id,
                name=p.staff.full_name,
                organisation_id=p.organisation_id,
                municipality_id=p.municipality_id,
                subjects=frozenset(s.pk for s in p.subjects.all())
                | frozenset(s.pk for s in p.staff.subjects.all()),
                areas=frozenset(a.pk for a in p.deficit_areas.all()) or None,
                category=p.staff.category,
                career_years=p.staff.career_years(on),
                capacity=p.capacity,
                load=p.load,
                is_curator=p.staff_id in curators,
            )
        own = (
            StaffMember.objects.filter(organisation=organisation)
            .working()
            .filter(career_started_on__lte=young_specialist_threshold(on))
            .exclude(pk__in=list(candidates))
            .prefetch_related("subjects")
            .annotate(load=mentor_load_expression())
        )
        own = list(own)
        strengths = extensions.diagnosed_strengths([*candidates, *(p.pk for p in own)])
    for person in own:
        candidates[person.pk] = Candidate(
            id=person.pk,
            name=person.full_name,
            organisation_id=person.organisation_id,
            municipality_id=person.municipality_id,
            subjects=frozenset(s.pk for s in person.subjects.all()),
            category=person.category,
            career_years=person.career_years(on),
            capacity=limit,
            load=person.load,
            is_curator=person.pk in curators,
        )
    # What people could help with, from their own diagnostics: areas without difficulty
    # (read with the base's, below the scope: network mentors' results are in other schools).
    for staff_id, areas in strengths.items():
        known = candidates[staff_id].areas or frozenset()
        candidates[staff_id] = replace(candidates[staff_id], areas=known | areas)
    return list(candidates.values())


def unmatched_young_specialists(organisation, *, on: datetime.date | None = None):
    """Young specialists of the organisation who are not a mentee of any open pair (a draft
    pair already proposes their mentor)."""
    return (
        StaffMember.objects.filter(organisation=organisation)
        .young_specialists(on)
        .exclude(in_open_pair())
        .prefetch_related("subjects", "needs")
        .order_by("last_name", "first_name", "pk")
    )


def person_data_of(person: StaffMember) -> dict:
    """The person's pairs and their plans' activities, for their request under 152-ФЗ
    (``orgs.personal_data``)."""
    from orgs.personal_data import day

    return {
        "наставничество": [
            {
                "роль": m.get_role_display(),
                "программа": str(m.pair.programme),
                "начало": day(m.pair.starts_on),
                "статус": m.pair.get_status_display(),
            }
            for m in PairMember.objects.filter(staff=person).select_related("pair__programme")
        ],
        "мероприятия плана": [
            {"мероприятие": a.title, "срок": day(a.due_on), "статус": a.get_status_display()}
            for a in PlanActivity.objects.filter(plan__pair__members__staff=person).distinct()
        ],
    }


def workspace_part(organisation) -> dict:
    """What a school's workspace (orgs) shows of its pairs: their figures' card."""
    return {"pair_figures": pair_figures(organisation)}


def staff_card_part(person) -> dict:
    """What a staff card (orgs) shows of the person's pairs, newest first."""
    return {
        "memberships": PairMember.objects.filter(staff=person)
        .select_related("pair__programme")
        .order_by("-pair__starts_on", "pk")
    }
