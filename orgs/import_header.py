"""Where a staff list's header is, and which column holds which field.

Schools' lists rarely start with the header: a title («Список педагогических работников МБОУ
…») comes first, and headers are often two rows, a group over its parts («Дата» over
«рождения» and «приёма», «Стаж» over «общий» and «педагогический»). The header is the row
(or pair of rows) among the first ones that names the most known fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .import_tables import ImportFileError

# A title and a two-row header fit well within this; a header further down is not a header.
SEARCH_ROWS = 20

COLUMNS = {
    "full_name": "ФИО",
    "last_name": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "position": "Должность",
    "subjects": "Предметы",
    "birth_date": "Дата рождения",
    "hired_on": "Дата приёма",
    "career": "Педагогический стаж",
    "category": "Категория",
    "email": "E-mail",
    "phone": "Телефон",
}
# Header spellings seen in school exports, after ``normalise`` (lower case, ё→е, only letters).
ALIASES = {
    "full_name": {"фио", "фамилияимяотчество", "фиопедагога", "фиосотрудника", "фиополностью"},
    "last_name": {"фамилия"},
    "first_name": {"имя"},
    "patronymic": {"отчество"},
    "position": {"должность", "занимаемаядолжность", "должностьпоштатномурасписанию"},
    "subjects": {
        "предметы",
        "предмет",
        "преподаваемыепредметы",
        "преподаваемыйпредмет",
        "дисциплины",
        "преподаваемыедисциплины",
    },
    "birth_date": {"датарождения", "деньрождения"},
    "hired_on": {
        "датаприема",
        "датаприеманаработу",
        "датаприемавоо",
        "принят",
        "датапоступлениянаработу",
        "работаетс",
    },
    "career": {
        "педагогическийстаж",
        "педстаж",
        "стаж",
        "стажпедагогический",
        "стажпедагогическойработы",
        "педагогическийстажлет",
        "началопедагогическойдеятельности",
        "датаначалапедагогическойдеятельности",
        "началопедстажа",
    },
    "category": {"категория", "квалификационнаякатегория", "квкатегория"},
    "email": {"email", "электроннаяпочта", "почта", "адресэлектроннойпочты", "емейл"},
    "phone": {"телефон", "контактныйтелефон", "телефонмобильный"},
}
# Longer headers recognised by their words («Педагогический стаж на 01.09.2025, лет»);
# tried only where no column matched exactly, in this order.
KEYWORDS = (
    ("full_name", ("фио",)),
    ("career", ("стаж", "педаг")),
    ("birth_date", ("дата", "рожд")),
    ("hired_on", ("прием",)),
    ("category", ("категори",)),
    ("position", ("должност",)),
    ("subjects", ("предмет",)),
    ("email", ("почт",)),
    ("phone", ("телефон",)),
)


def normalise(text) -> str:
    return re.sub(r"[^a-zа-я]", "", str(text or "").lower().replace("ё", "е"))


@dataclass
class Header:
    columns: dict[str, int]  # field → column index
    data_from: int  # index in the file's rows of the first row after the header


def _exact(key: str) -> str | None:
    return next((name for name, aliases in ALIASES.items() if key in aliases), None)


def _by_words(key: str) -> str | None:
    if not key:
        return None
    if key.startswith("фио"):
        return "full_name"
    for name, words in KEYWORDS[1:]:
        if all(word in key for word in words):
            return name
    return None


def _titles(top: list, bottom: list | None) -> list[list[str]]:
    """For each column, the spellings to try, most precise first. Under a group title the
    part decides: «Стаж» over «общий» is not the pedagogical one."""
    width = max(len(top), len(bottom or []))
    tops = [normalise(top[i]) if i < len(top) else "" for i in range(width)]
    if bottom is None:
        return [[t] for t in tops]
    bottoms = [normalise(bottom[i]) if i < len(bottom) else "" for i in range(width)]
    for i in range(1, width):  # a group title a CSV wrote once, over its first part
        if not tops[i] and bottoms[i]:
            tops[i] = tops[i - 1]
    titles = []
    for t, b in zip(tops, bottoms, strict=True):
        titles.append([t + b, b] if b and b != t else [t])
    return titles


def map_columns(top: list, bottom: list | None = None) -> dict[str, int]:
    """Column index of each recognised field in a one-row (or two-row) header."""
    titles = _titles(top, bottom)
    found: dict[str, int] = {}
    passes = [(_exact, 0), (_exact, 1), (_by_words, 0)]
    for match, depth in passes:
        for index, spellings in enumerate(titles):
            if index in found.values() or depth >= len(spellings):
                continue
            name = match(spellings[depth])
            if name and name not in found:
                found[name] = index
    return found


def missing(columns: dict[str, int]) -> list[str]:
    lacking = []
    if "full_name" not in columns and not {"last_name", "first_name"} <= columns.keys():
        lacking.append("ФИО (или Фамилия и Имя)")
    if "position" not in columns:
        lacking.append("Должность")
    return lacking


def _looks_like_data(row: list) -> bool:
    """A sub-header holds words only; a person's row holds dates and numbers."""
    return any(c is not None and (not isinstance(c, str) or re.search(r"\d", c)) for c in row)


def find_header(rows: list[list]) -> Header:
    """The header among the first rows: the row, or two rows, naming the most fields."""
    best: tuple[int, int, int] | None = None  # fields, -row, -depth
    chosen: Header | None = None
    closest: dict[str, int] = {}
    for index, row in enumerate(rows[:SEARCH_ROWS]):
        options = [(map_columns(row), 1)]
        below = rows[index + 1] if index + 1 < len(rows) else None
        if below is not None and not _looks_like_data(below):
            options.append((map_columns(row, below), 2))
        for columns, depth in options:
            if len(columns) > len(closest):
                closest = columns
            if missing(columns):
                continue
            rank = (len(columns), -index, -depth)
            if best is None or rank > best:
                best, chosen = rank, Header(columns, index + depth)
    if chosen is None:
        raise ImportFileError(
            f"В первых {SEARCH_ROWS} строках не найдены столбцы: "
            + ", ".join(missing(closest))
            + ". Скачайте шаблон и сверьте заголовки."
        )
    return chosen
