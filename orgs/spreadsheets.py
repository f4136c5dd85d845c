"""Plain tables as downloads: XLSX with a bold header row, and CSV that Excel in a Russian
locale opens as a table (UTF-8 with a BOM, ';')."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, headers: list[str], rows, *, sheet: str = "Лист1"):
    book = Workbook(write_only=True)
    table = book.create_sheet(sheet[:31])
    table.append([_bold(book, table, h) for h in headers])
    for row in rows:
        table.append(row)
    stream = io.BytesIO()
    book.save(stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _bold(book, table, text):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(table, value=text)
    cell.font = Font(bold=True)
    return cell


def csv_response(filename: str, headers: list[str], rows):
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
