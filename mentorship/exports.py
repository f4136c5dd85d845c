"""Every table the portal hands out as a file (XLSX or CSV) is written here, and only here.

One place, because a spreadsheet cell is code as well as data: a value that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by Excel and
LibreOffice (OWASP "CSV injection"). Every text cell is therefore neutralised with a leading
single quote, while numbers, dates and empty cells stay what they are, so sums and charts
still work.

Use::

    from mentorship import exports

    @exports.offers("xlsx", "csv")          # the view answers ?export=xlsx / ?export=csv
    @login_required
    def overview(request, pk): ...
        table = exports.Sheet("Показатели", headers, rows)
        return exports.response(
            request.GET["export"], "municipality-3", table,
            parameters={"Учебный год": "2025/2026", "Данные на": refreshed_at},
        )

``parameters`` (filters, the figures' stamp) go to a second sheet «Параметры» of the XLSX
and into the name of the CSV file, so a file read later still says what it shows.
``offers`` registers the view: the test over every export URL finds it in the URLconf.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
CONTENT_TYPES = {"xlsx": XLSX, "csv": CSV}
PERCENT = "0.0%"

# What a spreadsheet reads as the start of a formula (OWASP CSV injection guidance).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = int | float | decimal.Decimal
PARAMETERS_SHEET = "Параметры"


def neutralised(value: str) -> str:
    """Text that no spreadsheet runs: a leading quote before a formula's first character."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass
class Sheet:
    """One table: a bold header row, then the rows. ``formats`` maps a column (0-based) to an
    XLSX number format (e.g. PERCENT for shares stored as fractions); ``note`` goes under
    the table of an XLSX; ``widths`` maps a column to its width in characters."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    formats: Mapping[int, str] = field(default_factory=dict)
    note: str = ""
    freeze: str | None = None
    widths: Mapping[int, float] = field(default_factory=dict)


def response(
    kind: str,
    filename: str,
    *sheets: Sheet,
    parameters: Mapping[str, object] | None = None,
) -> HttpResponse:
    """The file of ``kind`` ("xlsx" or "csv"); a CSV carries the first sheet only."""
    if kind == "xlsx":
        return xlsx_response(filename, *sheets, parameters=parameters)
    if kind == "csv":
        return csv_response(filename, sheets[0], parameters=parameters)
    raise ValueError(f"unknown export format {kind!r}")


def xlsx_response(
    filename: str, *sheets: Sheet, parameters: Mapping[str, object] | None = None
) -> HttpResponse:
    return _download(xlsx_bytes(*sheets, parameters=parameters), f"{filename}.xlsx", XLSX)


def xlsx_bytes(*sheets: Sheet, parameters: Mapping[str, object] | None = None) -> bytes:
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book, sheet)
    shown = _shown_parameters(parameters)
    if shown:
        _write_sheet(
            book,
            Sheet(PARAMETERS_SHEET, ["Параметр", "Значение"], shown, widths={0: 30, 1: 50}),
        )
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def csv_response(
    filename: str, sheet: Sheet, *, parameters: Mapping[str, object] | None = None
) -> HttpResponse:
    """UTF-8 with a BOM and ';', so that Excel in a Russian locale opens it as a table;
    decimal commas for the same reason. Only the table: a program reads it back row by row,
    so the note and the parameters go into the file name instead."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow([_csv_cell(h) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow([_csv_cell(v) for v in row])
    name = _stamped(filename, _shown_parameters(parameters))
    return _download(("\ufeff" + stream.getvalue()).encode(), f"{name}.csv", CSV)


def offers(*kinds: str, query: str | None = "export", hostile: bool = True) -> Callable:
    """Marks a view that answers with a file made here: ``?{query}=kind`` for each kind, or the
    URL itself when ``query`` is None. ``hostile=False`` for a fixed file that carries no
    user data (the test then only checks it is safe, not that user text reached it)."""

    def mark(view):
        view.exports = {"kinds": kinds, "query": query, "hostile": hostile}
        return view

    return mark


def parameters_from(form) -> dict[str, str]:
    """A bound, valid filter form's chosen values by their labels, as a person reads them
    (choices by their names, dates as 01.09.2026); empty filters are left out."""
    if form is None or not form.is_bound or not form.is_valid():
        return {}
    chosen = {}
    for name, value in form.cleaned_data.items():
        if value in (None, "", [], ()) or value is False:
            continue
        bound = form[name]
        if getattr(bound.field.widget, "input_type", "") == "hidden":
            continue
        choices = dict(getattr(bound.field, "choices", []) or [])
        shown = choices.get(value, value) if not isinstance(value, list) else value
        if value is True:
            shown = "да"
        chosen[str(bound.label or name)] = _text(shown)
    return chosen


# --- cells -----------------------------------------------------------------------------------


def _xlsx_cell(value):
    """What openpyxl writes: numbers and dates as they are, all else as neutralised text."""
    if value is None or isinstance(value, bool | NUMBERS):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | datetime.time):
        return value
    return neutralised(str(value))


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, NUMBERS):
        return str(value).replace(".", ",")  # a number, even a negative one, stays a number
    return neutralised(_text(value))


def _text(value) -> str:
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local:%d.%m.%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _write_sheet(book, sheet: Sheet) -> None:
    from openpyxl.utils import get_column_letter

    table = book.create_sheet(sheet.title[:31])
    for column, width in sheet.widths.items():
        table.column_dimensions[get_column_letter(column + 1)].width = width
    if sheet.freeze:
        table.freeze_panes = sheet.freeze
    header = []
    for text in sheet.headers:
        cell = WriteOnlyCell(table, value=_xlsx_cell(text))
        cell.font = Font(bold=True)
        header.append(cell)
    table.append(header)
    for row in sheet.rows:
        cells = []
        for column, value in enumerate(row):
            value = _xlsx_cell(value)
            number_format = sheet.formats.get(column)
            if number_format and value is not None:
                cell = WriteOnlyCell(table, value=value)
                cell.number_format = number_format
                value = cell
            cells.append(value)
        table.append(cells)
    if sheet.note:
        table.append([])
        table.append([_xlsx_cell(sheet.note)])


def _shown_parameters(parameters: Mapping[str, object] | None) -> list[tuple[str, str]]:
    return [
        (str(label), _text(value))
        for label, value in (parameters or {}).items()
        if value not in (None, "", [], ())
    ]


def _stamped(filename: str, shown: list[tuple[str, str]]) -> str:
    """``name_value_value`` for the CSV, which has no room for a parameters sheet."""
    if not shown:
        return filename
    words = (slugify(re.sub(r"[.:/]", "-", value), allow_unicode=True) for _, value in shown)
    stamp = "_".join(w for w in words if w)
    return f"{filename}_{stamp[:120]}" if stamp else filename


def download(content: bytes, filename: str) -> HttpResponse:
    """A file made here (``xlsx_bytes``) as an attachment."""
    return _download(content, filename, CONTENT_TYPES[filename.rsplit(".", 1)[-1]])


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    answer = HttpResponse(content, content_type=content_type)
    answer["Content-Disposition"] = content_disposition_header(True, filename)
    return answer
