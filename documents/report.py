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
    municipal, schools = _difficulty_surveys(campaign)
    snapshot = report_snapshot(data, municipal, overview_section(campaign))
    snapshot["school_difficulties"] = schools
    snapshot["normative"] = NORMATIVE_BASE
    snapshot["schools"] = _schools(campaign)
    snapshot["events"] = _events(campaign)
    snapshot["findings"] = _findings(snapshot)
    snapshot["tasks"] = _tasks(snapshot, snapshot["not_accepted"])
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
    (groups) that worked in the monitoring's year (a calendar year, as its events and
    diagnostics), one paragraph per organisation as the Ongudai district's report of
    25.03.2021 lists them: «В МБОУ «…» реализуется программа наставничества «…» сроком на
    1 год (с 01.09.2025 по 31.08.2026, 2 пары)»."""
    import datetime

    from django.db.models import Count

    from orgs import declension
    from orgs.models import Organisation
    from orgs.selectors import name_overrides_of_municipality
    from pairs.models import Pair, Programme

    start = datetime.date(campaign.year, 1, 1)
    end = datetime.date(campaign.year, 12, 31)
    organisations = list(
        Organisation.objects.filter(municipality=campaign.municipality_id).order_by(
            "short_name", "pk"
        )
    )
    pairs = dict(
        Pair.objects.filter(organisation__in=organisations, starts_on__lte=end)
        .exclude(status=Pair.Status.DRAFT)
        .exclude(ended_on__lt=start)
        .values_list("programme")
        .annotate(n=Count("pk"))
        .order_by()
    )
    programmes: dict[int, list[str]] = {}
    counted: dict[int, int] = {}
    for programme in (
        Programme.objects.filter(organisation__in=organisations)
        .exclude(status=Programme.Status.DRAFT)
        .order_by("starts_on", "title", "pk")
    ):
        n = pairs.get(programme.pk, 0)
        counted[programme.organisation_id] = counted.get(programme.organisation_id, 0) + n
        programmes.setdefault(programme.organisation_id, []).append(_programme_line(programme, n))
    overrides = name_overrides_of_municipality(campaign.municipality_id)
    paragraphs = []
    for o in organisations:
        where = declension.decline(
            o.name or o.short_name, declension.PREPOSITIONAL, overrides.get(o.pk, overrides[None])
        )
        lines = programmes.get(o.pk, [])
        if not lines:
            paragraphs.append(f"В {where} программа наставничества не утверждена.")
        elif len(lines) == 1:
            paragraphs.append(f"В {where} реализуется {lines[0]}.")
        else:
            paragraphs.append(f"В {where} реализуются: " + "; ".join(lines) + ".")
    return {
        "year": campaign.year,
        "paragraphs": paragraphs,
        "organisations": len(organisations),
        "with_programmes": sum(1 for o in organisations if programmes.get(o.pk)),
        "pairs": sum(counted.values()),
        "without_pairs": [o.short_name for o in organisations if not counted.get(o.pk)],
    }


def _programme_line(programme, pairs: int) -> str:
    """«программа наставничества «Учитель – учитель» сроком на 1 год (с 01.09.2025 по
    31.08.2026, 2 пары)»."""
    title = programme.title.strip()
    if title.lower().startswith("программа"):
        named = title[0].lower() + title[1:]
    else:
        named = f"программа наставничества {title if '«' in title else f'«{title}»'}"
    days = (programme.ends_on - programme.starts_on).days
    years = round(days / 365.25)
    term = (
        f" сроком на {years} {_plural(years, 'год', 'года', 'лет')}"
        if years and abs(days - years * 365.25) < 31
        else ""
    )
    period = f"с {programme.starts_on:%d.%m.%Y} по {programme.ends_on:%d.%m.%Y}"
    return f"{named}{term} ({period}, {pairs} {_plural(pairs, 'пара', 'пары', 'пар')})"


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


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


def _tasks(snapshot: dict, not_accepted: dict) -> list[str]:
    """Tasks for the next year, each written from a figure of this report."""
    tasks = []
    pending = not_accepted.get("not_submitted", []) + not_accepted.get("submitted", [])
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
    areas = [area for area, _share in _main_areas(snapshot)[:3]]
    if areas:
        tasks.append(
            "Включить в план методического сопровождения наставников темы, по которым "
            "педагоги чаще испытывают затруднения: " + ", ".join(areas) + "."
        )
    undiagnosed = _undiagnosed(snapshot)
    if undiagnosed:
        tasks.append(
            "Провести диагностику профессиональных затруднений педагогов в организациях, где "
            "она в этом году не проводилась: " + ", ".join(undiagnosed) + "."
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


def _main_areas(snapshot: dict) -> list[tuple[str, int]]:
    """Areas of difficulty, the most frequent first: the municipality's diagnostics where it
    ran one, otherwise the organisations' own diagnostics taken together."""
    rows = snapshot["difficulties"].get("rows") or []
    if rows:
        return [(area, percent) for area, count, percent in rows if count]
    counts: dict[str, int] = {}
    respondents = 0
    for survey in snapshot.get("school_difficulties", []):
        respondents += survey["respondents"] if survey["rows"] else 0
        for area, count, _percent in survey["rows"]:
            counts[area] = counts.get(area, 0) + count
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    return [(area, _share(n, respondents)) for area, n in ranked if n]


def _undiagnosed(snapshot: dict) -> list[str]:
    """Organisations without diagnostics of their own when the municipality ran none."""
    if snapshot["difficulties"].get("title"):
        return []
    done = {survey["organisation"] for survey in snapshot.get("school_difficulties", [])}
    names = [row["cells"][0] for row in snapshot.get("matrix", {}).get("rows", [])]
    return [name for name in names if name not in done] if done else []


def _findings(snapshot: dict) -> list[str]:
    """Conclusions of the year, each sentence written from the report's own figures."""
    schools = snapshot["schools"]
    total = schools["organisations"]
    lines = [
        f"Программы наставничества реализуются в {schools['with_programmes']} из {total} "
        f"{_genitive(total)}; наставнических пар (групп) в {schools['year']} году — "
        f"{schools['pairs']}."
    ]
    coverage = next(
        (
            value
            for title, value in (r["cells"] for r in snapshot["overview"].get("rows", []))
            if title.startswith("Охват наставничеством")
        ),
        None,
    )
    if coverage and coverage != "—":
        lines.append(f"Охват молодых специалистов наставничеством — {coverage} %.")
    accepted = snapshot["accepted"]
    lines.append(
        f"Уровень эффективности определён у {accepted} из {total} {_genitive(total)}: "
        "уровень даёт только принятая форма мониторинга."
    )
    areas = _main_areas(snapshot)[:5]
    if areas:
        lines.append(
            "По результатам диагностики основные затруднения педагогов связаны с областями: "
            + ", ".join(f"{area} — {share} %" for area, share in areas)
            + "."
        )
    return lines


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
        "accepted": accepted,
        "not_accepted": _not_accepted(data),
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
        level = org["level"] or _no_level(org)
        if data["has_previous"] and org["previous_level"]:
            level += f"\n(в прошлом году: {org['previous_level']})"
        rows.append({"cells": [org["name"], *(b or "—" for b in org["bands"]), level]})
    return {"columns": columns, "rows": rows}


# Form statuses without a level: not handed in, or handed in and not yet accepted.
NOT_SUBMITTED = ("not_started", "in_progress", "returned")
SUBMITTED = "submitted"


def _no_level(org: dict) -> str:
    code = org.get("status_code")
    if code == SUBMITTED:
        return "форма не принята"
    return "форма не сдана" if code in NOT_SUBMITTED else "—"


def _not_accepted(data: dict) -> dict:
    """Organisations whose form gives no level: «не сданы» and «сданы, не приняты»."""
    rows = data["organisations"]
    return {
        "not_submitted": [o["name"] for o in rows if o.get("status_code") in NOT_SUBMITTED],
        "submitted": [o["name"] for o in rows if o.get("status_code") == SUBMITTED],
    }


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


def _difficulty_surveys(campaign) -> tuple[dict, list[dict]]:
    """The year's deficits diagnostics at every level, like the table of the Ongudai
    district's report of 25.03.2021 (share of teachers with each difficulty): the
    municipality's own survey, and each organisation's own, read with the selectors the
    diagnostics pages use."""
    from monitoring.diagnostics.selectors import deficits_surveys_of_year

    municipal = {"title": "", "respondents": 0, "rows": [], "top": []}
    schools = []
    for survey in deficits_surveys_of_year(campaign.municipality, year=campaign.year):
        if survey.organisation_id is None:
            municipal = _difficulties(survey)
        else:
            schools.append(
                {"organisation": survey.organisation.short_name, **_difficulties(survey)}
            )
    return municipal, schools


def _difficulties(survey) -> dict:
    """Shares of the survey's respondents with each difficulty by area, and under each area
    its most frequent difficulties (the questions answered at or below the threshold)."""
    from monitoring.diagnostics.selectors import difficulty_table

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
