"""The cells of an uploaded spreadsheet (.xlsx or .csv), as a person sees them on screen.

Schools' files are made for people, not programs: a title above the table, headers merged
over two rows, section headings merged across a row. A merged range shows one value over
all its cells, so every cell of it gets that value here; a heading that is the only thing
in its row is not a person and is read as an empty row. Nothing here knows about staff.
"""

from __future__ import annotations

import csv
import io
import zipfile

from django.core.exceptions import ValidationError

from .uploads import sniff

# A school has hundreds of staff at most; a longer file is a wrong file (or an attack).
MAX_ROWS = 5000
# A merged range is filled at most this wide: wider is a whole-row heading, not a table's.
MAX_MERGED_WIDTH = 100


class ImportFileError(Exception):
    """The whole file is unusable; the message is shown to the curator as is."""


def read_table(content: bytes, filename: str) -> list[list]:
    """The file's rows as lists of cell values (str, numbers, dates); row 1 is ``rows[0]``."""
    if not content:
        raise ImportFileError("Файл пустой.")
    if content[:4] == b"PK\x03\x04":
        try:
            kind = sniff(io.BytesIO(content))  # refuses zip bombs before openpyxl unpacks
        except ValidationError as error:
            raise ImportFileError(" ".join(error.messages)) from error
        if kind != "xlsx":
            raise ImportFileError("Файл Excel повреждён или не является книгой .xlsx.")
        return _read_xlsx(content)
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls")) or b"\x00" in content[:4096]:
        raise ImportFileError(
            "Файл не похож на таблицу. Загрузите .xlsx (Excel) или .csv (текст с разделителями)."
        )
    return _read_csv(content)


def _too_many(number: int) -> None:
    if number > MAX_ROWS + 1:
        raise ImportFileError(f"Слишком много строк: допускается не более {MAX_ROWS}.")


def _read_xlsx(content: bytes) -> list[list]:
    import openpyxl  # openpyxl parses the XML parts with defusedxml when it is installed

    try:
        # Read-only streams the rows, so a huge file is refused at MAX_ROWS, not after
        # loading all of it; the merged ranges are read from the sheet's XML separately.
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            _too_many(number)
            for cell in row:
                if isinstance(cell, str) and cell.startswith("="):
                    raise ImportFileError(
                        f"Строка {number}: в файле есть формулы. Сохраните таблицу со значениями "
                        "(«Вставить как значения») и загрузите снова."
                    )
            rows.append(list(row))
        _spread_merged(rows, _merged_ranges(sheet))
        book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ImportFileError("Файл Excel повреждён или не является книгой .xlsx.") from error
    return rows


def _merged_ranges(sheet) -> list:
    """The sheet's merged ranges (``<mergeCell ref="A1:J1"/>``), read as a stream: a
    read-only worksheet does not keep them."""
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    tag = f"{{{SHEET_MAIN_NS}}}mergeCell"
    ranges = []
    with sheet._get_source() as source:
        for _, element in iterparse(source):
            if element.tag == tag and element.get("ref"):
                ranges.append(CellRange(element.get("ref")))
            element.clear()
    return ranges


def _spread_merged(rows: list[list], ranges) -> None:
    """Each merged range's value into all its cells; a range that is its row's only content
    and spans several columns (a title or a section heading) empties that row instead."""
    headings = set()
    for merged in ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        bottom = min(merged.max_row, len(rows))
        right = min(merged.max_col, left + MAX_MERGED_WIDTH)
        if merged.min_row == merged.max_row and right - left > 2:
            outside = [c for i, c in enumerate(rows[top]) if not left <= i < right]
            if not any(_filled(c) for c in outside):
                headings.add(top)
                continue
        for r in range(top, bottom):
            row = rows[r]
            if len(row) < right:
                row.extend([None] * (right - len(row)))
            for c in range(left, right):
                row[c] = value
    for r in headings:
        rows[r] = [None] * len(rows[r])


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _read_csv(content: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            "Не удалось прочитать кодировку файла. Сохраните CSV в UTF-8 или Windows-1251."
        )
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    for number, row in enumerate(reader, start=1):
        _too_many(number)
        if any(cell.startswith("=") for cell in row):
            raise ImportFileError(f"Строка {number}: в файле есть формулы; нужны значения.")
        rows.append(row)
    return rows


def _delimiter(text: str) -> str:
    """';' or ',' as the header shows it: the early line with the most separators (a title
    line above the table has none)."""
    lines = text.split("\n", 20)[:20]
    busiest = max(lines, key=lambda line: line.count(";") + line.count(","))
    return ";" if busiest.count(";") >= busiest.count(",") else ","
