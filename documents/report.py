"""The municipality's analytical report (аналитическая справка) on the year's effectiveness
monitoring: the figures of ``analytical_report_data`` and the diagnostics of the year, with
a conclusion per criterion written from those figures, frozen into the snapshot; the charts
are drawn from the snapshot when it is printed, so a reprint shows the same figures.

``report_snapshot`` is pure (figures in, snapshot out) so that the benchmark prints the very
report a methodist gets without a database."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from monitoring.charts import bar_chart, line_chart, stacked_bar_chart
from monitoring.effectiveness.scales import BANDS, LEVEL_LABELS

from .models import Document

LEVELS = list(LEVEL_LABELS.values())
BAND_LABELS = [band.label for band in BANDS]
TOP_BAND, BOTTOM_BAND = BAND_LABELS[0], BAND_LABELS[-1]
# Bootstrap's success / info / warning / danger, the colours of the bands on the web pages.
BAND_COLOURS = ["#198754", "#0dcaf0", "#ffc107", "#dc3545"]
# Difficulties named under each deficit area of the report (the most frequent first).
TOP_DIFFICULTIES = 3


def _campaign(document: Document):
    from monitoring.effectiveness.models import Campaign

    campaign_id = document.params.get("campaign")
    campaign = (
        Campaign.objects.filter(municipality=document.municipality_id, pk=campaign_id)
        .select_related("municipality", "criteria_set")
        .first()
        if str(campaign_id or "").isdigit()
        else None
    )
    if campaign is None:
        raise ValidationError("Выберите мониторинг, по итогам которого составляется справка.")
    return campaign


def campaign_choices(municipality) -> list[tuple[int, str]]:
    from monitoring.effectiveness.models import Campaign

    return [
        (c.pk, str(c)) for c in Campaign.objects.filter(municipality=municipality).order_by("-year")
    ]


def build_analytical_report(document: Document) -> dict:
    from monitoring.effectiveness.selectors import analytical_report_data

    campaign = _campaign(document)
    data = analytical_report_data(campaign)
    snapshot = report_snapshot(data, _difficulties(campaign), overview_section(campaign))
    snapshot["normative"] = NORMATIVE_BASE
    snapshot["schools"] = _schools(campaign)
    snapshot["events"] = _events(campaign)
    pending = [o["name"] for o in data["organisations"] if o["status"] != "принята"]
    snapshot["tasks"] = _tasks(snapshot, pending)
    return snapshot


# The documents the municipality's mentoring system rests on, as a report lists them.
NORMATIVE_BASE = [
    "Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»;",
    "статья 351.8 Трудового кодекса Российской Федерации (наставничество);",
    "распоряжение Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
    "(методология целевой модели наставничества);",
    "распоряжение Правительства Российской Федерации от 31.12.2019 № 3273-р (основные "
    "принципы национальной системы профессионального роста педагогических работников);",
    "муниципальная программа развития наставничества, дорожная карта и критерии оценки "
    "эффективности наставничества.",
]


def _schools(campaign) -> dict:
    """Each organisation of the municipality with its mentoring programmes and the pairs
    (groups) that ran in the school year the monitoring closes."""
    import datetime

    from orgs.models import Organisation
    from pairs.models import Pair, Programme

    start = datetime.date(campaign.year - 1, 9, 1)
    end = datetime.date(campaign.year, 8, 31)
    organisations = list(
        Organisation.objects.filter(municipality=campaign.municipality_id).order_by(
            "short_name", "pk"
        )
    )
    programmes: dict[int, list[str]] = {}
    for organisation_id, title in (
        Programme.objects.filter(organisation__in=organisations)
        .exclude(status="draft")
        .order_by("title")
        .values_list("organisation_id", "title")
    ):
        programmes.setdefault(organisation_id, []).append(title)
    pairs: dict[int, int] = {}
    for organisation_id in (
        Pair.objects.filter(organisation__in=organisations, starts_on__lte=end)
        .exclude(status="draft")
        .exclude(ended_on__lt=start)
        .values_list("organisation_id", flat=True)
    ):
        pairs[organisation_id] = pairs.get(organisation_id, 0) + 1
    return {
        "columns": [
            {"title": "Организация", "width": 34},
            {"title": "Программы наставничества", "width": 48},
            {"title": "Пар (групп)", "width": 18},
        ],
        "rows": [
            {
                "cells": [
                    o.short_name,
                    "\n".join(programmes.get(o.pk, [])) or "нет",
                    str(pairs.get(o.pk, 0)),
                ]
            }
            for o in organisations
        ],
        "without_pairs": [o.short_name for o in organisations if not pairs.get(o.pk)],
    }


def _events(campaign) -> dict:
    """The municipality's mentoring events of the year with their participants."""
    from django.db.models import Count

    from monitoring.effectiveness.models import Event

    rows = (
        Event.objects.filter(municipality=campaign.municipality_id, starts_on__year=campaign.year)
        .annotate(people=Count("participations"))
        .order_by("starts_on", "pk")
    )
    return {
        "columns": [
            {"title": "Дата", "width": 16},
            {"title": "Мероприятие", "width": 50},
            {"title": "Уровень", "width": 18},
            {"title": "Участников", "width": 16},
        ],
        "rows": [
            {
                "cells": [
                    f"{e.starts_on:%d.%m.%Y}",
                    f"{e.title} ({e.get_kind_display()})",
                    e.get_level_display(),
                    str(e.people),
                ]
            }
            for e in rows
        ],
    }


def _tasks(snapshot: dict, pending: list[str]) -> list[str]:
    """Tasks for the next year, each written from a figure of this report."""
    tasks = []
    if pending:
        tasks.append("Обеспечить сдачу и приёмку форм мониторинга: " + ", ".join(pending) + ".")
    weak = [
        line.split(".")[0]
        for line in snapshot["conclusions"]
        if f"организациям с показателем {BOTTOM_BAND}" in line
    ]
    if weak:
        tasks.append(
            "Оказать адресную методическую помощь организациям с показателем "
            f"{BOTTOM_BAND} по критериям {', '.join(weak)}."
        )
    areas = [row[0] for row in snapshot["difficulties"].get("rows", [])[:3] if row[1]]
    if areas:
        tasks.append(
            "Включить в план методического сопровождения наставников темы, по которым "
            "педагоги чаще испытывают затруднения: " + ", ".join(areas) + "."
        )
    without = snapshot.get("schools", {}).get("without_pairs", [])
    if without:
        tasks.append(
            "Сформировать наставнические пары (группы) в организациях, где их нет: "
            + ", ".join(without)
            + "."
        )
    tasks.append(
        "Провести мониторинг эффективности наставничества в следующем году по тем же "
        "критериям и сравнить результаты."
    )
    return tasks


def overview_section(campaign) -> dict:
    """The municipality's overview totals for the school year the monitoring closes (the
    campaign of year Y covers Y-1/Y), read as the overview page reads them: every figure of
    its «Итого» row, formatted as the page shows it."""
    from monitoring import overviews
    from monitoring.drilldown import figure
    from monitoring.selectors import FIGURES, total
    from orgs.models import Organisation

    as_of, school_year, _ = overviews.as_of(str(campaign.year - 1))
    ids = list(
        Organisation.objects.filter(municipality=campaign.municipality_id).values_list(
            "pk", flat=True
        )
    )
    readings = overviews.readings(
        "organisation",
        ids,
        today=as_of,
        school_year=school_year,
        municipality=campaign.municipality_id,
    )
    totals = total(readings.figures)
    return {
        "school_year": str(school_year),
        "as_of": f"{as_of:%d.%m.%Y}",
        "columns": [{"title": "Показатель", "width": 75}, {"title": "Значение", "width": 25}],
        "rows": [
            {"cells": [title, figure(getattr(totals, column))]}
            for column, (title, _) in FIGURES.items()
        ],
    }


def report_snapshot(data: dict, difficulties: dict, overview: dict | None = None) -> dict:
    """The report's content from the monitoring figures (the shape of
    ``analytical_report_data``), the year's difficulties (the shape of ``_difficulties``)
    and the overview's totals (``overview_section``)."""
    total = len(data["organisations"])
    statuses = data["status_counts"]
    accepted = statuses.get("принята", 0)
    return {
        "template": "report",
        "heading": "АНАЛИТИЧЕСКАЯ СПРАВКА",
        "year": data["year"],
        "intro": [
            f"Мониторинг эффективности системы наставничества за {data['year']} год проведён "
            f"в {total} {_organisations_prepositional(total)} "
            f"по {len(data['criteria'])} критериям муниципальной программы. Формы приняты у "
            f"{accepted} из {total} {_genitive(total)}.",
        ],
        "statuses": {
            "columns": [
                {"title": "Статус формы", "width": 70},
                {"title": "Организаций", "width": 30},
            ],
            "rows": [{"cells": [label, str(n)]} for label, n in statuses.items()],
        },
        "levels": [[label, data["level_counts"].get(label, 0)] for label in LEVELS],
        "history": _history(data),
        "criteria": [f"К{i}. {name}" for i, name in enumerate(data["criteria"], start=1)],
        "matrix": _matrix(data),
        "bands": {
            "labels": BAND_LABELS,
            "rows": [
                [
                    f"К{i}",
                    [c["bands"].get(label, 0) for label in BAND_LABELS],
                    total - c["measured"],
                ]
                for i, c in enumerate(data["by_criterion"], start=1)
            ],
        },
        "conclusions": [
            _conclusion(i, c, total, data.get("previous_year"))
            for i, c in enumerate(data["by_criterion"], start=1)
        ],
        "difficulties": difficulties,
        "overview": overview or {},
        "summary": _summary(data),
    }


def _history(data: dict) -> dict:
    """Levels by year (this one and the municipality's earlier monitoring), when there are
    at least two years to compare."""
    years = data.get("history", [])
    if len(years) < 2:
        return {"rows": []}
    return {
        "labels": LEVELS,
        "rows": [
            [y["year"], y["organisations"], [y["levels"].get(label, 0) for label in LEVELS]]
            for y in years
        ],
    }


def _matrix(data: dict) -> dict:
    count = len(data["criteria"])
    band_width = round(60 / max(count, 1), 1)
    columns = [{"title": "Организация", "width": 24}]
    columns += [{"title": f"К{i}", "width": band_width} for i in range(1, count + 1)]
    columns += [{"title": "Уровень", "width": 16}]
    rows = []
    for org in data["organisations"]:
        level = org["level"] or "—"
        if data["has_previous"] and org["previous_level"]:
            level += f"\n(в прошлом году: {org['previous_level']})"
        rows.append({"cells": [org["name"], *(b or "—" for b in org["bands"]), level]})
    return {"columns": columns, "rows": rows}


def _conclusion(number: int, criterion: dict, total: int, previous_year: int | None) -> str:
    """«К1. «…»: у 3 из 5 организаций показатель в диапазоне 100–80 %, у 2 — 79–60 %…» over
    the organisations measured, then those without data and last year's share of the top band
    where the criterion was measured then too."""
    measured = criterion["measured"]
    if not measured:
        return f"К{number}. «{criterion['name']}»: данных нет ни у одной организации."
    bands = criterion["bands"]
    top = bands.get(TOP_BAND, 0)
    text = (
        f"К{number}. «{criterion['name']}»: у {top} из {measured} {_genitive(measured)} "
        f"показатель в диапазоне {TOP_BAND}"
    )
    text += "".join(
        f", у {bands[label]} — {label}" for label in BAND_LABELS[1:] if bands.get(label)
    )
    missing = total - measured
    if bands.get(BOTTOM_BAND):
        text += f"; организациям с показателем {BOTTOM_BAND} нужна методическая помощь"
    elif top == measured:
        text += "; критерий выполнен всеми организациями"
        text += ", по которым есть данные" if missing > 0 else ""
    text += "."
    if missing > 0:
        text += f" Данных нет у {missing} {_genitive(missing)}."
    before = criterion.get("previous")
    if previous_year and before and before["measured"]:
        was, now = (
            _share(before["bands"].get(TOP_BAND, 0), before["measured"]),
            _share(top, measured),
        )
        trend = "выросла" if now > was else "снизилась" if now < was else "не изменилась"
        text += (
            f" В {previous_year} году в этом диапазоне было {before['bands'].get(TOP_BAND, 0)} "
            f"из {before['measured']}; доля {trend}"
            + (f" с {was} % до {now} %." if now != was else f" ({now} %).")
        )
    return text


def _share(part: int, whole: int) -> int:
    return round(100 * part / whole)


def _summary(data: dict) -> list[str]:
    levels = data["level_counts"]
    weak = [o["name"] for o in data["organisations"] if o["level"] in LEVELS[2:]]
    lines = [
        "Распределение организаций по уровню эффективности: "
        + ", ".join(f"{label} — {levels.get(label, 0)}" for label in LEVELS)
        + "."
    ]
    if weak:
        lines.append(
            "Рекомендуется включить в план методического сопровождения: " + ", ".join(weak) + "."
        )
    return lines


def _difficulties(campaign) -> dict:
    """Shares of teachers with each professional difficulty in the municipality's deficits
    diagnostics of that year (the latest one), like the table of the Онгудайский district
    report, and under each area its most frequent difficulties (the questions answered at or
    below the threshold)."""
    from monitoring.diagnostics.selectors import difficulty_table, latest_deficits_survey

    survey = latest_deficits_survey(campaign.municipality, year=campaign.year)
    if survey is None:
        return {"title": "", "respondents": 0, "rows": [], "top": []}
    table = difficulty_table(survey)
    if table.hidden:  # an anonymous survey with too few answers to show shares
        return {
            "title": survey.title,
            "respondents": table.respondents,
            "rows": [],
            "top": [],
            "hidden": True,
        }
    top = []
    for area in table.areas:
        named = [
            [s.label, s.count, s.percent]
            for s in table.indicators  # most frequent first
            if s.area == area.label and s.count
        ][:TOP_DIFFICULTIES]
        if named:
            top.append([area.label, named])
    return {
        "title": survey.title,
        "respondents": table.respondents,
        "rows": [[s.label, s.count, s.percent] for s in table.areas],
        "top": top,
    }


def report_charts(snapshot: dict) -> dict:
    """The report's charts as SVG, drawn from the frozen figures. Snapshots issued before a
    chart existed simply lack its figures and print without it."""
    charts = {
        "levels": bar_chart(
            "Организации по уровню эффективности",
            [label for label, _ in snapshot["levels"]],
            [n for _, n in snapshot["levels"]],
            unit="",
        )
    }
    history = snapshot.get("history", {}).get("rows")
    if history:
        charts["history"] = line_chart(
            "Уровень эффективности по годам, % организаций",
            [str(year) for year, _, _ in history],
            {
                label: [_share(levels[i], total) if total else None for _, total, levels in history]
                for i, label in enumerate(snapshot["history"]["labels"])
            },
            colours=BAND_COLOURS,
        )
    bands = snapshot.get("bands")
    if bands and bands["rows"]:
        charts["bands"] = stacked_bar_chart(
            "Организации по диапазонам показателей критериев",
            [name for name, _, _ in bands["rows"]],
            {
                label: [counts[i] for _, counts, _ in bands["rows"]]
                for i, label in enumerate(bands["labels"])
            },
            colours=BAND_COLOURS,
        )
    rows = snapshot["difficulties"]["rows"]
    if rows:
        charts["difficulties"] = bar_chart(
            "Доля педагогов с затруднениями по областям",
            [r[0] for r in rows],
            [r[2] for r in rows],
            maximum=100,
        )
    return charts


def _organisations_prepositional(n: int) -> str:
    """«в 1 образовательной организации», «в 21 …», otherwise «в 5 образовательных …»."""
    if n % 10 == 1 and n % 100 != 11:
        return "образовательной организации"
    return "образовательных организациях"


def _genitive(n: int) -> str:
    """«из 1 организации», «у 21 организации», otherwise «из 5 организаций»."""
    return "организации" if n % 10 == 1 and n % 100 != 11 else "организаций"
