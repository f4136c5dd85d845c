"""A school's staff list read from .xlsx or .csv, and the plan of what importing it changes.

Pure functions over bytes and plain data, so the preview, the Celery task and the tests run
the same code. Nothing here writes; ``orgs.services.staff_import_apply`` saves a plan.

An empty cell means "not stated": it never clears what the portal holds. A value that only
differs from the stored one by writing «е» for «ё» is the same value, so an update never
loses an «ё» and a file exported from the portal imports back with no changes.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from mentorship.exports import FORMULA_STARTS
from mentorship.text import clean

from .import_header import COLUMNS, find_header
from .import_tables import MAX_ROWS, ImportFileError, read_table
from .models import StaffMember, add_years, full_years_between

__all__ = ["MAX_ROWS", "ImportFileError", "read_table", "parse_rows", "plan_import"]

# Files longer than this are parsed and saved by a Celery task with a progress bar.
BACKGROUND_ROWS = 200

# Spellings of the categories in school lists, after ``_category_key``.
CATEGORIES = {
    "": None,
    "нет": StaffMember.Category.NONE,
    "безкатегории": StaffMember.Category.NONE,
    "бк": StaffMember.Category.NONE,
    "бкк": StaffMember.Category.NONE,
    "соответствие": StaffMember.Category.CONFORMITY,
    "соответствиезанимаемойдолжности": StaffMember.Category.CONFORMITY,
    "соответствуетзанимаемойдолжности": StaffMember.Category.CONFORMITY,
    "сзд": StaffMember.Category.CONFORMITY,
    "первая": StaffMember.Category.FIRST,
    "перваякатегория": StaffMember.Category.FIRST,
    "перваяквалификационнаякатегория": StaffMember.Category.FIRST,
    "1": StaffMember.Category.FIRST,
    "1категория": StaffMember.Category.FIRST,
    "1кк": StaffMember.Category.FIRST,
    "пкк": StaffMember.Category.FIRST,
    "высшая": StaffMember.Category.HIGHEST,
    "высшаякатегория": StaffMember.Category.HIGHEST,
    "высшаяквалификационнаякатегория": StaffMember.Category.HIGHEST,
    "вкк": StaffMember.Category.HIGHEST,
}
TEMPLATE_HEADER = [
    "ФИО",
    "Должность",
    "Предметы",
    "Дата рождения",
    "Дата приёма",
    "Педагогический стаж",
    "Категория",
    "E-mail",
    "Телефон",
]
LABELS = {
    "last_name": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "position": "Должность",
    "subjects": "Предметы",
    "category": "Категория",
    "birth_date": "Дата рождения",
    "hired_on": "Дата приёма",
    "career_started_on": "Начало педагогического стажа",
    "email": "E-mail",
    "phone": "Телефон",
}
# Compared with the stored person, in the order the preview lists changes.
COMPARED = tuple(name for name in LABELS if name != "subjects")
# Text where «е» written for a stored «ё» is no change.
YO_KEPT = ("last_name", "first_name", "patronymic", "position")
DASHES = {"-", "–", "—", "--"}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ParsedRow:
    row: int
    values: dict
    errors: list[RowError] = field(default_factory=list)


# --- cells ------------------------------------------------------------------------------------


def _text(value) -> str:
    """A cell as one line of text; a lone dash (a school's "nothing here") is empty, and the
    quote the portal's own export puts before a formula-like value is taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"\s+", " ", clean(str(value))).strip()
    if text in DASHES:
        return ""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def fold(text: str) -> str:
    """The spelling people treat as the same: case, «ё»/«е» and spaces folded."""
    return " ".join(text.lower().replace("ё", "е").split())


def _excel_serial(number: float) -> datetime.date:
    if 1 <= number < 80000:
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(number))
    raise ValueError


def parse_date(value) -> datetime.date | None:
    """dd.mm.yyyy (with or without «г.»), yyyy-mm-dd, an Excel date cell, or an Excel serial
    number, also as the text a CSV saved from Excel holds («33010»)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return _excel_serial(value)
    text = _text(value)
    if not text:
        return None
    if re.fullmatch(r"\d{5}([.,]0+)?", text):
        return _excel_serial(int(text[:5]))
    text = re.sub(r"\s*(г\.?|года)$", "", text)
    text = re.sub(r"\s+\d{1,2}:\d{2}(:\d{2})?$", "", text)  # «17.05.1995 0:00:00»
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


NUMBER_WORDS = {
    "один": 1,
    "одна": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
}
NO_CAREER = {"нет", "нетстажа", "безстажа", "менеегода", "меньшегода", "догода"}
YEARS_AND_MONTHS = re.compile(
    r"(?:(?P<years>\d{1,2}(?:\.\d+)?)\s*(?:год|года|лет|г|л)?\.?)?\s*"
    r"(?:(?P<months>\d{1,2})\s*(?:месяцев|месяца|месяц|мес|м)\.?)?"
)


def _years_in_words(text: str) -> tuple[int, int] | None:
    """Years and months of «3 года», «5 лет», «1,5», «2 г. 6 мес.», «полгода», «полтора года»,
    «два года», «менее года»; None when the text is not an amount of time."""
    text = text.lower().replace("ё", "е").replace(",", ".")
    if re.search(r"\d[./-]\d+[./-]\d", text):
        return None  # a date
    words = re.sub(r"[^a-zа-я0-9]", "", text)
    if words in NO_CAREER:
        return 0, 0
    if words == "полгода":
        return 0, 6
    if words in ("полторагода", "полтора"):
        return 1, 6
    for word, number in NUMBER_WORDS.items():
        text = re.sub(rf"^{word}\b", str(number), text)
    match = YEARS_AND_MONTHS.fullmatch(text.strip())
    if not match or not (match["years"] or match["months"]):
        return None
    amount = float(match["years"] or 0)
    years = int(amount)
    months = round((amount - years) * 12) + int(match["months"] or 0)
    years, months = years + months // 12, months % 12
    return (years, months) if years < 80 else None


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError


def _career(value, today: datetime.date) -> tuple[datetime.date | None, int | None]:
    """Career start date, and the full years as stated when the file gives an amount of
    time («5», «3 года», «полгода») rather than the date the career began."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 80:
        stated = _years_in_words(str(value))
    else:
        text = _text(value)
        if not text:
            return None, None
        stated = _years_in_words(text) if not re.fullmatch(r"\d{5}([.,]0+)?", text) else None
    if stated is None:
        return parse_date(value), None
    years, months = stated
    return _months_before(add_years(today, -years), months), years


def _category_key(value) -> str:
    return re.sub(r"[^a-zа-я0-9]", "", _text(value).lower().replace("ё", "е"))


def _subject_name(text: str) -> str:
    """The first letter capitalised and the rest as written: «ОБЗР» stays «ОБЗР»."""
    text = text.strip()
    return text[:1].upper() + text[1:]


# --- rows -------------------------------------------------------------------------------------


def parse_rows(rows: list[list], *, today: datetime.date | None = None) -> list[ParsedRow]:
    today = today or timezone.localdate()
    while rows and not any(_text(c) for c in rows[-1]):
        rows = rows[:-1]
    if not rows:
        raise ImportFileError("Файл пустой.")
    header = find_header(rows)
    start = header.data_from
    if start < len(rows) and _numbers_the_columns(rows[start]):
        start += 1
    if start >= len(rows):
        raise ImportFileError("В файле только заголовок: нет ни одной строки с педагогами.")
    parsed = []
    for number, row in enumerate(rows[start:], start=start + 1):
        if not any(_text(c) for c in row):
            continue
        parsed.append(_parse_row(number, row, header.columns, today))
    if not parsed:
        raise ImportFileError("В файле только заголовок: нет ни одной строки с педагогами.")
    return parsed


def _numbers_the_columns(row: list) -> bool:
    """The row of column numbers (1, 2, 3…) that official forms put under their header."""
    cells = [_text(c) for c in row if _text(c)]
    return len(cells) > 2 and cells == [str(n) for n in range(1, len(cells) + 1)]


def _parse_row(number: int, row: list, columns: dict[str, int], today) -> ParsedRow:
    def cell(name):
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    result = ParsedRow(row=number, values={})
    values = result.values

    def error(name, message):
        result.errors.append(RowError(number, COLUMNS[name], message))

    if "full_name" in columns:
        parts = _text(cell("full_name")).split(" ")
        if len(parts) < 2:
            error("full_name", "укажите фамилию и имя")
        values["last_name"] = parts[0] if parts else ""
        values["first_name"] = parts[1] if len(parts) > 1 else ""
        values["patronymic"] = " ".join(parts[2:])
    else:
        for name in ("last_name", "first_name", "patronymic"):
            values[name] = _text(cell(name))
        for name in ("last_name", "first_name"):
            if not values[name]:
                error(name, "пусто")
    values["position"] = _text(cell("position"))
    if not values["position"]:
        error("position", "пусто")
    values["subjects"] = [
        _subject_name(s) for s in re.split(r"[,;/]", _text(cell("subjects"))) if s.strip()
    ]
    for name in ("birth_date", "hired_on"):
        try:
            values[name] = parse_date(cell(name))
        except ValueError:
            values[name] = None
            error(name, f"не дата: «{_text(cell(name))}» (нужно дд.мм.гггг)")
    values["career_years"] = None
    try:
        values["career_started_on"], values["career_years"] = _career(cell("career"), today)
    except ValueError:
        values["career_started_on"] = None
        error(
            "career",
            f"не понятен стаж «{_text(cell('career'))}»: нужны годы («5», «3 года», «полгода») "
            "или дата начала (дд.мм.гггг)",
        )
    birth = values["birth_date"]
    if birth and not (today.year - 90 < birth.year <= today.year - 16):
        error("birth_date", f"дата рождения вне разумных пределов: {birth:%d.%m.%Y}")
    for name in ("hired_on", "career_started_on"):
        if values[name] and values[name] > today:
            error("hired_on" if name == "hired_on" else "career", "дата в будущем")
    category = _category_key(cell("category"))
    values["category"] = CATEGORIES.get(category)
    if category not in CATEGORIES:
        error(
            "category",
            f"неизвестная категория «{_text(cell('category'))}»: нужна «высшая», «первая», "
            "«соответствие» или «без категории» («б/к»)",
        )
    values["email"] = _text(cell("email")).lower()
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            error("email", f"неверный адрес «{values['email']}»")
    values["phone"] = _text(cell("phone"))[:40]
    for name, limit in (("last_name", 100), ("first_name", 100), ("position", 200)):
        if len(values[name]) > limit:
            error(name if name in columns else "full_name", "слишком длинное значение")
    return result


# --- the plan ---------------------------------------------------------------------------------


def full_name_of(values) -> str:
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return " ".join(get(p) for p in ("last_name", "first_name", "patronymic") if get(p))


def match_key(values: dict) -> tuple:
    """The stable key of a person: e-mail, or full name with birth date."""
    if values.get("email"):
        return ("email", values["email"].lower())
    return ("name", fold(full_name_of(values)), values.get("birth_date"))


def keys_of(person: StaffMember) -> list[tuple]:
    values = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "birth_date": person.birth_date,
    }
    keys = [match_key(values)]
    if person.email:
        keys.append(match_key({**values, "email": person.email}))
    return keys


def _shown(name: str, value) -> str:
    if value in (None, "", []):
        return ""
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    if name == "category":
        return StaffMember.Category(value).label
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _same(name: str, stored, given) -> bool:
    """Whether the file's value is the stored one. Names and positions that differ only in
    letter case or «ё» keep the stored spelling, unless the file adds an «ё» it lacks."""
    if name == "email":
        return stored.lower() == given.lower()
    if name in YO_KEPT:
        adds_yo = given != stored and given.replace("ё", "е").replace("Ё", "Е") == stored
        return fold(stored) == fold(given) and not adds_yo
    return stored == given


def _compared(values: dict, person: StaffMember, today) -> tuple[dict, list[dict]]:
    """The row's values as they would be saved over ``person``, and what would change
    (field, old → new). Empty cells and unchanged spellings keep the stored value."""
    values = dict(values)
    stated_years = values.pop("career_years", None)
    # Years are re-derived from today on every upload; an unchanged figure keeps the
    # stored start date, so re-importing the same file changes nothing.
    if (
        stated_years is not None
        and person.career_started_on
        and full_years_between(person.career_started_on, today) == stated_years
    ):
        values["career_started_on"] = person.career_started_on
    changes = []
    for name in COMPARED:
        stored, given = getattr(person, name), values[name]
        if given in (None, "") or _same(name, stored, given):
            values[name] = stored
            continue
        changes.append(_change(name, stored, given))
    stored_subjects = sorted(s.name for s in person.subjects.all())
    if values["subjects"] and {fold(s) for s in values["subjects"]} != {
        fold(s) for s in stored_subjects
    }:
        changes.append(_change("subjects", stored_subjects, values["subjects"]))
    return values, changes


def _change(name: str, old, new) -> dict:
    return {"name": name, "field": LABELS[name], "old": _shown(name, old), "new": _shown(name, new)}


def _candidate(person: StaffMember, values: dict, today) -> dict:
    merged, changes = _compared(values, person, today)
    return {
        "id": person.pk,
        "name": person.full_name,
        "position": person.position,
        "birth_date": _shown("birth_date", person.birth_date),
        "email": person.email,
        "left": person.employment_status == StaffMember.Status.LEFT,
        "changes": changes,
        "values": _jsonable(merged),
    }


def _may_be_the_same(person: StaffMember, values: dict) -> bool:
    """Same name in the organisation, unless both birth dates are known and differ."""
    born = values.get("birth_date")
    return not (born and person.birth_date and born != person.birth_date)


def plan_import(parsed: list[ParsedRow], existing: list[StaffMember], *, today=None) -> dict:
    """What confirming would do, JSON-serialisable for the job row and the preview:

    - ``create``: rows of new people;
    - ``update``: rows matched to a person by e-mail or by name and birth date, with the
      ``changes`` they make (field, old, new);
    - ``duplicates``: rows that match nobody that way but carry the name of someone in the
      organisation (case and «ё» folded); the curator chooses, per row, to update one of the
      ``candidates`` or to add a new person;
    - ``unchanged``: how many rows change nothing; ``errors``: what stops the import."""
    today = today or timezone.localdate()
    by_key: dict[tuple, list[StaffMember]] = {}
    by_name: dict[str, list[StaffMember]] = {}
    for person in existing:
        for key in keys_of(person):
            by_key.setdefault(key, []).append(person)
        by_name.setdefault(fold(person.full_name), []).append(person)
    plan = {"create": [], "update": [], "duplicates": [], "unchanged": 0, "errors": []}
    # First who is matched for sure, so that a namesake row never offers a person another
    # row of the file already updates.
    matches = {item.row: by_key.get(match_key(item.values), []) for item in parsed}
    claimed: dict[int, int] = {}  # person id → the first row that updates them
    for item in parsed:
        if len(matches[item.row]) == 1 and not item.errors:
            claimed.setdefault(matches[item.row][0].pk, item.row)
    seen: dict[tuple, int] = {}
    for item in parsed:
        errors = list(item.errors)
        key = match_key(item.values)
        matched = matches[item.row]
        if not errors and key in seen:
            errors.append(RowError(item.row, "ФИО", f"этот человек уже есть в строке {seen[key]}"))
        elif not errors and len(matched) == 1 and claimed[matched[0].pk] != item.row:
            first = claimed[matched[0].pk]
            errors.append(RowError(item.row, "ФИО", f"этого педагога уже обновляет строка {first}"))
        seen.setdefault(key, item.row)
        if errors:
            plan["errors"].extend(e.as_dict() for e in errors)
            continue
        if len(matched) == 1:
            values, changes = _compared(item.values, matched[0], today)
            if changes:
                plan["update"].append(
                    {"row": item.row, **_jsonable(values), "id": matched[0].pk, "changes": changes}
                )
            else:
                plan["unchanged"] += 1
            continue
        values = dict(item.values)
        values.pop("career_years")
        if values["category"] is None:
            values["category"] = StaffMember.Category.NONE
        row = {"row": item.row, **_jsonable(values)}
        namesakes = matched or [
            person
            for person in by_name.get(fold(full_name_of(values)), [])
            if person.pk not in claimed and _may_be_the_same(person, values)
        ]
        if namesakes:
            row["summary"] = ", ".join(
                _shown(name, values[name])
                for name in ("position", "birth_date", "email")
                if values[name]
            )
            row["candidates"] = [_candidate(p, item.values, today) for p in namesakes]
            plan["duplicates"].append(row)
        else:
            plan["create"].append(row)
    return plan


def _jsonable(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in values.items()}


# --- the template and the export in its format ------------------------------------------------


def template_xlsx() -> bytes:
    """The file a curator downloads, fills in and uploads."""
    example = [
        "Иванова Анна Сергеевна",
        "Учитель",
        "Математика, Информатика",
        "17.05.1995",
        "01.09.2023",
        "2",
        "без категории",
        "ivanova@example.ru",
        "",
    ]
    return _staff_sheet([example])


def staff_xlsx(staff) -> bytes:
    """The organisation's working staff in the template's columns: edited in Excel, the file
    imports back, and unedited it changes nothing."""
    rows = [
        [
            person.full_name,
            person.position,
            ", ".join(sorted(s.name for s in person.subjects.all())),
            person.birth_date,
            person.hired_on,
            person.career_started_on,
            person.get_category_display(),
            person.email,
            person.phone,
        ]
        for person in staff
    ]
    return _staff_sheet(rows)


def _staff_sheet(rows) -> bytes:
    from mentorship.exports import Sheet, xlsx_bytes

    widths = dict(enumerate((34, 20, 28, 14, 14, 20, 18, 26, 18)))
    dates = dict.fromkeys((3, 4, 5), "DD.MM.YYYY")
    return xlsx_bytes(
        Sheet("Педагоги", TEMPLATE_HEADER, rows, widths=widths, formats=dates, freeze="A2")
    )
