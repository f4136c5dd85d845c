"""Overview figures of organisations, municipalities and regions.

Every figure is defined once, here or in the selector it reuses, and its docstring (FIGURES)
is the tooltip the pages show. Each figure is one aggregate grouped by a tenant key
("organisation", "municipality" or "region"), and all of them are read as one statement, so a
page costs the same number of queries for 5 schools or 500.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, fields
from functools import reduce
from operator import attrgetter, or_

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from monitoring.diagnostics.selectors import ANONYMITY_MIN
from monitoring.effectiveness.pack import pack_size
from orgs.models import StaffMember, young_specialist_threshold
from orgs.schoolyear import SchoolYear
from orgs.selectors import staff_figures_query
from orgs.tenancy import compiled_objects, compiled_rows
from pairs.models import LogEntry, Pair, Plan, PlanActivity, Programme, consent_recorded_q
from pairs.selectors import (
    ENDING_SOON_DAYS,
    ending_soon_q,
    has_mentor,
    lesson_visits_of_year,
    overdue_activities,
    overdue_q,
    running_plan_activities,
    stalled_days,
    stalled_q,
)

# Column → (Russian title, tooltip with the definition).
FIGURES = {
    "teachers": ("Педагогов", "Работающие педагогические работники."),
    "young_specialists": (
        "Молодых специалистов",
        "Работающие педагоги с педагогическим стажем менее трёх лет.",
    ),
    "young_with_mentor": (
        "Из них с наставником",
        "Молодые специалисты — наставляемые в действующей паре или группе.",
    ),
    "match_rate": (
        "Охват наставничеством, %",
        "Доля молодых специалистов с наставником; ориентир — 70 % и выше.",
    ),
    "programmes": ("Программ", "Реализуемые программы наставничества организации."),
    "active_pairs": ("Действующих пар", "Пары и группы в статусе «действует»."),
    "plan_completion": (
        "Выполнение планов, %",
        "Доля выполненных мероприятий в действующих персонализированных программах.",
    ),
    "overdue_activities": (
        "Просрочено",
        "Мероприятия действующих планов, срок которых прошёл, а отметки о выполнении нет.",
    ),
    "lesson_visits": (
        "Посещений уроков",
        "Записи журнала «посещение урока» в этом учебном году (с 1 сентября).",
    ),
    "stalled_pairs": (
        "Без движения",
        "Действующие пары, начатые раньше, чем за последние дни (настройка PAIRS_STALLED_DAYS), "
        "без записей в журнале за эти дни.",
    ),
    "ending_soon": (
        "Заканчиваются",
        f"Действующие пары с окончанием в ближайшие {ENDING_SOON_DAYS} дней.",
    ),
    "diagnostics_coverage": (
        "Диагностика, %",
        "Доля работающих педагогов, ответивших на анкету профессиональных затруднений в этом "
        "учебном году.",
    ),
    "satisfaction": (
        "Удовлетворённость, балл",
        "Средний балл (1–5) ответов на вопросы-шкалы анкет удовлетворённости этого учебного "
        "года; не показывается, пока ответили меньше пяти человек.",
    ),
    "acts_completeness": (
        "Локальные акты, %",
        "Доля документов обязательного пакета (перечень муниципалитета), отмеченных организациями.",
    ),
    "website_sections": (
        "Раздел сайта",
        "Организации с указанным разделом «Наставничество» на сайте.",
    ),
}


@dataclass
class OverviewFigures:
    teachers: int = 0
    young_specialists: int = 0
    young_with_mentor: int = 0
    programmes: int = 0
    active_pairs: int = 0
    activities: int = 0
    activities_done: int = 0
    overdue_activities: int = 0
    lesson_visits: int = 0
    stalled_pairs: int = 0
    ending_soon: int = 0
    diagnosed: int = 0
    satisfaction_points: int = 0
    satisfaction_answers: int = 0
    satisfaction_respondents: int = 0
    acts_present: int = 0
    acts_required: int = 0
    website_sections: int = 0

    @property
    def match_rate(self) -> float | None:
        if not self.young_specialists:
            return None
        return round(self.young_with_mentor / self.young_specialists * 100, 1)

    @property
    def plan_completion(self) -> float | None:
        if not self.activities:
            return None
        return round(self.activities_done / self.activities * 100, 1)

    @property
    def diagnostics_coverage(self) -> float | None:
        if not self.teachers:
            return None
        return round(self.diagnosed / self.teachers * 100, 1)

    @property
    def satisfaction(self) -> float | None:
        """Hidden below five respondents, as diagnostics hides small anonymous groups: a
        school's two mentees must not be recognisable by their average."""
        if self.satisfaction_respondents < ANONYMITY_MIN:
            return None
        return round(self.satisfaction_points / self.satisfaction_answers, 1)

    @property
    def acts_completeness(self) -> float | None:
        if not self.acts_required:
            return None
        return round(self.acts_present / self.acts_required * 100, 1)

    def __add__(self, other: OverviewFigures) -> OverviewFigures:
        return OverviewFigures(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


# The stored counts, from which every percentage above is derived (monitoring.models).
FIGURE_COUNTS = [f.name for f in fields(OverviewFigures)]
FIRST_YEAR = 2020  # the federal target model starts in the 2020/21 school year


def overview_figures(
    key: str,
    ids: list[int],
    *,
    today: datetime.date | None = None,
    within: dict | None = None,
) -> dict[int, OverviewFigures]:
    """Figures for the places ``ids`` (organisations, municipalities or regions, as ``key``
    says), read in the caller's tenant scope. ``within`` narrows the rows read to those
    places the cheapest way (the summary refresh passes one region's key instead of its
    organisations' ids).

    One query: the figures' aggregates (``_figure_queries``) read as one statement, so a
    page pays one round trip for them. A page's statement (no ``within``) is compiled once
    per process for its places, day and scope (``orgs.tenancy.compiled_rows``): Django would
    otherwise build and compile a dozen aggregates on every fresh render."""
    today = today or timezone.localdate()
    if within is None:
        rows = compiled_rows(_figure_rows, key, tuple(ids), today, stalled_days())
    else:
        rows = _figure_rows(key, tuple(ids), today, stalled_days(), within=within)
    # A place that appears between reading ``ids`` and a query (the refresh) just gets a row.
    figures = defaultdict(OverviewFigures, {pk: OverviewFigures() for pk in ids})
    pack_sizes, schools = {}, []
    for place, part, *values in rows:
        name = FIGURE_PARTS[part]
        if name == "pack_sizes":
            pack_sizes[place] = values[0]
        elif name == "schools":
            schools.append((place, values[0], values[1]))
        elif place in figures or name != "staff":
            for field, value in zip(PART_FIELDS[name], values, strict=False):
                # PostgreSQL sums the satisfaction scores as numeric.
                setattr(figures[place], field, int(value))
    for place, municipality, n in schools:
        figures[place].acts_required += n * pack_size(pack_sizes.get(municipality, 0))
    return figures


# Which counts of OverviewFigures each of the statement's parts fills, in its columns' order.
PART_FIELDS = {
    "staff": ("teachers", "young_specialists"),
    "young_with_mentor": ("young_with_mentor",),
    "programmes": ("programmes",),
    "pairs": ("active_pairs", "stalled_pairs", "ending_soon"),
    "activities": ("activities", "activities_done", "overdue_activities"),
    "lesson_visits": ("lesson_visits",),
    "diagnosed": ("diagnosed",),
    "satisfaction": ("satisfaction_points", "satisfaction_answers", "satisfaction_respondents"),
    # Local acts: the pack's size per municipality and the places' schools per municipality
    # give the documents required; those recorded and the website sections are counted.
    "pack_sizes": (),
    "schools": (),
    "acts_present": ("acts_present",),
    "website_sections": ("website_sections",),
}
FIGURE_PARTS = list(PART_FIELDS)
STAFF_COLUMNS = ["teachers", "young_specialists"]  # orgs.selectors.staff_figures_query
PART_COLUMNS = 3  # the widest part's counts; narrower parts are padded with zeros


def _figure_rows(key: str, ids: tuple, today: datetime.date, stalled: int, *, within=None):
    """The figures' aggregates as one statement of rows (place, part, count, count, count),
    ``part`` an index into ``FIGURE_PARTS``. ``stalled`` (the setting «без движения» is read
    with) is an argument so that a compiled statement is kept per its value."""
    parts = _figure_queries(key, list(ids), today, within or {f"{key}__in": list(ids)})
    queries = [
        queryset.annotate(
            _part=Value(FIGURE_PARTS.index(name), output_field=IntegerField()),
            **{
                f"_pad{i}": Value(0, output_field=IntegerField())
                for i in range(len(columns), PART_COLUMNS)
            },
        ).values_list(
            group,
            "_part",
            *columns,
            *(f"_pad{i}" for i in range(len(columns), PART_COLUMNS)),
        )
        for name, queryset, group, columns in parts
    ]
    return queries[0].union(*queries[1:], all=True)


def _figure_queries(key: str, ids: list[int], today: datetime.date, within: dict) -> list:
    """Each figure's aggregate query, grouped by ``key``: (part, queryset, the column it is
    grouped by, its count columns). Every figure is defined once, by the named rule it
    counts (``has_mentor``, ``stalled_q``, ``lesson_visits_of_year``...)."""
    from monitoring.diagnostics.models import Answer, Instrument, Invitation, Question
    from monitoring.effectiveness.models import LocalAct, LocalActKind, WebsiteSection
    from orgs.models import Organisation

    year = SchoolYear.containing(today)

    def grouped(queryset, group=key, **aggregates):
        return queryset.values(group).annotate(**aggregates).order_by()

    young = StaffMember.objects.filter(
        **within,
        employment_status=StaffMember.Status.WORKS,
        career_started_on__gt=young_specialist_threshold(today),
    )
    programmes = Programme.objects.filter(**within, status=Programme.Status.ACTIVE)
    pairs = Pair.objects.filter(**within, status=Pair.Status.ACTIVE)
    activities = running_plan_activities(**within).exclude(status=PlanActivity.Status.CANCELLED)
    diagnosed = Invitation.objects.filter(
        **within,
        submitted_at__date__gte=year.starts_on,
        submitted_at__date__lte=min(today, year.ends_on),
        staff_member__employment_status=StaffMember.Status.WORKS,
        campaign__version__instrument__purpose=Instrument.Purpose.DEFICITS,
    )
    # Scale answers of this school year's satisfaction questionnaires: their sum, number and
    # respondents, so that averages add up across places.
    answers = Answer.objects.filter(
        **within,
        score__isnull=False,
        question__kind=Question.Kind.SCALE,
        invitation__submitted_at__date__gte=year.starts_on,
        invitation__submitted_at__date__lte=min(today, year.ends_on),
        invitation__campaign__version__instrument__purpose=Instrument.Purpose.SATISFACTION,
    )
    # Documents of the pack each place's organisations recorded, out of those required
    # (each municipality's own list, or the default pack).
    org_key = "pk" if key == "organisation" else key
    schools = Organisation.objects.filter(**{f"{org_key}__in": ids})
    kinds = LocalActKind.objects.filter(municipality__in=_municipalities_of(key, ids))
    return [
        ("staff", staff_figures_query(key, within=within, on=today), key, STAFF_COLUMNS),
        (
            "young_with_mentor",
            grouped(young.filter(has_mentor()), n=Count("pk")),
            key,
            ["n"],
        ),
        ("programmes", grouped(programmes, n=Count("pk")), key, ["n"]),
        (
            "pairs",
            grouped(
                pairs,
                active=Count("pk"),
                stalled=Count("pk", filter=stalled_q(today)),
                ending=Count("pk", filter=ending_soon_q(today)),
            ),
            key,
            ["active", "stalled", "ending"],
        ),
        (
            "activities",
            grouped(
                activities,
                total=Count("pk"),
                done=Count("pk", filter=Q(status=PlanActivity.Status.DONE)),
                overdue=Count("pk", filter=overdue_q(today)),
            ),
            key,
            ["total", "done", "overdue"],
        ),
        (
            "lesson_visits",
            grouped(lesson_visits_of_year(LogEntry.objects.filter(**within), today), n=Count("pk")),
            key,
            ["n"],
        ),
        (
            "diagnosed",
            grouped(diagnosed, n=Count("staff_member", distinct=True)),
            key,
            ["n"],
        ),
        (
            "satisfaction",
            grouped(
                answers,
                points=Sum("score"),
                n=Count("pk"),
                respondents=Count("invitation", distinct=True),
            ),
            key,
            ["points", "n", "respondents"],
        ),
        ("pack_sizes", grouped(kinds, "municipality", n=Count("pk")), "municipality", ["n"]),
        (
            "schools",
            grouped(schools, org_key, in_municipality=F("municipality"), n=Count("pk")),
            org_key,
            ["in_municipality", "n"],
        ),
        ("acts_present", grouped(LocalAct.objects.filter(**within), n=Count("pk")), key, ["n"]),
        (
            "website_sections",
            grouped(WebsiteSection.objects.filter(**within), n=Count("pk")),
            key,
            ["n"],
        ),
    ]


def _municipalities_of(key: str, ids: list[int]):
    from orgs.models import Organisation

    if key == "municipality":
        return ids
    field = "pk" if key == "organisation" else key
    return Organisation.objects.filter(**{f"{field}__in": ids}).values("municipality")


def total(figures: dict[int, OverviewFigures]) -> OverviewFigures:
    result = OverviewFigures()
    for value in figures.values():
        result = result + value
    return result


COLUMNS = list(FIGURES)


def cell(figures: OverviewFigures, column: str):
    return getattr(figures, column)


def without_plan_q() -> Q:
    """The one rule of «пары без плана»: an open pair with no personalised plan yet."""
    has_plan = Exists(Plan.objects.filter(pair=OuterRef("pk")))
    return Q(status__in=[Pair.Status.DRAFT, Pair.Status.ACTIVE]) & ~Q(has_plan)


def pairs_without_plan(organisation):
    """Open pairs of the school with no personalised plan yet."""
    return Pair.objects.filter(without_plan_q(), organisation=organisation)


def open_invitations_q(today: datetime.date) -> Q:
    """Questionnaires not answered in a campaign that runs today."""
    return Q(
        submitted_at__isnull=True,
        campaign__closed_at__isnull=True,
        campaign__starts_on__lte=today,
        campaign__ends_on__gte=today,
    )


def school_todo(organisation, *, today: datetime.date | None = None, limit: int = 10) -> dict:
    """What a school should do next: each list at most ``limit`` rows, read in the caller's
    scope at a fixed number of queries (the lists of pairs in one), each compiled once per
    process for the school, day and scope (``orgs.tenancy``)."""
    today = today or timezone.localdate()
    return {
        **_pair_lists(organisation.pk, today, limit),
        "young_without_mentor": compiled_objects(_young_alone, organisation.pk, today, limit),
        "overdue_activities": compiled_objects(_overdue, organisation.pk, today, limit),
        **_paperwork_todo(organisation, today=today, limit=limit),
    }


def _young_alone(organisation_id: int, today: datetime.date, limit: int):
    return (
        StaffMember.objects.filter(
            organisation=organisation_id,
            employment_status=StaffMember.Status.WORKS,
            career_started_on__gt=young_specialist_threshold(today),
        )
        .exclude(has_mentor())
        .order_by("last_name", "first_name")[:limit]
    )


def _overdue(organisation_id: int, today: datetime.date, limit: int):
    return (
        overdue_activities(organisation_id, today)
        .select_related("plan__mentee")
        .order_by("deadline")[:limit]
    )


PAIR_LISTS = ("active_without_consent", "pairs_without_plan", "pairs_ending_soon")


def _pair_rules(today: datetime.date) -> dict:
    """The to-do lists of pairs (``PAIR_LISTS``): each list's rule and order."""
    return {
        # Art. 351.8 of the Labour Code: pairs that started before the consent rule was kept.
        "active_without_consent": (
            Q(status=Pair.Status.ACTIVE) & ~consent_recorded_q(),
            ("starts_on", "pk"),
        ),
        "pairs_without_plan": (without_plan_q(), ("starts_on",)),
        "pairs_ending_soon": (ending_soon_q(today), ("planned_end_on",)),
    }


def _pair_lists(organisation_id: int, today: datetime.date, limit: int) -> dict[str, list]:
    """The school's to-do lists of pairs, each the first ``limit`` pairs in its order."""
    pairs = compiled_objects(_pairs_listed, organisation_id, today, limit)
    return {
        name: sorted(
            (p for p in pairs if getattr(p, f"_in_{name}") and getattr(p, f"_at_{name}") <= limit),
            key=attrgetter(f"_at_{name}"),
        )
        for name in PAIR_LISTS
    }


def _pairs_listed(organisation_id: int, today: datetime.date, limit: int):
    """The pairs of the school's to-do lists as one statement: each pair says, for every
    list, whether it is in it (``_in_<list>``) and its place in the list's order
    (``_at_<list>``); a pair past the first ``limit`` of every list it is in is left out."""
    rules = _pair_rules(today)
    within = {
        f"_in_{name}": ExpressionWrapper(rule, output_field=BooleanField())
        for name, (rule, _) in rules.items()
    }
    places = {
        f"_at_{name}": Window(RowNumber(), partition_by=within[f"_in_{name}"], order_by=order)
        for name, (_, order) in rules.items()
    }
    shown = Q()
    for name in rules:
        shown |= Q(**{f"_in_{name}": True, f"_at_{name}__lte": limit})
    return (
        Pair.objects.filter(reduce(or_, (rule for rule, _ in rules.values())))
        .filter(organisation=organisation_id)
        .annotate(**within, **places)
        .filter(shown)
        .order_by()  # each list is sorted by its own numbers
    )


def _paperwork_todo(organisation, *, today: datetime.date, limit: int) -> dict:
    """Questionnaires people have not answered in running campaigns, documents of the pack
    not recorded, monitoring forms not handed in: three queries."""
    from monitoring.effectiveness.selectors import missing_local_acts

    unanswered = compiled_rows(_unanswered, organisation.pk, today, limit)
    return {
        "unanswered_questionnaires": [
            dict(zip(UNANSWERED, row, strict=True)) for row in unanswered
        ],
        "missing_local_acts": missing_local_acts(organisation),
        "forms_not_submitted": compiled_objects(_forms_not_submitted, organisation.pk, limit),
    }


def _forms_not_submitted(organisation_id: int, limit: int):
    from monitoring.effectiveness.models import Form

    return (
        Form.objects.filter(organisation=organisation_id)
        .exclude(status__in=[Form.Status.SUBMITTED, Form.Status.ACCEPTED])
        .select_related("campaign")
        .order_by("-campaign__year")[:limit]
    )


UNANSWERED = ("campaign", "campaign__title", "campaign__ends_on", "pending")


def _unanswered(organisation_id: int, today: datetime.date, limit: int):
    from monitoring.diagnostics.models import Invitation

    return (
        Invitation.objects.filter(open_invitations_q(today), organisation=organisation_id)
        .values("campaign", "campaign__title", "campaign__ends_on")
        .annotate(pending=Count("pk"))
        .order_by("campaign__ends_on", "campaign")
        .values_list(*UNANSWERED)[:limit]
    )
