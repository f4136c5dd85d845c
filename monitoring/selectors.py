"""Overview figures of organisations, municipalities and regions.

Every figure is defined once, here or in the selector it reuses, and its docstring (FIGURES)
is the tooltip the pages show. Each figure is one aggregate query grouped by a tenant key
("organisation", "municipality" or "region"), so a page costs the same number of queries for
5 schools or 500.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, fields

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from monitoring.diagnostics.selectors import ANONYMITY_MIN
from orgs.models import StaffMember, young_specialist_threshold
from orgs.schoolyear import SchoolYear
from orgs.selectors import staff_figures_by
from pairs.models import LogEntry, Pair, Plan, PlanActivity, Programme, consent_recorded_q
from pairs.selectors import (
    ENDING_SOON_DAYS,
    ending_soon_q,
    has_mentor,
    lesson_visits_of_year,
    overdue_activities,
    overdue_q,
    running_plan_activities,
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


def _grouped(queryset, key: str, **aggregates) -> dict[int, dict]:
    rows = queryset.values(key).annotate(**aggregates).order_by()
    return {row[key]: row for row in rows}


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
    organisations' ids). Thirteen aggregate queries in all."""
    today = today or timezone.localdate()
    year = SchoolYear.containing(today)
    within = within or {f"{key}__in": ids}
    # A place that appears between reading ``ids`` and a query (the refresh) just gets a row.
    figures = defaultdict(OverviewFigures, {pk: OverviewFigures() for pk in ids})

    for pk, staff in staff_figures_by(key, on=today, within=within).items():
        if pk in figures:
            figures[pk].teachers = staff.teachers
            figures[pk].young_specialists = staff.young_specialists

    young = StaffMember.objects.filter(
        **within,
        employment_status=StaffMember.Status.WORKS,
        career_started_on__gt=young_specialist_threshold(today),
    )
    for pk, row in _grouped(young.filter(has_mentor()), key, n=Count("pk")).items():
        figures[pk].young_with_mentor = row["n"]

    programmes = Programme.objects.filter(**within, status=Programme.Status.ACTIVE)
    for pk, row in _grouped(programmes, key, n=Count("pk")).items():
        figures[pk].programmes = row["n"]

    pairs = Pair.objects.filter(**within, status=Pair.Status.ACTIVE)
    for pk, row in _grouped(
        pairs,
        key,
        active=Count("pk"),
        stalled=Count("pk", filter=stalled_q(today)),
        ending=Count("pk", filter=ending_soon_q(today)),
    ).items():
        figures[pk].active_pairs = row["active"]
        figures[pk].stalled_pairs = row["stalled"]
        figures[pk].ending_soon = row["ending"]

    activities = running_plan_activities(**within).exclude(status=PlanActivity.Status.CANCELLED)
    for pk, row in _grouped(
        activities,
        key,
        total=Count("pk"),
        done=Count("pk", filter=Q(status=PlanActivity.Status.DONE)),
        overdue=Count("pk", filter=overdue_q(today)),
    ).items():
        figures[pk].activities = row["total"]
        figures[pk].activities_done = row["done"]
        figures[pk].overdue_activities = row["overdue"]

    visits = lesson_visits_of_year(LogEntry.objects.filter(**within), today)
    for pk, row in _grouped(visits, key, n=Count("pk")).items():
        figures[pk].lesson_visits = row["n"]

    from monitoring.diagnostics.models import Instrument, Invitation

    diagnosed = Invitation.objects.filter(
        **within,
        submitted_at__date__gte=year.starts_on,
        submitted_at__date__lte=min(today, year.ends_on),
        staff_member__employment_status=StaffMember.Status.WORKS,
        campaign__version__instrument__purpose=Instrument.Purpose.DEFICITS,
    )
    for pk, row in _grouped(diagnosed, key, n=Count("staff_member", distinct=True)).items():
        figures[pk].diagnosed = row["n"]
    _satisfaction(figures, key, within, year=year, today=today)
    _local_acts(figures, key, ids, within)
    return figures


def _satisfaction(figures, key: str, within: dict, *, year: SchoolYear, today) -> None:
    """Scale answers of this school year's satisfaction questionnaires: their sum, number
    and respondents, so that averages add up across places. One query."""
    from monitoring.diagnostics.models import Answer, Instrument, Question

    answers = Answer.objects.filter(
        **within,
        score__isnull=False,
        question__kind=Question.Kind.SCALE,
        invitation__submitted_at__date__gte=year.starts_on,
        invitation__submitted_at__date__lte=min(today, year.ends_on),
        invitation__campaign__version__instrument__purpose=Instrument.Purpose.SATISFACTION,
    )
    for pk, row in _grouped(
        answers,
        key,
        points=Sum("score"),
        n=Count("pk"),
        respondents=Count("invitation", distinct=True),
    ).items():
        figures[pk].satisfaction_points = int(row["points"])  # PostgreSQL sums as numeric
        figures[pk].satisfaction_answers = row["n"]
        figures[pk].satisfaction_respondents = row["respondents"]


def _municipalities_of(key: str, ids: list[int]):
    from orgs.models import Organisation

    if key == "municipality":
        return ids
    field = "pk" if key == "organisation" else key
    return Organisation.objects.filter(**{f"{field}__in": ids}).values("municipality")


def _local_acts(
    figures: dict[int, OverviewFigures], key: str, ids: list[int], within: dict
) -> None:
    """Documents of the pack each place's organisations recorded, out of those required
    (each municipality's own list, or the default pack), and website sections. Four
    queries."""
    from monitoring.effectiveness.models import LocalAct, LocalActKind, WebsiteSection
    from monitoring.effectiveness.pack import ORGANISATION_PACK
    from orgs.models import Organisation

    pack_sizes = dict(
        LocalActKind.objects.filter(municipality__in=_municipalities_of(key, ids))
        .values_list("municipality")
        .annotate(n=Count("pk"))
        .order_by()
    )
    org_key = "pk" if key == "organisation" else key
    organisations = (
        Organisation.objects.filter(**{f"{org_key}__in": ids})
        .values(org_key, "municipality")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in organisations:
        size = pack_sizes.get(row["municipality"], len(ORGANISATION_PACK))
        figures[row[org_key]].acts_required += row["n"] * size
    for pk, row in _grouped(LocalAct.objects.filter(**within), key, n=Count("pk")).items():
        figures[pk].acts_present = row["n"]
    for pk, row in _grouped(WebsiteSection.objects.filter(**within), key, n=Count("pk")).items():
        figures[pk].website_sections = row["n"]


def total(figures: dict[int, OverviewFigures]) -> OverviewFigures:
    result = OverviewFigures()
    for value in figures.values():
        result = result + value
    return result


COLUMNS = list(FIGURES)


def cell(figures: OverviewFigures, column: str):
    return getattr(figures, column)


def pairs_without_plan(organisation):
    """Open pairs of the school with no personalised plan yet."""
    open_pairs = Pair.objects.filter(
        organisation=organisation, status__in=[Pair.Status.DRAFT, Pair.Status.ACTIVE]
    )
    return open_pairs.exclude(Exists(Plan.objects.filter(pair=OuterRef("pk"))))


def open_invitations_q(today: datetime.date) -> Q:
    """Questionnaires not answered in a campaign that runs today."""
    return Q(
        submitted_at__isnull=True,
        campaign__closed_at__isnull=True,
        campaign__starts_on__lte=today,
        campaign__ends_on__gte=today,
    )


def school_todo(organisation, *, today: datetime.date | None = None, limit: int = 10) -> dict:
    """What a school should do next: each list is one query (at most ``limit`` rows) plus
    its count, read in the caller's scope."""
    today = today or timezone.localdate()
    young_alone = (
        StaffMember.objects.filter(
            organisation=organisation,
            employment_status=StaffMember.Status.WORKS,
            career_started_on__gt=young_specialist_threshold(today),
        )
        .exclude(has_mentor())
        .order_by("last_name", "first_name")
    )
    without_plan = pairs_without_plan(organisation)
    ending = Pair.objects.filter(ending_soon_q(today), organisation=organisation).order_by(
        "planned_end_on"
    )
    overdue = (
        overdue_activities(organisation, today).select_related("plan__mentee").order_by("deadline")
    )
    # Art. 351.8 of the Labour Code: pairs that started before the consent rule was kept.
    without_consent = (
        Pair.objects.filter(organisation=organisation, status=Pair.Status.ACTIVE)
        .exclude(consent_recorded_q())
        .order_by("starts_on", "pk")
    )
    return {
        "active_without_consent": list(without_consent[:limit]),
        "young_without_mentor": list(young_alone[:limit]),
        "pairs_without_plan": list(without_plan.order_by("starts_on")[:limit]),
        "overdue_activities": list(overdue[:limit]),
        "pairs_ending_soon": list(ending[:limit]),
        **_paperwork_todo(organisation, today=today, limit=limit),
    }


def _paperwork_todo(organisation, *, today: datetime.date, limit: int) -> dict:
    """Questionnaires people have not answered in running campaigns, documents of the pack
    not recorded, monitoring forms not handed in. Four queries."""
    from monitoring.diagnostics.models import Invitation
    from monitoring.effectiveness.models import Form
    from monitoring.effectiveness.selectors import organisation_acts

    unanswered = (
        Invitation.objects.filter(open_invitations_q(today), organisation=organisation)
        .values("campaign", "campaign__title", "campaign__ends_on")
        .annotate(pending=Count("pk"))
        .order_by("campaign__ends_on", "campaign")
    )
    forms = (
        Form.objects.filter(organisation=organisation)
        .exclude(status__in=[Form.Status.SUBMITTED, Form.Status.ACCEPTED])
        .select_related("campaign")
        .order_by("-campaign__year")
    )
    return {
        "unanswered_questionnaires": list(unanswered[:limit]),
        "missing_local_acts": [
            row["kind"].name for row in organisation_acts(organisation) if row["act"] is None
        ],
        "forms_not_submitted": list(forms[:limit]),
    }
