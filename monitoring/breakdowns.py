"""Breakdowns behind the overview charts, each one grouped query (or a sum over the overview
summaries, see monitoring.summaries), turned into SVG by ``monitoring.charts``."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from orgs.schoolyear import SchoolYear
from pairs.models import Pair, PlanActivity, Programme
from pairs.selectors import running_plan_activities

from . import charts

MONTHS = ["сен", "окт", "ноя", "дек", "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг"]


def pair_counts(within: dict, *, group: tuple[str, ...] = ()):
    """Active pairs and groups by the programme's form and the pair's format: rows of
    (*group, form, format, pairs)."""
    return (
        Pair.objects.filter(**within, status=Pair.Status.ACTIVE)
        .values_list(*group, "programme__form", "format")
        .annotate(n=Count("pk"))
        .order_by()
    )


def pairs_by_form_and_format(rows) -> list[tuple[str, int]]:
    """Chart labels «форма, формат» with their counts, largest first, from (form, format,
    pairs) rows."""
    forms, formats = dict(Programme.Form.choices), dict(Pair.Format.choices)
    return [
        (f"{forms.get(form, '')}, {formats.get(format_, '')}", n)
        for form, format_, n in sorted(rows, key=lambda r: (-r[2], r[0], r[1]))
    ]


def completion_counts(within: dict, *, today: datetime.date, group: tuple[str, ...] = ()):
    """Per month of the school year so far: activities of active plans (not cancelled) due
    that month, and how many of them are done: rows of (*group, month, activities, done)."""
    year = SchoolYear.containing(today)
    return (
        running_plan_activities(**within)
        .filter(
            deadline__gte=year.starts_on,
            deadline__lte=min(today, year.ends_on),
        )
        .exclude(status=PlanActivity.Status.CANCELLED)
        .annotate(month=TruncMonth("deadline"))
        .values_list(*group, "month")
        .annotate(
            activities=Count("pk"), done=Count("pk", filter=Q(status=PlanActivity.Status.DONE))
        )
        .order_by()
    )


def plan_completion_by_month(rows, *, today: datetime.date) -> list[tuple[str, float | None]]:
    """For each month of the school year so far: the share of activities due by its end that
    are done (cumulative), from (month, activities, done) rows."""
    year = SchoolYear.containing(today)
    by_month = {(month.year, month.month): (total, done) for month, total, done in rows}
    result, total, done = [], 0, 0
    month = year.starts_on
    while month <= min(today, year.ends_on):
        t, d = by_month.get((month.year, month.month), (0, 0))
        total, done = total + t, done + d
        result.append((MONTHS[len(result)], round(done / total * 100, 1) if total else None))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return result


def overview_charts(
    rows: list, *, cohorts: list, pairs: list, completion: list, difficulties=None
) -> dict[str, str]:
    """The overview's charts as SVG, from its rows (place, figures) and the breakdowns."""
    result = {}
    if pairs:
        result["pairs"] = charts.bar_chart(
            "Действующие пары и группы по формам и форматам",
            [label for label, _ in pairs],
            [n for _, n in pairs],
            unit="",
        )
    if any(f.young_specialists for _, f in rows):
        result["young"] = charts.stacked_bar_chart(
            "Молодые специалисты с наставником и без",
            [str(place) for place, _ in rows],
            {
                "с наставником": [f.young_with_mentor for _, f in rows],
                "без наставника": [f.young_specialists - f.young_with_mentor for _, f in rows],
            },
        )
    if difficulties:
        result["difficulties"] = charts.bar_chart(
            "Доля педагогов с затруднениями по областям",
            [s.label for s in difficulties],
            [s.percent for s in difficulties],
            maximum=100,
        )
    if cohorts:
        result["retention"] = charts.line_chart(
            "Работают через год после приёма, % (по году приёма)",
            [str(r.year) for r in cohorts],
            {
                "с наставником": [r.with_mentor.rates[0] for r in cohorts],
                "без наставника": [r.without_mentor.rates[0] for r in cohorts],
            },
        )
    if any(v is not None for _, v in completion):
        result["completion"] = charts.line_chart(
            "Выполнение планов нарастающим итогом, %",
            [m for m, _ in completion],
            {"выполнено в срок": [v for _, v in completion]},
        )
    return result
