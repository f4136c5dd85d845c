"""Reads and figures of effectiveness monitoring: each computed indicator is defined once."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q

from orgs.models import StaffMember, add_years, young_specialist_threshold
from orgs.tenancy import compiled_objects, compiled_rows

from . import scales
from .models import (
    SERIES_KINDS,
    Answer,
    Attendance,
    Criterion,
    Event,
    Form,
    Indicator,
    Participation,
    RoadMapYear,
    Session,
)

_YEAR_INDICATOR = re.compile(r"(\d{4})-(\d+)")


def parse_yearly_indicators(text: str) -> list[tuple[int, int]]:
    """``"2021-1 2022-2"`` → ``[(2021, 1), (2022, 2)]`` (the notation of Kedrovy's road map)."""
    return [(int(y), int(v)) for y, v in _YEAR_INDICATOR.findall(text)]


@dataclass(frozen=True)
class Computed:
    value: Decimal
    note: str


def compute_indicator(key: str, *, organisation, year: int) -> Computed | None:
    """The value the data already knows for an indicator, with how it was computed."""
    on = datetime.date(year, 12, 31)
    staff = StaffMember.objects.filter(organisation=organisation)
    year_events = Participation.objects.filter(
        organisation=organisation, event__starts_on__year=year
    )
    if key == "approved_programme":
        from pairs.models import Programme  # read-only, pairs is below monitoring

        approved = (
            Programme.objects.filter(organisation=organisation)
            .exclude(approval_order="")
            .exclude(status=Programme.Status.DRAFT)
            .count()
        )
        return Computed(
            Decimal(1 if approved else 0),
            f"Утверждённых программ наставничества: {approved}",
        )
    if key == "young_retention":
        # Young specialists hired 3–5 years before the end of the year: a hire counts when the
        # career started no more than three years before it.
        hired = staff.filter(
            hired_on__gte=add_years(on, -5),
            hired_on__lte=add_years(on, -3),
            career_started_on__isnull=False,
        ).values_list("hired_on", "career_started_on", "employment_status")
        young = [h for h in hired if h[1] > add_years(h[0], -3)]
        stayed = sum(1 for h in young if h[2] == StaffMember.Status.WORKS)
        percent = scales.ratio_percent(stayed, len(young))
        if percent is None:
            return None
        return Computed(
            percent,
            f"Принято молодых специалистов 3–5 лет назад: {len(young)}, работают: {stayed}",
        )
    if key == "young_share":
        figures = staff.working().aggregate(
            total=Count("id"),
            young=Count("id", filter=Q(career_started_on__gt=young_specialist_threshold(on))),
        )
        percent = scales.ratio_percent(figures["young"], figures["total"])
        if percent is None:
            return None
        return Computed(
            percent,
            f"Молодых специалистов: {figures['young']} из {figures['total']} педагогов",
        )
    if key == "young_contests":
        young_ids = list(staff.young_specialists(on).values_list("id", flat=True))
        entries = year_events.filter(
            person_id__in=young_ids,
            event__kind=Event.Kind.CONTEST,
            event__level__in=[Event.Level.SCHOOL, Event.Level.MUNICIPAL],
        ).count()
        percent = scales.ratio_percent(entries, len(young_ids))
        if percent is None:
            return None
        return Computed(
            percent,
            f"Участий в конкурсах: {entries}, молодых специалистов: {len(young_ids)}",
        )
    if key == "young_sessions":
        young_ids = list(staff.young_specialists(on).values_list("id", flat=True))
        attended = (
            Attendance.objects.filter(
                organisation=organisation, person_id__in=young_ids, session__date__year=year
            )
            .values("person")
            .distinct()
            .count()
        )
        percent = scales.ratio_percent(attended, len(young_ids))
        if percent is None:
            return None
        return Computed(
            percent,
            f"Молодых специалистов, посетивших методические занятия в {year} году: "
            f"{attended} из {len(young_ids)}",
        )
    mentors = _mentor_ids(organisation)
    if key == "mentor_talks":
        n = (
            year_events.filter(
                person_id__in=mentors,
            )
            .filter(Q(role=Participation.Role.SPEAKER) | Q(event__kind=Event.Kind.PUBLICATION))
            .count()
        )
        # Each session a mentor leads in a series is a talk of its own.
        led = sessions_led(mentors, year=year)
        note = f"Выступлений и публикаций наставников за {year} год: {n + led}"
        if led:
            note += f" (из них занятий методических серий: {led})"
        return Computed(Decimal(n + led), note)
    if key == "mentors_trained":
        n = year_events.filter(person_id__in=mentors, event__kind=Event.Kind.COURSE).count()
        return Computed(Decimal(n), f"Наставников, прошедших курсы в {year} году: {n}")
    if key == "mentor_contests":
        n = year_events.filter(person_id__in=mentors, event__kind=Event.Kind.CONTEST).count()
        return Computed(Decimal(1 if n else 0), f"Участий наставников в конкурсах: {n}")
    return None


def _mentor_ids(organisation) -> list[int]:
    from pairs.models import PairMember  # read-only, pairs is below monitoring

    return list(
        PairMember.objects.filter(organisation=organisation, role=PairMember.Role.MENTOR)
        .values_list("staff_id", flat=True)
        .distinct()
    )


def answer_score(answer: Answer, indicator: Indicator) -> int | None:
    """Score 0–3 of an answer on its indicator's scale."""
    value = answer.value if answer.value is not None else answer.computed_value
    if indicator.scale == scales.Scale.PERCENT:
        return None if value is None else scales.percent_band(value).score
    if indicator.scale == scales.Scale.COUNT:
        return None if value is None else scales.count_score(int(value))
    if answer.option:
        return scales.option_score(indicator.scale, answer.option)
    if value is not None and indicator.scale in (scales.Scale.PRESENCE, scales.Scale.PARTICIPATION):
        return 3 if value else 0
    if value is not None and indicator.scale == scales.Scale.PERIODICITY:
        return scales.count_score(int(value))
    return None


def form_has_level(form) -> bool:
    """Only a form the methodist accepted carries effectiveness levels; a form not started,
    being filled, handed in or returned shows its status instead."""
    return form.status == Form.Status.ACCEPTED


@dataclass(frozen=True)
class OrganisationLevel:
    """An organisation's result in one campaign: the level of its accepted form, or the
    status of a form that has none yet."""

    form_id: int
    status: str
    status_label: str
    band: scales.Band | None

    @property
    def display(self) -> str:
        if self.band is not None:
            return self.band.level
        if self.status == Form.Status.ACCEPTED:
            return "—"
        return f"форма {self.status_label}"


def campaign_levels(campaign) -> dict[int, OrganisationLevel]:
    """Each organisation's level in ``campaign`` by organisation id: the one definition of
    "the level of a school" that tables, filters, reports and exports read."""
    return {
        row["form"].organisation_id: OrganisationLevel(
            form_id=row["form"].pk,
            status=row["form"].status,
            status_label=row["form"].get_status_display(),
            band=row["overall"],
        )
        for row in campaign_table(campaign)["rows"]
    }


def campaign_table(campaign) -> dict:
    """The municipal table: organisations × criteria with a band per cell and an overall
    level, for accepted forms only (``form_has_level``); other rows keep their status.
    Three queries whatever the number of organisations (criteria, forms, answers)."""
    criteria = list(campaign.criteria_set.criteria.prefetch_related("indicators"))
    forms = list(
        Form.objects.filter(campaign=campaign)
        .select_related("organisation")
        .order_by("organisation__short_name")
    )
    scores = _scores(Answer.objects.filter(form__campaign=campaign), criteria)
    rows = [_form_row(form, criteria, scores) for form in forms]
    return {"criteria": criteria, "rows": rows}


def form_rows(forms) -> dict[int, dict]:
    """The row ``campaign_table`` gives each of ``forms`` (of any campaigns; each form's
    ``campaign`` loaded), by form id: the same bands and level, for a page of forms rather
    than a whole campaign. At most three queries whatever the number of forms (criteria,
    indicators, the accepted forms' answers); none when no form is accepted."""
    forms = list(forms)
    accepted = [form for form in forms if form_has_level(form)]
    by_set: dict[int, list[Criterion]] = defaultdict(list)
    scores: dict[tuple[int, int], list[int]] = {}
    if accepted:
        sets = {form.campaign.criteria_set_id for form in accepted}
        for criterion in Criterion.objects.filter(criteria_set__in=sets).prefetch_related(
            "indicators"
        ):
            by_set[criterion.criteria_set_id].append(criterion)
        criteria = [criterion for found in by_set.values() for criterion in found]
        scores = _scores(Answer.objects.filter(form__in=[form.pk for form in accepted]), criteria)
    return {
        form.pk: _form_row(form, by_set.get(form.campaign.criteria_set_id, []), scores)
        for form in forms
    }


def _scores(answers, criteria) -> dict[tuple[int, int], list[int]]:
    """Scores of the answers by (form, criterion); an answer outside the criteria is not
    counted."""
    indicators = {i.pk: i for c in criteria for i in c.indicators.all()}
    scores: dict[tuple[int, int], list[int]] = defaultdict(list)
    for answer in answers.only("form_id", "indicator_id", "value", "computed_value", "option"):
        indicator = indicators.get(answer.indicator_id)
        if indicator is None:
            continue
        score = answer_score(answer, indicator)
        if score is not None:
            scores[(answer.form_id, indicator.criterion_id)].append(score)
    return scores


def _form_row(form, criteria, scores) -> dict:
    """One form's band per criterion and overall level: the one definition of both."""
    if not form_has_level(form):
        return {
            "form": form,
            "criteria": criteria,
            "cells": [None] * len(criteria),
            "overall": None,
        }
    cells = []
    all_scores = []
    for criterion in criteria:
        band = scales.overall_band(scores.get((form.pk, criterion.pk), []))
        cells.append(band)
        if band:
            all_scores.append(band.score)
    overall = scales.overall_band(all_scores)
    return {"form": form, "criteria": criteria, "cells": cells, "overall": overall}


# How many of a campaign's forms stand at each status, as annotations of campaigns.
_STATUS_COUNTS = {
    f"forms_{status}": Count("forms", filter=Q(forms__status=status))
    for status in Form.Status.values
}


def with_status_counts(campaigns):
    """The campaigns with the number of their forms at each status and in all, in the same
    query (``status_counts`` reads them)."""
    return campaigns.annotate(**_STATUS_COUNTS, forms_total=Count("forms"))


def status_counts(campaign) -> dict[str, int]:
    """A campaign's forms by status code, and ``total``, from ``with_status_counts``."""
    counts = {status: getattr(campaign, f"forms_{status}") for status in Form.Status.values}
    return {**counts, "total": campaign.forms_total}


# Years of monitoring the analytical report looks back over (this one included).
HISTORY_YEARS = 5


def _by_criterion(table) -> dict[str, dict]:
    """Per criterion (by name): how many organisations fall in each band, how many measured."""
    return {
        criterion.name: {
            "bands": {
                band.label: sum(1 for row in table["rows"] if row["cells"][i] == band)
                for band in scales.BANDS
            },
            "measured": sum(1 for row in table["rows"] if row["cells"][i]),
        }
        for i, criterion in enumerate(table["criteria"])
    }


def _level_counts(table) -> dict[str, int]:
    levels: dict[str, int] = defaultdict(int)
    for row in table["rows"]:
        if row["overall"]:
            levels[row["overall"].code] += 1
    return {label: levels.get(code, 0) for code, label in scales.LEVEL_LABELS.items()}


def analytical_report_data(campaign) -> dict:
    """Everything the analytical report (аналитическая справка) needs: the campaign, its
    criteria, per-organisation bands and levels, status counts, the level distribution, and
    the same figures of the municipality's earlier years for comparison. Three queries per
    year shown (at most HISTORY_YEARS) plus one."""
    from .models import Campaign

    table = campaign_table(campaign)
    statuses = status_counts(with_status_counts(Campaign.objects.filter(pk=campaign.pk)).get())
    earlier = [
        (c.year, campaign_table(c))
        for c in reversed(
            Campaign.objects.filter(municipality=campaign.municipality, year__lt=campaign.year)
            .select_related("criteria_set")
            .order_by("-year")[: HISTORY_YEARS - 1]
        )
    ]
    previous_year, previous_table = earlier[-1] if earlier else (None, None)
    previous = (
        {row["form"].organisation_id: row["overall"] for row in previous_table["rows"]}
        if previous_table
        else {}
    )
    # Criteria are compared with last year's by name: a renamed criterion has no history.
    previous_by_criterion = _by_criterion(previous_table) if previous_table else {}
    by_criterion = [
        {"name": name, **figures, "previous": previous_by_criterion.get(name)}
        for name, figures in _by_criterion(table).items()
    ]
    return {
        "campaign": campaign,
        "year": campaign.year,
        "municipality": campaign.municipality,
        "criteria": [c.name for c in table["criteria"]],
        "organisations": [
            {
                "name": row["form"].organisation.short_name,
                "status": row["form"].get_status_display(),
                "status_code": row["form"].status,
                "bands": [b.label if b else "" for b in row["cells"]],
                "level": scales.LEVEL_LABELS[row["overall"].code] if row["overall"] else "",
                "previous_level": scales.LEVEL_LABELS[previous[oid].code]
                if (oid := row["form"].organisation_id) in previous and previous[oid]
                else "",
            }
            for row in table["rows"]
        ],
        "by_criterion": by_criterion,
        "has_previous": bool(previous),
        "previous_year": previous_year,
        "status_counts": {label: statuses[code] for code, label in Form.Status.choices},
        "level_counts": _level_counts(table),
        "history": [
            {"year": year, "organisations": len(t["rows"]), "levels": _level_counts(t)}
            for year, t in [*earlier, (campaign.year, table)]
        ],
    }


def road_map_rows(road_map, *, today: datetime.date | None = None) -> list[dict]:
    """Sections with items and yearly statuses; a planned year whose deadline passed is
    overdue (the year's end for recurring items, the item's date or month otherwise)."""
    today = today or datetime.date.today()
    if "sections" in getattr(road_map, "_prefetched_objects_cache", {}):
        sections = road_map.sections.all()  # a list's maps, read at once with their rows
    else:
        sections = road_map.sections.prefetch_related("items__years")
    result = []
    for section in sections:
        items = []
        for item in section.items.all():
            years = []
            for y in item.years.all():
                due = _due_date(item, y.year)
                overdue = y.status == RoadMapYear.Status.PLANNED and y.target > 0 and due < today
                years.append({"row": y, "overdue": overdue, "due": due})
            items.append({"item": item, "years": years})
        result.append({"section": section, "items": items})
    return result


# A road-map cell of a school: its year's status as the municipality's table shows it.
CELL_DONE, CELL_OVERDUE, CELL_NOT_STARTED = "done", "overdue", "not_started"
CELL_LABELS = {
    CELL_DONE: "выполнено",
    CELL_OVERDUE: "просрочено",
    CELL_NOT_STARTED: "не начато",
}


def road_map_cell(year: dict) -> str:
    """Done (with its evidence), overdue, or not started yet; "" for a year with no target."""
    row = year["row"]
    if row.status == RoadMapYear.Status.DONE:
        return CELL_DONE
    if row.target <= 0:
        return ""
    return CELL_OVERDUE if year["overdue"] else CELL_NOT_STARTED


@dataclass
class SchoolRoadMap:
    organisation: object
    road_map: object
    sections: list
    done: int
    overdue: int
    total: int

    @property
    def share_done(self) -> int | None:
        """Per cent of the map's yearly targets done (rounded), None for an empty map."""
        return round(100 * self.done / self.total) if self.total else None


def school_road_maps(municipality, *, today: datetime.date | None = None) -> list[SchoolRoadMap]:
    """The road maps of the municipality's schools, each item's years as done / overdue /
    not started with the evidence, and the share done per school. Two queries per map
    (the map's rows, prefetched) plus one; read in the methodist's scope."""
    from .models import RoadMap

    today = today or datetime.date.today()
    maps = (
        RoadMap.objects.filter(municipality=municipality, organisation__isnull=False)
        .select_related("organisation")
        .order_by("organisation__short_name", "-first_year")
    )
    result = []
    for road_map in maps:
        sections = road_map_rows(road_map, today=today)
        done, overdue, total = road_map_tally(sections)
        result.append(
            SchoolRoadMap(road_map.organisation, road_map, sections, done, overdue, total)
        )
    return result


def road_map_tally(sections: list[dict]) -> tuple[int, int, int]:
    """Marks each year of ``road_map_rows`` with its cell and label, and counts the yearly
    targets done, overdue and in all (years without a target are not counted)."""
    done = overdue = total = 0
    for section in sections:
        for item in section["items"]:
            for year in item["years"]:
                year["cell"] = road_map_cell(year)
                year["label"] = CELL_LABELS.get(year["cell"], "")
                if year["cell"]:
                    total += 1
                done += year["cell"] == CELL_DONE
                overdue += year["cell"] == CELL_OVERDUE
    return done, overdue, total


def _due_date(item, year: int) -> datetime.date:
    if item.deadline and not item.recurring and item.deadline.year == year:
        return item.deadline
    if item.deadline_month and not item.recurring:
        month_end = datetime.date(year + item.deadline_month // 12, item.deadline_month % 12 + 1, 1)
        return month_end - datetime.timedelta(days=1)
    return datetime.date(year, 12, 31)


def mentoring_years(staff_member, *, on: datetime.date | None = None) -> int:
    """Distinct calendar years in which the person mentored a pair (the state award «За
    наставничество» asks for five)."""
    from pairs.models import PairMember  # read-only, pairs is below monitoring

    on = on or datetime.date.today()
    years: set[int] = set()
    spans = PairMember.objects.filter(staff=staff_member, role=PairMember.Role.MENTOR).values_list(
        "pair__starts_on", "pair__ended_on"
    )
    for start, end in spans:
        for y in range(start.year, (end or on).year + 1):
            years.add(y)
    return len(years)


def previous_levels(campaign) -> dict[int, scales.Band | None]:
    """Overall level of each organisation in the municipality's previous campaign."""
    from .models import Campaign

    previous = (
        Campaign.objects.filter(municipality=campaign.municipality, year__lt=campaign.year)
        .order_by("-year")
        .first()
    )
    if previous is None:
        return {}
    return {oid: level.band for oid, level in campaign_levels(previous).items()}


def current_target_value(key: str, *, municipality, year: int) -> Decimal | None:
    """What the data says now for a programme target (an expected result of Kedrovy's
    programme)."""
    from orgs.models import Organisation
    from pairs.models import Programme  # read-only, pairs is below monitoring

    organisations = Organisation.objects.filter(municipality=municipality).count()
    events = Event.objects.filter(municipality=municipality, starts_on__year=year)
    if key == "programme_share":
        with_programme = (
            Programme.objects.filter(municipality=municipality)
            .exclude(approval_order="")
            .exclude(status=Programme.Status.DRAFT)
            .values("organisation")
            .distinct()
            .count()
        )
        return scales.ratio_percent(with_programme, organisations)
    if key == "monitoring_coverage":
        covered = Form.objects.filter(
            campaign__municipality=municipality,
            campaign__year=year,
            status__in=[Form.Status.SUBMITTED, Form.Status.ACCEPTED],
        ).count()
        return scales.ratio_percent(covered, organisations)
    if key == "support_events":
        kinds = [Event.Kind.SEMINAR, Event.Kind.WEBINAR, Event.Kind.ASSOCIATION]
        # A series counts by its sessions: each is a methodical event of its own.
        sessions = Session.objects.filter(municipality=municipality, date__year=year).count()
        return Decimal(events.filter(kind__in=kinds).count() + sessions)
    if key == "regional_contest_people":
        people = (
            Participation.objects.filter(
                municipality=municipality,
                event__starts_on__year=year,
                event__kind=Event.Kind.CONTEST,
                event__level=Event.Level.REGIONAL,
            )
            .values("person")
            .distinct()
            .count()
        )
        return Decimal(people)
    if key == "municipal_contests":
        return Decimal(events.filter(kind=Event.Kind.CONTEST, level=Event.Level.MUNICIPAL).count())
    return None


def targets_against_data(municipality, *, year: int | None = None) -> list[dict]:
    """Programme targets by year beside the value the data gives for ``year`` (this year)."""
    from .models import ProgrammeTarget

    year = year or datetime.date.today().year
    grouped: dict[str, dict] = {}
    for target in ProgrammeTarget.objects.filter(municipality=municipality).order_by("pk"):
        entry = grouped.setdefault(
            target.number,
            {
                "number": target.number,
                "text": target.text,
                "unit": target.unit,
                "computed": target.computed,
                "years": {},
            },
        )
        entry["years"][target.year] = target.value
    for entry in grouped.values():
        entry["now"] = (
            current_target_value(entry["computed"], municipality=municipality, year=year)
            if entry["computed"]
            else None
        )
        entry["year"] = year
    return list(grouped.values())


def events_of_place(*, municipality, organisation=None):
    """Events a school or a municipality works with: the municipality's own events and, for a
    school, its school-level ones (a school's scope reads its municipality's rows)."""
    owned = Q(municipality=municipality, organisation__isnull=True)
    if organisation is not None:
        owned |= Q(organisation=organisation)
    return with_people(Event.objects.filter(owned).select_related("organisation")).order_by(
        "-starts_on", "pk"
    )


def with_people(events):
    """Events with ``people``: how many took part, whichever school they are from (the
    events page's column)."""
    return events.annotate(people=Count("participations"))


def participations_of(staff_member):
    """A person's events and awards, newest first (the staff card's record)."""
    return (
        Participation.objects.filter(person=staff_member)
        .select_related("event")
        .order_by("-event__starts_on", "pk")
    )


def local_act_kinds_shown(municipality) -> list:
    """The municipality's required pack for display; the default list (unsaved rows) while it
    has not configured one, so that reading a page never writes."""
    from .models import LocalActKind
    from .pack import ORGANISATION_PACK

    kinds = municipal_pack(municipality)
    return kinds or [
        LocalActKind(municipality=municipality, position=position, name=name)
        for position, name in enumerate(ORGANISATION_PACK, start=1)
    ]


def organisation_acts(organisation) -> list[dict]:
    """Each document of the pack with the organisation's record of it, if any."""
    from .models import LocalAct

    kinds = local_act_kinds_shown(organisation.municipality)
    acts = {a.kind_id: a for a in LocalAct.objects.filter(organisation=organisation)}
    return [{"kind": k, "act": acts.get(k.pk) if k.pk else None} for k in kinds]


def missing_local_acts(organisation) -> list[str]:
    """The names of the pack's documents that ``organisation_acts`` shows without a record
    (the whole default pack while the municipality has configured none), in the pack's
    order: one query, compiled once per process for the school and scope."""
    from .pack import ORGANISATION_PACK

    rows = compiled_rows(_pack_recorded, organisation.pk, organisation.municipality_id)
    if not rows:
        return list(ORGANISATION_PACK)
    return [name for name, recorded in rows if not recorded]


def _pack_recorded(organisation_id: int, municipality_id: int):
    from .models import LocalAct, LocalActKind

    recorded = LocalAct.objects.filter(organisation=organisation_id, kind=OuterRef("pk"))
    return (
        LocalActKind.objects.filter(municipality=municipality_id)
        .annotate(recorded=Exists(recorded))
        .order_by("position")
        .values_list("name", "recorded")
    )


def municipal_road_map(municipality):
    """The municipality's latest road map, the model a school starts its own from."""
    from .models import RoadMap

    return (
        RoadMap.objects.filter(municipality=municipality, organisation__isnull=True)
        .order_by("-pk")
        .first()
    )


SURVEY_METHOD = "анкетирование"


def survey_choices(organisation, *, year: int) -> list[dict]:
    """Scale questions that this organisation's people answered in diagnostics that year,
    with their mean score: what a survey-based indicator can take its value from. One
    grouped query; anonymous campaigns show only groups of five answers or more."""
    from monitoring.diagnostics.models import Answer as SurveyAnswer
    from monitoring.diagnostics.models import Question
    from monitoring.diagnostics.selectors import ANONYMITY_MIN

    rows = (
        SurveyAnswer.objects.filter(
            organisation=organisation,
            invitation__submitted_at__year=year,
            question__kind=Question.Kind.SCALE,
            score__isnull=False,
        )
        .values(
            "invitation__campaign",
            "invitation__campaign__title",
            "invitation__campaign__anonymous",
            "question",
            "question__text",
        )
        .annotate(mean=Avg("score"), answers=Count("id"))
        .order_by("invitation__campaign__title", "question")
    )
    return [
        {
            "key": f"{r['invitation__campaign']}:{r['question']}",
            "campaign": r["invitation__campaign"],
            "question": r["question"],
            "label": f"{r['invitation__campaign__title']} — {r['question__text']}: "
            f"{r['mean']:.1f} из 5 ({r['answers']})".replace(".", ","),
            "mean": r["mean"],
            "answers": r["answers"],
            "note": f"Анкета «{r['invitation__campaign__title']}», вопрос «{r['question__text']}»:"
            f" средняя оценка {r['mean']:.1f} из 5, ответов {r['answers']}".replace(".", ","),
        }
        for r in rows
        if not r["invitation__campaign__anonymous"] or r["answers"] >= ANONYMITY_MIN
    ]


def option_for_mean(scale: str, mean) -> str:
    """A survey's mean score (1–5) as the scale's verbal answer: 4 and above is the best
    answer, 3 to 4 the middle one, below 3 the worst."""
    options = scales.SCALE_OPTIONS[scale]
    if mean >= 4:
        return options[0][0]
    if mean >= 3 and len(options) > 2:
        return options[1][0]
    return options[-1][0]


def municipal_pack(municipality) -> list:
    """The municipality's configured pack, which its schools read."""
    return list(municipal_pack_kinds(municipality).order_by("position"))


def municipal_pack_kinds(municipality):
    from .models import LocalActKind

    return LocalActKind.objects.filter(municipality=municipality)


def monitoring_campaigns(municipality, *, year: int):
    """The municipality's monitoring of ``year`` (at most one campaign)."""
    from .models import Campaign

    return Campaign.objects.filter(municipality=municipality, year=year)


def levels_by_organisation(municipality, *, year: int) -> dict[int, OrganisationLevel]:
    """Each organisation's level (``campaign_levels``) in the municipality's monitoring of
    ``year`` (empty when that year was not monitored), in the municipality's scope (its
    methodist's or coordinator's)."""
    campaign = monitoring_campaigns(municipality, year=year).select_related("criteria_set").first()
    if campaign is None:
        return {}
    return campaign_levels(campaign)


# --- Methodical series ----------------------------------------------------------------------


def sessions_led(staff_ids, *, year: int) -> int:
    """Sessions of series that these teachers led in ``year`` (talks, for the criteria)."""
    return Session.objects.filter(leader_id__in=staff_ids, date__year=year).count()


def series_of_place(*, municipality, organisation=None):
    """The series a municipality holds and, for a school, its own ones too (a school reads
    its municipality's rows), with the count of sessions and of participants."""
    owned = Q(municipality=municipality, organisation__isnull=True)
    if organisation is not None:
        owned |= Q(organisation=organisation)
    return (
        Event.objects.filter(owned, kind__in=SERIES_KINDS)
        .select_related("organisation")
        .annotate(
            session_count=Count("sessions", distinct=True),
            people=Count("participations", distinct=True),
        )
        .order_by("-starts_on", "pk")
    )


def series_page(event) -> dict:
    """A series' sessions (with leader, materials and how many attended), its participants
    (those the reader's scope shows) and the attendance grid. Four queries."""
    sessions = list(
        Session.objects.filter(event=event)
        .select_related("leader")
        .prefetch_related("materials")
        .order_by("date", "pk")
    )
    participations = list(
        Participation.objects.filter(event=event)
        .select_related("person", "organisation")
        .order_by("organisation__short_name", "person__last_name", "person__first_name", "pk")
    )
    marks = set(
        Attendance.objects.filter(session__event=event).values_list("session_id", "person_id")
    )
    counts: dict[int, int] = defaultdict(int)
    for session_id, _ in marks:
        counts[session_id] += 1
    for session in sessions:
        session.attended = counts[session.pk]
    rows = [
        {
            "participation": p,
            "marks": [(s.pk, p.person_id) in marks for s in sessions],
            "attended": sum((s.pk, p.person_id) in marks for s in sessions),
        }
        for p in participations
    ]
    return {"sessions": sessions, "rows": rows}


@dataclass(frozen=True)
class SessionRow:
    """A session as a person's plan or «Моё наставничество» shows it."""

    person_id: int
    session_id: int
    series_id: int
    series_title: str
    date: datetime.date
    topic: str
    leader: str
    leads: bool  # the person leads this session
    attended: bool


def series_places_of_people(staff_ids) -> set[tuple[int | None, int | None, int]]:
    """The places (organisation, municipality, region keys) of the series these people are
    enrolled in or lead, read in the caller's scope. One query."""
    return set(
        Event.objects.filter(kind__in=SERIES_KINDS)
        .filter(Q(participations__person_id__in=staff_ids) | Q(sessions__leader_id__in=staff_ids))
        .values_list("organisation_id", "municipality_id", "region_id")
        .distinct()
    )


def _enrolments(staff_ids):
    """These people's enrolments in series, the events held as sessions."""
    return Participation.objects.filter(person_id__in=staff_ids, event__kind__in=SERIES_KINDS)


def sessions_for_people(staff_ids, *, start=None, end=None) -> list[SessionRow]:
    """Sessions of the series these people are enrolled in or lead, dated within
    [start, end], each with whether the person was there; read in the caller's scope. One
    query: whom of them each session concerns and who attended are its columns."""
    staff_ids = tuple(staff_ids)
    sessions = compiled_objects(_sessions_of_people, staff_ids, start, end)
    rows = []
    for session in sessions:
        people = {p for p in staff_ids if getattr(session, f"enrolled_{p}")}
        if session.leader_id in staff_ids:
            people.add(session.leader_id)
        for person_id in sorted(people):
            rows.append(
                SessionRow(
                    person_id=person_id,
                    session_id=session.pk,
                    series_id=session.event_id,
                    series_title=session.event.title,
                    date=session.date,
                    topic=session.topic,
                    leader=session.leader_display,
                    leads=session.leader_id == person_id,
                    attended=getattr(session, f"attended_{person_id}"),
                )
            )
    return rows


def _sessions_of_people(staff_ids: tuple, start, end):
    dated = Q()
    if start:
        dated &= Q(date__gte=start)
    if end:
        dated &= Q(date__lte=end)
    # The enrolled series as one set the database reads once, not a test per session.
    concerned = Q(event__in=_enrolments(staff_ids).values("event")) | Q(leader_id__in=staff_ids)
    per_person = {}
    for person_id in staff_ids:
        per_person[f"enrolled_{person_id}"] = Exists(
            _enrolments([person_id]).filter(event=OuterRef("event"))
        )
        per_person[f"attended_{person_id}"] = Exists(
            Attendance.objects.filter(session=OuterRef("pk"), person_id=person_id)
        )
    return (
        Session.objects.filter(dated, concerned)
        .annotate(**per_person)
        .select_related("event", "leader")
        .order_by("date", "pk")
    )


def person_data_of(person) -> dict:
    """The events the person took part in, for their request under 152-ФЗ
    (``orgs.personal_data``)."""
    from orgs.personal_data import day

    return {
        "участие в мероприятиях": [
            {
                "мероприятие": p.event.title,
                "дата": day(p.event.starts_on),
                "роль": p.get_role_display(),
                "результат": p.get_result_display(),
            }
            for p in Participation.objects.filter(person=person).select_related("event")
        ],
    }


def staff_card_part(person) -> dict:
    """What a staff card (orgs) shows of the person's events and years of mentoring."""
    return {"participations": participations_of(person), "mentoring_years": mentoring_years(person)}
