"""Staff lists as schools really keep them: a title above the table, a header merged over two
rows, experience in words, «б/к», Excel serial numbers in a CSV, names with «ё». And the
curator's side: possible duplicates to merge or add, the changes shown field by field, and a
file exported from the portal that imports back with no changes."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from orgs.importing import TEMPLATE_HEADER, parse_rows, plan_import, read_table
from orgs.models import ImportJob, StaffMember, Subject, add_years
from orgs.services import staff_create

TODAY = datetime.date(2026, 12, 6)


def school_workbook() -> bytes:
    """A list as a school secretary makes it in Excel: a merged title, a blank row, a header
    in two rows with merged cells, the row of column numbers, and a section heading."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Список педагогических работников МБОУ «Онгудайская СОШ» на 01.09.2026"
    sheet.merge_cells("A1:J1")
    top = ["№ п/п", "ФИО", "Должность", "Преподаваемые предметы", "Дата", None, "Стаж", None]
    for column, title in enumerate([*top, "Категория", "E-mail"], start=1):
        sheet.cell(row=3, column=column, value=title)
    for column, title in {
        5: "рождения",
        6: "приёма на работу",
        7: "общий",
        8: "педагогический",
    }.items():
        sheet.cell(row=4, column=column, value=title)
    for letter in "ABCDIJ":
        sheet.merge_cells(f"{letter}3:{letter}4")
    sheet.merge_cells("E3:F3")
    sheet.merge_cells("G3:H3")
    for column in range(1, 11):
        sheet.cell(row=5, column=column, value=column)
    sheet["A6"] = "Педагогические работники"
    sheet.merge_cells("A6:J6")
    people = [
        [1, "Воробьёва Анна Петровна", "Учитель", "Математика, ОБЗР", datetime.date(1990, 1, 2),
         datetime.date(2023, 9, 1), "12 лет", "3 года", "б/к", "vorobyova@school.ru"],
        [2, "Семёнов Пётр Ильич", None, "История", datetime.date(1985, 3, 4),
         datetime.date(2010, 9, 1), "16 лет", "5 лет", "ВКК", ""],
        [3, "Ёлкина Мария Фёдоровна", "Педагог-психолог", "", datetime.date(2001, 7, 8),
         datetime.date(2026, 9, 1), "полгода", "полгода", "без категории", ""],
    ]  # fmt: skip
    for offset, person in enumerate(people):
        for column, value in enumerate(person, start=1):
            sheet.cell(row=7 + offset, column=column, value=value)
    sheet.merge_cells("C7:C8")  # the same position for two people, written once
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def school_csv() -> bytes:
    """The same kind of list saved from Excel as CSV in Windows-1251: a title line, dates
    that Excel wrote as serial numbers, «б/к» and experience in words."""
    lines = [
        "Список педагогов на 2026/2027 учебный год;;;;;;",
        "Фамилия;Имя;Отчество;Должность;Дата рождения;Дата приёма;Педстаж;Категория",
        "Бабаева;Алёна;Сергеевна;Учитель начальных классов;33010;44805;2 года;б/к",
        "Тохтонова;Аржана;Ивановна;Учитель;32874,0;43344;10 л.;первая",
        "Акчина;Чейнеш;;Воспитатель;35000;45170;полтора года;Высшая",
    ]
    return "\r\n".join(lines).encode("cp1251")


def plan_of(content: bytes, name: str, existing=()):
    return plan_import(
        parse_rows(read_table(content, name), today=TODAY), list(existing), today=TODAY
    )


@pytest.mark.django_db
def test_a_merged_two_row_header_under_a_title_is_found_and_read():
    plan = plan_of(school_workbook(), "список.xlsx")
    assert plan["errors"] == [] and plan["duplicates"] == []
    rows = {r["last_name"]: r for r in plan["create"]}
    assert set(rows) == {"Воробьёва", "Семёнов", "Ёлкина"}
    anna = rows["Воробьёва"]
    assert anna["row"] == 7  # the spreadsheet's own row number
    assert (anna["first_name"], anna["patronymic"]) == ("Анна", "Петровна")
    assert anna["subjects"] == ["Математика", "ОБЗР"]
    assert anna["birth_date"] == "1990-01-02" and anna["hired_on"] == "2023-09-01"
    # «Стаж» over «общий» and «педагогический»: the pedagogical one is read.
    assert anna["career_started_on"] == add_years(TODAY, -3).isoformat()
    assert anna["category"] == "none"
    assert anna["email"] == "vorobyova@school.ru"
    assert rows["Семёнов"]["category"] == "highest"
    assert rows["Семёнов"]["position"] == "Учитель"  # the merged cell counts for both rows
    assert rows["Ёлкина"]["career_started_on"] == "2026-06-06"  # half a year


@pytest.mark.django_db
def test_a_cp1251_csv_with_a_title_line_and_excel_serial_dates():
    plan = plan_of(school_csv(), "список.csv")
    assert plan["errors"] == []
    rows = {r["last_name"]: r for r in plan["create"]}
    babaeva = rows["Бабаева"]
    assert babaeva["first_name"] == "Алёна"
    assert babaeva["birth_date"] == "1990-05-17"  # 33010
    assert babaeva["hired_on"] == "2022-09-01"  # 44805
    assert babaeva["career_started_on"] == add_years(TODAY, -2).isoformat()
    assert babaeva["category"] == "none"
    assert rows["Тохтонова"]["birth_date"] == "1990-01-01"  # «32874,0»
    assert rows["Тохтонова"]["career_started_on"] == add_years(TODAY, -10).isoformat()
    assert rows["Акчина"]["career_started_on"] == "2025-06-06"  # полтора года
    assert rows["Акчина"]["category"] == "highest"


@pytest.mark.parametrize(
    ("stated", "years", "started"),
    [
        ("5", 5, "2021-12-06"),
        (5, 5, "2021-12-06"),
        ("3 года", 3, "2023-12-06"),
        ("1 год", 1, "2025-12-06"),
        ("5 лет", 5, "2021-12-06"),
        ("21 год", 21, "2005-12-06"),
        ("1,5", 1, "2025-06-06"),
        ("2 г. 6 мес.", 2, "2024-06-06"),
        ("8 мес", 0, "2026-04-06"),
        ("полгода", 0, "2026-06-06"),
        ("полтора года", 1, "2025-06-06"),
        ("два года", 2, "2024-12-06"),
        ("менее года", 0, "2026-12-06"),
        ("01.09.2015", None, "2015-09-01"),
        ("41883", None, "2014-09-01"),
        (datetime.datetime(2014, 9, 1), None, "2014-09-01"),
    ],
)
def test_experience_in_words_numbers_and_dates(stated, years, started):
    from orgs.importing import _career

    start, stated_years = _career(stated, TODAY)
    assert (stated_years, start.isoformat()) == (years, started)


@pytest.mark.parametrize(
    ("cell", "category"),
    [
        ("б/к", "none"),
        ("Б/К", "none"),
        ("без категории", "none"),
        ("—", None),
        ("", None),
        ("СЗД", "conformity"),
        ("Соответствие занимаемой должности", "conformity"),
        ("первая", "first"),
        ("1 категория", "first"),
        ("ВКК", "highest"),
        ("Высшая квалификационная категория", "highest"),
    ],
)
def test_category_spellings_of_school_lists(cell, category):
    from orgs.importing import CATEGORIES, _category_key

    assert CATEGORIES[_category_key(cell)] == category


@pytest.mark.django_db
def test_bad_cells_get_a_russian_message_per_row():
    lines = [
        "ФИО;Должность;Дата рождения;Стаж;Категория",
        "Иванова Анна;Учитель;17.05.1995;много;первая",
        "Петрова Ольга;Учитель;1995;3 года;вторая",
        "Сидорова;Учитель;;;",
    ]
    plan = plan_of("\n".join(lines).encode(), "list.csv")
    assert plan["create"] == [] and plan["duplicates"] == []
    messages = {(e["row"], e["column"]): e["message"] for e in plan["errors"]}
    assert "не понятен стаж «много»" in messages[(2, "Педагогический стаж")]
    assert "не дата: «1995»" in messages[(3, "Дата рождения")]
    assert "неизвестная категория «вторая»" in messages[(3, "Категория")]
    assert messages[(4, "ФИО")] == "укажите фамилию и имя"


@pytest.mark.django_db
def test_a_file_without_the_needed_columns_names_them():
    from orgs.importing import ImportFileError

    content = "Список\nФИО;Рост\nАнна Иванова;170\n".encode()
    with pytest.raises(ImportFileError, match="не найдены столбцы: Должность"):
        plan_of(content, "list.csv")


# --- against the organisation's staff, through the pages -------------------------------------


@pytest.fixture
def upload(client, cast, celery_eager, django_capture_on_commit_callbacks):
    client.force_login(cast.curator_a)

    def send(content, name="pedagogi.xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("orgs:import", args=[cast.school_a.pk]),
                {"file": SimpleUploadedFile(name, content)},
            )
        job = ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
        return client.get(response.url).content.decode(), job

    return send


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    def send(job, **choices):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("orgs:import_confirm", args=[job.pk]), choices)
        job.refresh_from_db()
        return response, job

    return send


def vorobyova(cast, **fields):
    subjects = fields.pop("subjects", [])
    return staff_create(
        organisation=cast.school_a,
        subjects=[Subject.objects.get_or_create(name=s)[0] for s in subjects],
        **{
            "last_name": "Воробьёва",
            "first_name": "Анна",
            "patronymic": "Петровна",
            "position": "Учитель",
            "birth_date": datetime.date(1990, 1, 2),
            **fields,
        },
    )


def xlsx(*rows, header=TEMPLATE_HEADER) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


@pytest.mark.django_db
def test_a_name_only_row_is_a_possible_duplicate_the_curator_merges(cast, upload, confirm):
    person = vorobyova(cast, email="vorobyova@school.ru", position="Воспитатель")
    staff = StaffMember.objects.filter(organisation=cast.school_a)
    before = staff.count()
    # Only the name, in capitals and without «ё»: nothing to match on for sure.
    page, job = upload(xlsx(["ВОРОБЬЕВА анна петровна", "Учитель", "Математика"]))
    assert job.result["create"] == [] and len(job.result["duplicates"]) == 1
    assert 'data-figure="duplicates">1<' in page
    assert "Возможные повторы" in page and "Обновить: Воробьёва Анна Петровна" in page
    assert "Должность: <span" in page and "Воспитатель</span> → Учитель" in page

    response, job = confirm(job)  # no choice made: refused, nothing queued
    assert job.status == "preview"
    assert "Выберите для каждого возможного повтора" in response.content.decode()
    assert staff.count() == before

    _, job = confirm(job, **{"row-2": str(person.pk)})
    assert job.status == "done" and job.result["summary"]["updated"] == 1
    assert staff.count() == before
    person.refresh_from_db()
    assert person.position == "Учитель"
    assert person.last_name == "Воробьёва"  # the file's «е» and capitals did not win
    assert [s.name for s in person.subjects.all()] == ["Математика"]


@pytest.mark.django_db
def test_a_namesake_is_added_as_new_when_the_curator_says_so(cast, upload, confirm):
    vorobyova(cast)
    staff = StaffMember.objects.filter(organisation=cast.school_a)
    before = staff.count()
    _, job = upload(xlsx(["Воробьёва Анна Петровна", "Учитель", "", "", "", "", "", "a@b.ru"]))
    assert len(job.result["duplicates"]) == 1
    _, job = confirm(job, **{"row-2": "new"})
    assert job.result["summary"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert staff.filter(last_name="Воробьёва").count() == 2 and staff.count() == before + 1


@pytest.mark.django_db
def test_a_namesake_with_another_birth_date_is_another_person(cast):
    person = vorobyova(cast)
    row = ["Воробьёва Анна Петровна", "Учитель", "", "03.03.1977"]
    plan = plan_of(xlsx(row), "a.xlsx", [person])
    assert len(plan["create"]) == 1 and plan["duplicates"] == []


@pytest.mark.django_db
def test_yo_is_kept_and_identical_data_changes_nothing(cast):
    person = vorobyova(
        cast, subjects=["ОБЗР", "Математика"], category="highest", email="Vorobyova@School.ru"
    )
    same = [
        "Воробьева Анна Петровна",  # «е» for «ё»: the same name, not a change
        "Учитель",
        "ОБЗР, математика",
        "02.01.1990",
        "",
        "",
        "высшая",
        "vorobyova@school.ru",
    ]
    plan = plan_of(xlsx(same), "a.xlsx", StaffMember.objects.filter(pk=person.pk))
    assert (plan["update"], plan["unchanged"]) == ([], 1)

    changed = [*same[:1], "Учитель-логопед", *same[2:6], "первая", *same[7:]]
    plan = plan_of(xlsx(changed), "a.xlsx", StaffMember.objects.filter(pk=person.pk))
    (update,) = plan["update"]
    assert update["last_name"] == "Воробьёва"
    assert update["changes"] == [
        {"name": "position", "field": "Должность", "old": "Учитель", "new": "Учитель-логопед"},
        {"name": "category", "field": "Категория", "old": "высшая", "new": "первая"},
    ]

    # A file that adds the «ё» a stored name lacks does change it.
    StaffMember.objects.filter(pk=person.pk).update(last_name="Воробьева")
    person.refresh_from_db()
    plan = plan_of(
        xlsx(["Воробьёва Анна Петровна", "Учитель", "", "02.01.1990"]), "a.xlsx", [person]
    )
    assert plan["update"][0]["changes"] == [
        {"name": "last_name", "field": "Фамилия", "old": "Воробьева", "new": "Воробьёва"}
    ]


@pytest.mark.django_db
def test_the_school_file_imports_and_again_changes_nothing(cast, upload, confirm):
    content = school_workbook()
    _, job = upload(content, "список.xlsx")
    assert len(job.result["create"]) == 3, job.result
    _, job = confirm(job)
    assert job.status == "done"
    anna = StaffMember.objects.get(organisation=cast.school_a, last_name="Воробьёва")
    assert [s.name for s in anna.subjects.order_by("name")] == ["Математика", "ОБЗР"]
    assert anna.career_years() == 3

    page, again = upload(content, "список.xlsx")
    result = again.result
    assert (result["create"], result["update"], result["duplicates"]) == ([], [], [])
    assert result["unchanged"] == 3
    assert 'data-figure="update">0<' in page


@pytest.mark.django_db
def test_the_staff_export_imports_back_with_no_changes(client, cast, upload, confirm):
    vorobyova(
        cast,
        subjects=["ОБЗР", "Математика"],
        category="conformity",
        hired_on=datetime.date(2020, 9, 1),
        career_started_on=datetime.date(2012, 9, 1),
        email="Vorobyova@School.ru",
        phone="+7 913 000-00-00",
    )
    vorobyova(cast, last_name="Семёнова", patronymic="", birth_date=None, category="first")
    gone = vorobyova(cast, last_name="Уволенная")
    StaffMember.objects.filter(pk=gone.pk).update(
        employment_status="left", left_on=timezone.localdate()
    )
    working = StaffMember.objects.filter(organisation=cast.school_a).working().count()

    client.force_login(cast.curator_a)
    response = client.get(reverse("orgs:import_export", args=[cast.school_a.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == TEMPLATE_HEADER
    assert len(rows) == 1 + working  # the working staff only
    assert "'+7 913 000-00-00" in [cell for row in rows for cell in row]  # not a formula

    _, job = upload(response.content, "export.xlsx")
    result = job.result
    assert result["errors"] == []
    assert (result["create"], result["update"], result["duplicates"]) == ([], [], [])
    assert result["unchanged"] == working

    # Edited in Excel: one position changed, the rest as exported.
    for row in book.active.iter_rows(min_row=2):
        if row[0].value.startswith("Семёнова"):
            row[1].value = "Методист"
    stream = io.BytesIO()
    book.save(stream)
    page, job = upload(stream.getvalue(), "export.xlsx")
    (update,) = job.result["update"]
    assert update["changes"] == [
        {"name": "position", "field": "Должность", "old": "Учитель", "new": "Методист"}
    ]
    assert job.result["unchanged"] == working - 1
    _, job = confirm(job)
    assert StaffMember.objects.get(last_name="Семёнова").position == "Методист"


def test_only_the_curator_exports_and_outsiders_see_nothing(client, cast):
    url = reverse("orgs:import_export", args=[cast.school_a.pk])
    client.force_login(cast.director_a)
    assert client.get(url).status_code == 403
    client.force_login(cast.curator_b)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_choice_the_staff_list_no_longer_offers_stops_the_save(cast, upload, confirm):
    person = vorobyova(cast)
    _, job = upload(xlsx(["Воробьёва Анна Петровна", "Завуч"]))
    StaffMember.objects.filter(pk=person.pk).update(last_name="Иванова")  # renamed meanwhile
    _, job = confirm(job, **{"row-2": str(person.pk)})
    assert job.status == "failed" and "изменился после проверки" in job.message
    assert not StaffMember.objects.filter(position="Завуч").exists()


def test_two_rows_cannot_update_the_same_person():
    from django.core.exceptions import ValidationError

    from orgs.services import check_import_decisions

    candidates = [{"id": 7}, {"id": 8}]
    result = {
        "duplicates": [{"row": 2, "candidates": candidates}, {"row": 3, "candidates": candidates}]
    }
    assert check_import_decisions(result, {"2": "7", "3": "8"}) == {"2": "7", "3": "8"}
    with pytest.raises(ValidationError, match="Строка 3: этого педагога уже обновляет"):
        check_import_decisions(result, {"2": "7", "3": "7"})
    with pytest.raises(ValidationError, match=r"\(строки 3\)"):
        check_import_decisions(result, {"2": "new", "3": "9"})
