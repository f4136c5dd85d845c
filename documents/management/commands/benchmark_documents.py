"""Render times of the heaviest documents, from synthetic snapshots (no database needed)."""

import time

from django.core.management.base import BaseCommand

from documents import content, rendering

AIMS = {10: 1.0, 120: 3.0}


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


class Command(BaseCommand):
    help = "Печатает время формирования приказа о закреплении пар (10 и 120 пар) в PDF и DOCX."

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
        self.stdout.write(
            "Аналитическая справка (10 и 40 организаций): ещё не формируется — ждёт "
            "мониторинга эффективности."
        )
