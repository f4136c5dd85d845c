"""Importing a school's staff list from real .xlsx and .csv files (UTF-8 and Windows-1251)."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from orgs.importing import MAX_ROWS, TEMPLATE_HEADER
from orgs.models import ImportJob, StaffMember

pytestmark = pytest.mark.django_db

SURNAMES = ["Акчина", "Бабаева", "Белеков", "Текенова", "Чендекова", "Ялбакова"]


def rows(n=60, broken=0):
    out = []
    for i in range(n):
        out.append(
            [
                f"{SURNAMES[i % 6]} Анна{i} Петровна",
                "Учитель",
                "Математика, Физика" if i % 2 else "Русский язык",
                f"{(i % 27) + 1:02d}.05.19{80 + i % 15}",
                "01.09.2015",
                str(i % 30),
                ["высшая", "первая", "без категории", "соответствие"][i % 4],
                f"teacher{i}@school.ru",
            ]
        )
    for i in range(broken):
        out[i * 3][3] = "32.13.1990"  # not a date
    return out


def xlsx(data, header=TEMPLATE_HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(data, encoding="utf-8", delimiter=";", header=TEMPLATE_HEADER) -> bytes:
    lines = [delimiter.join(header)] + [
        delimiter.join(f'"{c}"' if delimiter in str(c) else str(c) for c in row) for row in data
    ]
    return "\r\n".join(lines).encode(encoding)


@pytest.fixture
def upload(client, cast, celery_eager, django_capture_on_commit_callbacks):
    client.force_login(cast.curator_a)

    def send(content, name="pedagogi.xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("orgs:import", args=[cast.school_a.pk]),
                {"file": SimpleUploadedFile(name, content)},
            )
        if response.status_code != 302:
            return response, None
        job = ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
        return client.get(response.url), job

    return send


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    def send(job):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("orgs:import_confirm", args=[job.pk]))
        job.refresh_from_db()
        return job

    return send


def staff_a(cast):
    return StaffMember.objects.filter(organisation=cast.school_a)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pedagogi.xlsx", lambda: xlsx(rows())),
        ("pedagogi.csv", lambda: csv_bytes(rows(), "utf-8")),
        ("pedagogi.csv", lambda: csv_bytes(rows(), "cp1251")),
        ("pedagogi.csv", lambda: csv_bytes(rows(), "cp1251", delimiter=",")),
    ],
)
def test_sixty_rows_then_the_same_file_again_then_five_broken_rows(
    cast, upload, confirm, name, content
):
    page, job = upload(content(), name)
    assert job.status == "preview"
    assert len(job.result["create"]) == 60 and not job.result["errors"]
    assert staff_a(cast).count() == 1  # nothing saved before confirming
    assert "Будут добавлены" in page.content.decode()

    job = confirm(job)
    assert job.status == "done"
    assert staff_a(cast).count() == 61
    person = staff_a(cast).get(email="teacher1@school.ru")
    assert person.birth_date == datetime.date(1981, 5, 2)
    assert person.hired_on == datetime.date(2015, 9, 1)
    assert person.career_years() == 1
    assert person.category == "first"
    assert sorted(s.name for s in person.subjects.all()) == ["Математика", "Физика"]
    stamp = person.updated_at

    _, again = upload(content(), name)
    assert again.result["unchanged"] == 60
    assert not again.result["create"] and not again.result["update"]
    confirm(again)
    assert staff_a(cast).count() == 61
    assert staff_a(cast).get(pk=person.pk).updated_at == stamp

    broken_rows = rows(broken=5)
    broken = xlsx(broken_rows) if name.endswith("xlsx") else csv_bytes(broken_rows, "cp1251")
    page, bad = upload(broken, name)
    errors = bad.result["errors"]
    assert [e["row"] for e in errors] == [2, 5, 8, 11, 14]
    assert all(e["column"] == "Дата рождения" for e in errors)
    body = page.content.decode()
    assert "32.13.1990" in body and "Ничего не сохраняется" not in body
    assert confirm(bad).status == "preview"  # a file with errors cannot be saved
    assert staff_a(cast).count() == 61


def test_updates_are_matched_by_email_and_by_name_with_birth_date(cast, upload, confirm):
    StaffMember.objects.create(
        organisation=cast.school_a,
        last_name="Акчина",
        first_name="Анна0",
        patronymic="Петровна",
        position="Воспитатель",
        birth_date=datetime.date(1980, 5, 1),
    )
    data = rows(2)
    data[0][7] = ""  # no e-mail: the name and birth date find her
    _, job = upload(xlsx(data))
    assert len(job.result["update"]) == 1 and job.result["update"][0]["changes"]
    confirm(job)
    person = staff_a(cast).get(last_name="Акчина")
    assert person.position == "Учитель"


def test_three_name_columns_excel_dates_and_career_start_dates(cast, upload, confirm):
    header = [
        "Фамилия",
        "Имя",
        "Отчество",
        "Занимаемая должность",
        "Дата рождения",
        "Дата начала педагогической деятельности",
        "Квалификационная категория",
    ]
    data = [["Ёлкина", "Мария", "Ивановна", "Учитель", datetime.date(1990, 1, 2), 41883, "Высшая"]]
    _, job = upload(xlsx(data, header))
    confirm(job)
    person = staff_a(cast).get(last_name="Ёлкина")
    assert person.birth_date == datetime.date(1990, 1, 2)
    assert person.career_started_on == datetime.date(2014, 9, 1)
    assert person.category == "highest"


def test_the_template_downloads_and_imports(client, cast, upload):
    client.force_login(cast.curator_a)
    response = client.get(reverse("orgs:import_template", args=[cast.school_a.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.active[1]] == TEMPLATE_HEADER
    _, job = upload(response.content)
    assert len(job.result["create"]) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "не похож на таблицу"),
        ("list.csv", b"", "пуст"),
        ("list.csv", "Имя;Рост\nАнна;170\n".encode(), "не найдены столбцы"),
        ("list.xlsx", lambda: xlsx([["=1+1", "Учитель"]]), "формулы"),
        ("list.csv", "ФИО;Должность\n".encode(), "только заголовок"),
        ("list.xlsx", b"PK\x03\x04broken zip", "повреждён"),
        ("list.csv", lambda: csv_bytes(rows(1)) + b"\x98\xff\x00", "не похож на таблицу"),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_saved(cast, upload, name, content, message):
    content = content() if callable(content) else content
    page, job = upload(content, name)
    body = page.content.decode()
    assert message in body.lower() or message in body
    if job:
        assert job.status == "failed"
    assert staff_a(cast).count() == 1


def test_a_file_of_fifty_thousand_rows_is_refused(cast, upload):
    data = "\n".join(["ФИО;Должность"] + ["Иванова Анна;Учитель"] * 50_000).encode()
    page, job = upload(data, "big.csv")
    assert job.status == "failed"
    assert f"не более {MAX_ROWS}" in page.content.decode()
    assert staff_a(cast).count() == 1


@override_settings(IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused(cast, upload):
    response, job = upload(xlsx(rows(60)))
    assert job is None
    assert "слишком большой" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_only_the_curator_imports_and_outsiders_see_nothing(client, cast):
    url = reverse("orgs:import", args=[cast.school_a.pk])
    client.force_login(cast.director_a)
    assert client.get(url).status_code == 403
    client.force_login(cast.curator_b)
    assert client.get(url).status_code == 404


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_unpacking():
    import io
    import zipfile

    from orgs.importing import ImportFileError, read_table

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (300 * 1024 * 1024))
    with pytest.raises(ImportFileError, match="zip-бомбу"):
        read_table(buffer.getvalue(), "staff.xlsx")
