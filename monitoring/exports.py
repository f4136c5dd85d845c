"""Tables of the overviews as XLSX and CSV, with the columns and numbers the page shows."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import FIGURES

# Shares go into the spreadsheet as fractions with a percent format, so they sum and chart.
PERCENT_COLUMNS = {column for column, (title, _) in FIGURES.items() if title.endswith("%")}


def _table(place_title: str, rows, totals):
    headers = [place_title, *(FIGURES[c][0] for c in FIGURES)]
    body = [[str(place), *(getattr(f, c) for c in FIGURES)] for place, f in rows]
    body.append(["Итого", *(getattr(totals, c) for c in FIGURES)])
    return headers, body


def xlsx_response(
    filename: str, place_title: str, rows, totals, cohorts=(), *, note: str = ""
) -> HttpResponse:
    """``note`` goes under the table (e.g. when the summaries were computed)."""
    headers, body = _table(place_title, rows, totals)
    book = Workbook()
    sheet = book.active
    sheet.title = "Показатели"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    percent_at = {i + 2 for i, c in enumerate(FIGURES) if c in PERCENT_COLUMNS}
    for values in body:
        sheet.append(
            [v / 100 if i + 1 in percent_at and v is not None else v for i, v in enumerate(values)]
        )
    for column in percent_at:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "0.0%"
    if note:
        sheet.append([])
        sheet.append([note])
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 40
    if cohorts:
        _retention_sheet(book.create_sheet("Закрепляемость"), cohorts)
    stream = io.BytesIO()
    book.save(stream)
    response = HttpResponse(
        stream.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def csv_response(filename: str, place_title: str, rows, totals) -> HttpResponse:
    """UTF-8 with a BOM and ';' so that Excel in a Russian locale opens it as a table."""
    headers, body = _table(place_title, rows, totals)
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(headers)
    for values in body:
        writer.writerow(["" if v is None else str(v).replace(".", ",") for v in values])
    response = HttpResponse("\ufeff" + stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


RETENTION_HEADERS = [
    "Год приёма",
    "С наставником: принято",
    "через 1 год, %",
    "через 2 года, %",
    "через 3 года, %",
    "Без наставника: принято",
    "через 1 год, %",
    "через 2 года, %",
    "через 3 года, %",
]


def _retention_sheet(sheet, cohorts) -> None:
    """Retention by hiring year, mentored vs not (monitoring.outcomes), percents as numbers."""
    sheet.append(RETENTION_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in cohorts:
        values = [row.year]
        for cohort in (row.with_mentor, row.without_mentor):
            values += [cohort.hired, *(r / 100 if r is not None else None for r in cohort.rates)]
        sheet.append(values)
    for column in (3, 4, 5, 7, 8, 9):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "0.0%"
