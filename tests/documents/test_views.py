"""The register, drafts, issue, printing, downloads, revoke and signed scans, as users see them."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as DocxDocument
from pypdf import PdfReader

from documents import content, selectors, services
from documents.models import Document, Kind, RenderJob, Wording
from tests.factories import StaffMemberFactory

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<link rel="attachment" href="file:///etc/passwd"> <img src="http://127.0.0.1/"> '
    "{{ settings.SECRET_KEY }} {% load %}"
)


def create_url(organisation, kind):
    return reverse("documents:organisation_create", args=[organisation.pk, kind])


def draft(cast, kind=Kind.CURATOR, **params) -> Document:
    curator = StaffMemberFactory(
        organisation=cast.school_a, last_name="Кураторова", position="Заместитель директора"
    )
    return services.document_create(
        issuer=cast.school_a,
        kind=kind,
        date=datetime.date(2025, 9, 1),
        title="",
        params={"curator": [curator.pk], "staff": [cast.teacher_a.pk], **params},
        acting_user=cast.director_a,
    )


def issue(client, document, number="7", captured=None):
    return client.post(
        reverse("documents:issue", args=[document.pk]), {"number": number, "date": "2025-09-01"}
    )


def test_a_director_creates_a_curator_order_issues_it_and_downloads_pdf_and_docx(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.director_a)
    form = client.get(create_url(cast.school_a, Kind.CURATOR))
    assert form.status_code == 200
    assert "Онгудайская" in form.content.decode() or cast.school_a.name in form.content.decode()
    response = client.post(
        create_url(cast.school_a, Kind.CURATOR),
        {"date": "2025-09-01", "curator": cast.teacher_a.pk, "grounds": "На основании $short_name"},
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.status == Document.Status.DRAFT
    preview = client.get(reverse("documents:preview", args=[document.pk])).content.decode()
    assert "На основании Онгудайская СОШ" in preview
    detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert 'value="1"' in detail  # the suggested number
    with django_capture_on_commit_callbacks(execute=True):
        issue(client, document, number="1")
    document.refresh_from_db()
    assert document.status == Document.Status.ISSUED
    assert document.snapshot["acquainted"] == [cast.teacher_a.short_name]
    job = document.jobs.get()
    assert job.status == RenderJob.Status.DONE
    page = client.get(reverse("documents:job", args=[job.pk])).content.decode()
    assert "Скачать PDF" in page
    pdf = client.get(reverse("documents:download", args=[document.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(pdf.streaming_content))
    assert "ПРИКАЗ" in text and "№ 1" in text and "ПРИКАЗЫВАЮ:" in text
    name = cast.teacher_a.short_name.replace("\u00a0", " ")
    assert f"Назначить куратором наставничества: 1.1. {name}, учитель" in text
    docx = client.get(reverse("documents:download", args=[document.pk, "docx"]))
    assert "ПРИКАЗЫВАЮ:" in docx_text(b"".join(docx.streaming_content))
    register = client.get(reverse("documents:organisation", args=[cast.school_a.pk]))
    assert "Приказ о назначении куратора" in register.content.decode()


def test_an_issued_document_does_not_change_when_the_data_changes(
    cast, django_capture_on_commit_callbacks
):
    document = draft(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_issue(
            document=document,
            number="3",
            date=document.date,
            verify_url="",
            acting_user=cast.director_a,
        )
    cast.teacher_a.last_name = "Переименованная"
    cast.teacher_a.save()
    document.refresh_from_db()
    assert "Переименованная" not in services.preview_html(document)
    assert "Тадыева" in pdf_text(document.pdf.read())


def test_numbers_are_unique_per_issuer_and_year_with_a_russian_message(cast, client):
    first = draft(cast)
    services.document_issue(
        document=first, number="5", date=first.date, verify_url="", acting_user=cast.director_a
    )
    second = draft(cast)
    client.force_login(cast.director_a)
    response = client.post(
        reverse("documents:issue", args=[second.pk]),
        {"number": "5", "date": "2025-10-01"},
        follow=True,
    )
    assert "Документ с таким номером в этом году уже есть." in response.content.decode()
    second.refresh_from_db()
    assert second.status == Document.Status.DRAFT and second.snapshot is None
    assert services.suggest_number(issuer=cast.school_a, kind=first.kind, year=2025) == "6"
    # Another school may use the same number.
    other = services.document_create(
        issuer=cast.school_a2,
        kind=Kind.TARGET_MODEL,
        date=first.date,
        title="",
        params={},
        acting_user=cast.admin,
    )
    services.document_issue(
        document=other, number="5", date=other.date, verify_url="", acting_user=cast.admin
    )


def test_the_outsider_gets_404_for_the_register_the_document_and_its_files(client, cast):
    document = draft(cast)
    services.document_issue(
        document=document,
        number="1",
        date=document.date,
        verify_url="",
        acting_user=cast.director_a,
    )
    client.force_login(cast.curator_b)
    for url in (
        reverse("documents:organisation", args=[cast.school_a.pk]),
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:preview", args=[document.pk]),
        reverse("documents:download", args=[document.pk, "pdf"]),
        reverse("documents:download", args=[document.pk, "docx"]),
        create_url(cast.school_a, Kind.CURATOR),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("documents:revoke", args=[document.pk]), {"reason": "x"}).status_code
        == 404
    )


def test_a_methodist_reads_the_schools_register_but_may_not_issue_there(client, cast):
    document = draft(cast)
    client.force_login(cast.methodist_m1)
    assert client.get(reverse("documents:organisation", args=[cast.school_a.pk])).status_code == 200
    assert client.get(create_url(cast.school_a, Kind.CURATOR)).status_code == 403
    assert issue(client, document).status_code == 403
    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT


def test_a_psychologist_may_not_open_the_register(client, cast):
    client.force_login(cast.psychologist_a)
    assert client.get(reverse("documents:organisation", args=[cast.school_a.pk])).status_code == 403


def test_a_draft_without_required_choices_is_refused_with_a_russian_message(client, cast):
    client.force_login(cast.director_a)
    response = client.post(create_url(cast.school_a, Kind.CURATOR), {"date": "2025-09-01"})
    assert "Выберите куратора наставничества." in response.content.decode()
    assert not Document.objects.exists()


def test_the_register_filters_by_kind_year_and_status(client, cast):
    curator_order = draft(cast)
    services.document_create(
        issuer=cast.school_a,
        kind=Kind.TARGET_MODEL,
        date=datetime.date(2024, 9, 1),
        title="Старый приказ",
        params={},
        acting_user=cast.director_a,
    )
    client.force_login(cast.director_a)
    url = reverse("documents:organisation", args=[cast.school_a.pk])
    link = f">{curator_order.title}</a>"
    page = client.get(url, {"year": 2024}).content.decode()
    assert ">Старый приказ</a>" in page and link not in page
    page = client.get(url, {"kind": Kind.CURATOR, "status": "draft"}).content.decode()
    assert ">Старый приказ</a>" not in page and link in page


def test_revoking_keeps_the_document_and_needs_a_reason(client, cast):
    document = draft(cast)
    services.document_issue(
        document=document,
        number="1",
        date=document.date,
        verify_url="",
        acting_user=cast.director_a,
    )
    client.force_login(cast.director_a)
    response = client.post(
        reverse("documents:revoke", args=[document.pk]), {"reason": ""}, follow=True
    )
    assert "Укажите причину отмены." in response.content.decode()
    client.post(reverse("documents:revoke", args=[document.pk]), {"reason": "Ошибка в составе пар"})
    document.refresh_from_db()
    assert document.status == Document.Status.REVOKED
    assert document.revoke_reason == "Ошибка в составе пар"
    assert document.snapshot is not None


def test_the_curator_uploads_the_signed_scan_and_the_register_shows_it(client, cast):
    document = draft(cast)
    services.document_issue(
        document=document,
        number="1",
        date=document.date,
        verify_url="",
        acting_user=cast.director_a,
    )
    client.force_login(cast.curator_a)
    url = reverse("documents:upload_scan", args=[document.pk])
    fake = SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>")
    response = client.post(url, {"scan": fake}, follow=True)
    assert "Содержимое файла не соответствует его расширению." in response.content.decode()
    document.refresh_from_db()
    assert not document.signed_scan
    client.post(url, {"scan": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 signed")})
    document.refresh_from_db()
    assert document.signed_scan
    page = client.get(reverse("documents:organisation", args=[cast.school_a.pk])).content.decode()
    assert "bi-check-circle" in page


def test_hostile_text_in_every_free_field_is_printed_literally(cast):
    teacher = StaffMemberFactory(organisation=cast.school_a, last_name="Злова", position=HOSTILE)
    documents = [
        services.document_create(
            issuer=cast.school_a,
            kind=kind,
            date=datetime.date(2025, 9, 1),
            title=HOSTILE,
            params={
                "staff": [teacher.pk],
                "curator": [teacher.pk],
                "wording": {"grounds": HOSTILE, "points": HOSTILE},
                **{
                    name: HOSTILE
                    for name in (
                        "mentees_text",
                        "term",
                        "pay",
                        "event_date",
                        "chair",
                        "secretary",
                        "present",
                        "signer_position",
                    )
                },
            },
            acting_user=cast.director_a,
        )
        for kind in (Kind.CURATOR, Kind.FINAL_EVENT, Kind.COUNCIL, Kind.AGREEMENT, Kind.CONSENT)
    ]
    for number, document in enumerate(documents, start=1):
        services.document_issue(
            document=document,
            number=str(number),
            date=document.date,
            verify_url="",
            acting_user=cast.director_a,
        )
        services.render_job_run(job_id=document.jobs.get().pk)
        document.refresh_from_db()
        pdf = document.pdf.read()
        assert PdfReader(io.BytesIO(pdf)).attachments == {}
        for text in (pdf_text(pdf), docx_text(document.docx.read())):
            assert "{{ settings.SECRET_KEY }}" in text, document.kind
            assert "{% load %}" in text
            assert '<img src="http://127.0.0.1/">' in text
            assert "root:x" not in text


def test_wording_placeholders_are_substituted_and_nothing_else_is_interpreted(cast):
    Wording.objects.create(
        organisation=cast.school_a,
        kind=Kind.TARGET_MODEL,
        part=Wording.Part.GROUNDS,
        text="В $short_name {{ settings.SECRET_KEY }} {% load static %} "
        "${settings.SECRET_KEY} $nothing",
    )
    document = services.document_create(
        issuer=cast.school_a,
        kind=Kind.TARGET_MODEL,
        date=datetime.date(2025, 9, 1),
        title="",
        params={},
        acting_user=cast.director_a,
    )
    html = services.preview_html(document)
    assert (
        "В Онгудайская СОШ {{ settings.SECRET_KEY }} {% load static %} "
        "${settings.SECRET_KEY} $nothing"
    ) in html
    assert settings.SECRET_KEY not in html


def test_a_failed_render_returns_the_document_to_the_drafts_and_releases_its_number(
    client, cast, monkeypatch, django_capture_on_commit_callbacks
):
    document = draft(cast)

    def broken(html):
        raise RuntimeError("cairo exploded")

    monkeypatch.setattr("documents.rendering.html_to_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.document_issue(
            document=document,
            number="1",
            date=document.date,
            verify_url="",
            acting_user=cast.director_a,
        )
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    document.refresh_from_db()
    # Never an issued document without files: a draft again, its number free.
    assert document.status == Document.Status.DRAFT and document.number == ""
    assert not document.pdf and not document.docx
    issuer = document.organisation
    assert (
        services.suggest_number(issuer=issuer, kind=document.kind, year=document.date.year) == "1"
    )
    client.force_login(cast.director_a)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "возвращён в черновики, номер 1 освобождён" in page
    assert "Издать и сформировать" in page and "Повторить" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:job_retry", args=[job.pk]))
    assert document.jobs.count() == 1  # a draft is issued again, not retried

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_issue(
            document=document,
            number="1",
            date=document.date,
            verify_url="",
            acting_user=cast.director_a,
        )
    document.refresh_from_db()
    assert document.status == Document.Status.ISSUED and document.has_files


def test_rendering_a_job_twice_gives_the_same_file_names(cast):
    document = draft(cast)
    job = services.document_issue(
        document=document,
        number="1",
        date=document.date,
        verify_url="",
        acting_user=cast.director_a,
    )
    services.render_job_run(job_id=job.pk)
    document.refresh_from_db()
    names = (document.pdf.name, document.docx.name)
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.RUNNING)
    services.render_job_run(job_id=job.pk)
    document.refresh_from_db()
    assert (document.pdf.name, document.docx.name) == names


def test_a_certificate_carries_a_qr_code_and_a_public_verification_page(
    client, cast, django_capture_on_commit_callbacks
):
    document = services.document_create(
        issuer=cast.school_a,
        kind=Kind.CERTIFICATE,
        date=datetime.date(2026, 5, 25),
        title="",
        params={"staff": [cast.teacher_a.pk]},
        acting_user=cast.director_a,
    )
    client.force_login(cast.director_a)
    with django_capture_on_commit_callbacks(execute=True):
        issue(client, document, number="Б-1")
    document.refresh_from_db()
    verify = reverse("documents:verify", args=[document.verification_code])
    pdf = document.pdf.read()
    text = pdf_text(pdf)
    assert "БЛАГОДАРНОСТЬ" in text and verify in text.replace(" ", "")
    # The QR code is an inline image in both files.
    assert PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]
    assert DocxDocument(io.BytesIO(document.docx.read())).inline_shapes
    client.logout()
    page = client.get(verify).content.decode()
    assert "Документ действителен." in page and cast.teacher_a.full_name in page
    services.document_revoke(document=document, reason="Ошибка", acting_user=cast.director_a)
    assert "Документ отменён" in client.get(verify).content.decode()


def test_a_curator_adjusts_the_wording_and_new_drafts_use_it(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("documents:organisation_wording", args=[cast.school_a.pk])
    page = client.get(url, {"kind": Kind.PAIRS}).content.decode()
    assert "на основании взаимного согласия" in page  # the default is shown for editing
    client.post(
        f"{url}?kind={Kind.PAIRS}",
        {"grounds": "По решению педсовета $short_name {{ settings.SECRET_KEY }}", "points": ""},
    )
    row = Wording.objects.get()
    assert row.organisation == cast.school_a and row.kind == Kind.PAIRS
    draft = Document(organisation=cast.school_a, kind=Kind.PAIRS, date=datetime.date(2025, 9, 1))
    draft.copy_keys()
    assert content.wording(draft, "grounds") == (
        "По решению педсовета Онгудайская СОШ {{ settings.SECRET_KEY }}"
    )
    # Another school keeps the default.
    other = Document(organisation=cast.school_a2, kind=Kind.PAIRS, date=datetime.date(2025, 9, 1))
    other.copy_keys()
    assert "взаимного согласия" in content.wording(other, "grounds")


def test_wording_is_written_only_by_the_schools_own_writers(client, cast):
    url = reverse("documents:organisation_wording", args=[cast.school_a.pk])
    client.force_login(cast.methodist_m1)
    assert client.post(url, {"grounds": "x"}).status_code == 403
    client.force_login(cast.curator_b)
    assert client.post(url, {"grounds": "x"}).status_code == 404
    assert not Wording.objects.exists()


def test_the_register_page_runs_a_constant_number_of_queries(client, cast):
    client.force_login(cast.director_a)
    url = reverse("documents:organisation", args=[cast.school_a.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    draft(cast)
    client.get(reverse("ping"))  # reads the memberships once; later requests take them cached
    few = count()
    for _ in range(5):
        document = draft(cast)
        services.document_issue(
            document=document,
            number=str(document.pk),
            date=document.date,
            verify_url="",
            acting_user=cast.director_a,
        )
    assert count() == few


def test_the_local_acts_registry_sees_issued_not_revoked_documents_per_school(cast):

    kept = draft(cast)
    services.document_issue(
        document=kept, number="1", date=kept.date, verify_url="", acting_user=cast.director_a
    )
    revoked = services.document_create(
        issuer=cast.school_a,
        kind=Kind.TARGET_MODEL,
        date=kept.date,
        title="",
        params={},
        acting_user=cast.director_a,
    )
    services.document_issue(
        document=revoked, number="2", date=kept.date, verify_url="", acting_user=cast.director_a
    )
    services.document_revoke(document=revoked, reason="Ошибка", acting_user=cast.director_a)
    draft(cast, kind=Kind.REGULATION)
    assert selectors.issued_kinds(organisation_ids=[cast.school_a.pk, cast.school_a2.pk]) == {
        cast.school_a.pk: {Kind.CURATOR},
        cast.school_a2.pk: set(),
    }
