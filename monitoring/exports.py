"""Tables of the overviews as XLSX and CSV, with the columns and numbers the page shows."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import FIGURES

PERCENT_COLUMNS = {"match_rate", "plan_completion"}


def _table(place_title: str, rows, totals):
    headers = [place_title, *(FIGURES[c][0] for c in FIGURES)]
    body = [[str(place), *(getattr(f, c) for c in FIGURES)] for place, f in rows]
    body.append(["Итого", *(getattr(totals, c) for c in FIGURES)])
    return headers, body


def xlsx_response(filename: str, place_title: str, rows, totals) -> HttpResponse:
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
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 40
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
