"""Reading a school's staff list from .xlsx or .csv, and planning what an import changes.

Pure functions over bytes and plain data, so the preview, the Celery task and the tests run
the same code. Nothing here writes; ``orgs.services.staff_import_apply`` saves a plan.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from mentorship.text import clean

from .models import StaffMember, add_years, full_years_between
from .uploads import sniff

# A school has hundreds of staff at most; a longer file is a wrong file (or an attack).
MAX_ROWS = 5000
# Files longer than this are parsed and saved by a Celery task with a progress bar.
BACKGROUND_ROWS = 200

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
# Header spellings seen in school exports, after ``_normalise`` (lower case, ё→е, only letters).
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
CATEGORIES = {
    "": StaffMember.Category.NONE,
    "нет": StaffMember.Category.NONE,
    "безкатегории": StaffMember.Category.NONE,
    "соответствие": StaffMember.Category.CONFORMITY,
    "соответствиезанимаемойдолжности": StaffMember.Category.CONFORMITY,
    "сзд": StaffMember.Category.CONFORMITY,
    "первая": StaffMember.Category.FIRST,
    "перваякатегория": StaffMember.Category.FIRST,
    "высшая": StaffMember.Category.HIGHEST,
    "высшаякатегория": StaffMember.Category.HIGHEST,
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
]


class ImportFileError(Exception):
    """The whole file is unusable; the message is shown to the curator as is."""


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


def _normalise(text) -> str:
    return re.sub(r"[^a-zа-я]", "", str(text or "").lower().replace("ё", "е"))


def read_table(content: bytes, filename: str) -> list[list]:
    """The file's rows as lists of cell values (str, numbers, dates)."""
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


def _read_xlsx(content: bytes) -> list[list]:
    import openpyxl  # openpyxl parses the XML parts with defusedxml when it is installed

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError("Файл Excel повреждён или не является книгой .xlsx.") from error
    sheet = book.worksheets[0]
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS + 1:
            raise ImportFileError(f"Слишком много строк: допускается не более {MAX_ROWS}.")
        for cell in row:
            if isinstance(cell, str) and cell.startswith("="):
                raise ImportFileError(
                    f"Строка {number}: в файле есть формулы. Сохраните таблицу со значениями "
                    "(«Вставить как значения») и загрузите снова."
                )
        rows.append(list(row))
    book.close()
    return rows


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
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if number > MAX_ROWS + 1:
            raise ImportFileError(f"Слишком много строк: допускается не более {MAX_ROWS}.")
        if any(cell.startswith("=") for cell in row):
            raise ImportFileError(f"Строка {number}: в файле есть формулы; нужны значения.")
        rows.append(row)
    return rows


def map_header(header: list) -> dict[str, int]:
    """Column index of each recognised field; raises when the needed columns are missing."""
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _normalise(title)
        for name, aliases in ALIASES.items():
            if key in aliases and name not in found:
                found[name] = index
    missing = []
    if "full_name" not in found and not {"last_name", "first_name"} <= found.keys():
        missing.append("ФИО (или Фамилия и Имя)")
    if "position" not in found:
        missing.append("Должность")
    if missing:
        raise ImportFileError(
            "В первой строке не найдены столбцы: "
            + ", ".join(missing)
            + ". Скачайте шаблон и сверьте заголовки."
        )
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", clean(str(value))).strip()


def parse_date(value) -> datetime.date | None:
    """dd.mm.yyyy, yyyy-mm-dd, an Excel date cell or an Excel serial number."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float):
        if 1 <= value < 80000:
            return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
        raise ValueError
    text = _text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _career(value, today: datetime.date) -> tuple[datetime.date | None, int | None]:
    """Career start date, and the years as stated when the file gives years, not a date."""
    text = _text(value).replace(",", ".")
    if isinstance(value, int | float) and value < 80 or re.fullmatch(r"\d{1,2}(\.\d+)?", text):
        years = int(float(text))
        return add_years(today, -years), years
    return parse_date(value), None


def parse_rows(rows: list[list], *, today: datetime.date | None = None) -> list[ParsedRow]:
    today = today or timezone.localdate()
    while rows and not any(_text(c) for c in rows[-1]):
        rows = rows[:-1]
    if not rows:
        raise ImportFileError("Файл пустой.")
    columns = map_header(rows[0])
    if len(rows) == 1:
        raise ImportFileError("В файле только заголовок: нет ни одной строки с педагогами.")
    parsed = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(_text(c) for c in row):
            continue
        parsed.append(_parse_row(number, row, columns, today))
    return parsed


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
        s.strip().capitalize() for s in re.split(r"[,;/]", _text(cell("subjects"))) if s.strip()
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
        error("career", f"нужны годы стажа или дата начала: «{_text(cell('career'))}»")
    birth = values["birth_date"]
    if birth and not (today.year - 90 < birth.year <= today.year - 16):
        error("birth_date", f"дата рождения вне разумных пределов: {birth:%d.%m.%Y}")
    for name in ("hired_on", "career_started_on"):
        if values[name] and values[name] > today:
            error("hired_on" if name == "hired_on" else "career", "дата в будущем")
    category = _normalise(cell("category"))
    if category in CATEGORIES:
        values["category"] = CATEGORIES[category]
    else:
        values["category"] = StaffMember.Category.NONE
        error("category", f"неизвестная категория «{_text(cell('category'))}»")
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


def match_key(values: dict) -> tuple:
    """The stable key of a person: e-mail, or full name with birth date."""
    if values.get("email"):
        return ("email", values["email"].lower())
    name = " ".join(values.get(p, "") for p in ("last_name", "first_name", "patronymic")).lower()
    return ("name", name.replace("ё", "е"), values.get("birth_date"))


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


COMPARED = (
    "last_name",
    "first_name",
    "patronymic",
    "position",
    "category",
    "birth_date",
    "hired_on",
    "career_started_on",
    "email",
    "phone",
)


def plan_import(parsed: list[ParsedRow], existing: list[StaffMember], *, today=None) -> dict:
    """What confirming would do: rows to create, rows to update (with their changes),
    unchanged rows and errors. JSON-serialisable, for the job row and the preview."""
    today = today or timezone.localdate()
    by_key = {}
    for person in existing:
        for key in keys_of(person):
            by_key.setdefault(key, person)
    plan = {"create": [], "update": [], "unchanged": 0, "errors": []}
    seen: dict[tuple, int] = {}
    for item in parsed:
        errors = list(item.errors)
        key = match_key(item.values)
        if not errors and key in seen:
            errors.append(RowError(item.row, "ФИО", f"этот человек уже есть в строке {seen[key]}"))
        seen.setdefault(key, item.row)
        if errors:
            plan["errors"].extend(e.as_dict() for e in errors)
            continue
        values = dict(item.values)
        person = by_key.get(key)
        stated_years = values.pop("career_years")
        # Years are re-derived from today on every upload; an unchanged figure keeps the
        # stored start date, so re-importing the same file changes nothing.
        if (
            person
            and stated_years is not None
            and person.career_started_on
            and full_years_between(person.career_started_on, today) == stated_years
        ):
            values["career_started_on"] = person.career_started_on
        row = {"row": item.row, **_jsonable(values)}
        if person is None:
            plan["create"].append(row)
            continue
        changes = [
            name
            for name in COMPARED
            if values[name] not in (None, "") and getattr(person, name) != values[name]
        ]
        current_subjects = sorted(s.name for s in person.subjects.all())
        if values["subjects"] and sorted(values["subjects"]) != current_subjects:
            changes.append("subjects")
        if changes:
            plan["update"].append({**row, "id": person.pk, "changes": changes})
        else:
            plan["unchanged"] += 1
    return plan


def _jsonable(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in values.items()}


def template_xlsx() -> bytes:
    """The file a curator downloads, fills in and uploads."""
    from mentorship.exports import Sheet, xlsx_bytes

    example = [
        "Иванова Анна Сергеевна",
        "Учитель",
        "Математика, Информатика",
        "17.05.1995",
        "01.09.2023",
        "2",
        "без категории",
        "ivanova@example.ru",
    ]
    widths = dict(enumerate((34, 20, 28, 14, 14, 20, 18, 26)))
    return xlsx_bytes(Sheet("Педагоги", TEMPLATE_HEADER, [example], widths=widths))
