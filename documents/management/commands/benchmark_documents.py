"""Render times of the heaviest documents, from synthetic snapshots (no database needed)."""

import time

from django.core.management.base import BaseCommand

from documents import content, rendering
from documents.report import report_charts, report_snapshot
from monitoring.effectiveness.scales import BANDS, LEVEL_LABELS

AIMS = {10: 1.0, 30: 1.0, 120: 3.0}


def pairs_snapshot(count: int) -> dict:
    pairs = [
        {
            "cells": [
                f"{i}.",
                f"Наставникова{i}\u00a0А.\u00a0С., учитель математики",
                f"Новикова{i}\u00a0Б.\u00a0В., учитель начальных классов",
                "«учитель – учитель»; традиционное («один на один»)",
                "01.09.2025 –\n31.08.2026",
            ]
        }
        for i in range(1, count + 1)
    ]
    names = [f"Наставникова{i}\u00a0А.\u00a0С." for i in range(count)]
    names += [f"Новикова{i}\u00a0Б.\u00a0В." for i in range(count)]
    return {
        "doc": {
            "title": "О закреплении наставнических пар (групп)",
            "issuer_lines": ["МБОУ «Онгудайская СОШ им. С.Т. Пекпеева»"],
            "place": "Онгудайский район",
            "head": {"position": "Директор", "name": "Е.\u00a0А.\u00a0Смирнова"},
            "grounds": "В соответствии с Положением о системе наставничества",
            "points": [
                {
                    "text": "Закрепить наставнические пары (группы) согласно таблице:",
                    "subpoints": [],
                    "table": {"columns": content.PAIR_COLUMNS, "rows": pairs},
                }
            ],
            "control": "оставляю за собой.",
            "acquainted": names,
            "attachments": [],
        },
        "number": "45",
        "date": "15.09.2025",
    }


def report_context(organisations: int) -> dict:
    """The report over ``organisations`` schools, seven criteria and five years of monitoring,
    built by the same ``report_snapshot`` as a methodist's, with every chart and table."""
    bands = [band.label for band in BANDS]
    levels = list(LEVEL_LABELS.values())
    criteria = [f"Критерий эффективности наставничества № {i}" for i in range(1, 8)]
    rows = [[bands[(n + i) % 4] for i in range(7)] for n in range(organisations)]
    level_counts = {label: organisations // 4 for label in levels}
    figures = {
        "year": 2026,
        "criteria": criteria,
        "organisations": [
            {
                "name": f"МБОУ «Средняя общеобразовательная школа № {n + 1}»",
                "bands": row,
                "level": levels[n % 4],
                "previous_level": levels[(n + 1) % 4],
            }
            for n, row in enumerate(rows)
        ],
        "by_criterion": [
            {
                "name": name,
                "bands": {label: sum(r[i] == label for r in rows) for label in bands},
                "measured": organisations,
                "previous": {"bands": {bands[0]: organisations // 3}, "measured": organisations},
            }
            for i, name in enumerate(criteria)
        ],
        "has_previous": True,
        "previous_year": 2025,
        "status_counts": {"принята": organisations},
        "level_counts": level_counts,
        "history": [
            {"year": year, "organisations": organisations, "levels": level_counts}
            for year in range(2022, 2027)
        ],
    }
    difficulties = {
        "title": "Карта профессиональных затруднений",
        "respondents": organisations * 20,
        "rows": [[f"Область затруднений {i}", 10 * i, 5 * i] for i in range(1, 11)],
        "top": [
            [f"Область затруднений {i}", [[f"Затруднение {i}.{j}", 10, 5] for j in range(1, 4)]]
            for i in range(1, 11)
        ],
    }
    snapshot = report_snapshot(figures, difficulties)
    snapshot.update(
        title="Аналитическая справка по итогам мониторинга эффективности",
        issuer_lines=["Отдел образования", "Томская область"],
        head={"position": "Руководитель", "name": "Е.\u00a0А.\u00a0Смирнова"},
    )
    return {"doc": snapshot, "number": "12", "date": "20.12.2026"}


REPORT_AIMS = {10: 10.0, 40: 10.0}


class Command(BaseCommand):
    help = (
        "Печатает время формирования приказа о закреплении пар (10 и 120 пар) и аналитической "
        "справки (10 и 40 организаций) в PDF и DOCX."
    )

    def handle(self, *args, **options):
        template = "documents/print/order.html"
        rendering.render_pdf(template, pairs_snapshot(1))  # warm-up: fonts and stylesheets
        for count, aim in AIMS.items():
            context = pairs_snapshot(count)
            started = time.perf_counter()
            pdf = rendering.render_pdf(template, context)
            pdf_seconds = time.perf_counter() - started
            started = time.perf_counter()
            rendering.render_docx(template, context)
            docx_seconds = time.perf_counter() - started
            verdict = "в норме" if pdf_seconds + docx_seconds <= aim else "МЕДЛЕННО"
            self.stdout.write(
                f"Приказ о закреплении пар, {count} пар: PDF {pdf_seconds:.2f} с "
                f"({len(pdf) // 1024} КБ), DOCX {docx_seconds:.2f} с; цель ≤ {aim:.0f} с — "
                f"{verdict}"
            )
        for count, aim in REPORT_AIMS.items():
            context = report_context(count)
            started = time.perf_counter()
            context["charts"] = report_charts(
                context["doc"]
            )  # drawn at print time, as a worker does
            pdf = rendering.render_pdf("documents/print/report.html", context)
            pdf_seconds = time.perf_counter() - started
            started = time.perf_counter()
            rendering.render_docx("documents/print/report.html", context)
            docx_seconds = time.perf_counter() - started
            verdict = "в норме" if pdf_seconds + docx_seconds <= aim else "МЕДЛЕННО"
            self.stdout.write(
                f"Аналитическая справка, {count} организаций: PDF {pdf_seconds:.2f} с "
                f"({len(pdf) // 1024} КБ), DOCX {docx_seconds:.2f} с; цель ≤ {aim:.0f} с — "
                f"{verdict}"
            )
