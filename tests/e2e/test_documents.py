import contextlib
import datetime

import pytest

from documents import services
from documents.models import Kind
from tests.services import celery_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_director_opens_the_register_and_downloads_an_order_as_pdf(
    page, cast, login, screenshot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = services.document_create(
        issuer=cast.school_a,
        kind=Kind.CURATOR,
        date=datetime.date(2025, 9, 1),
        title="",
        params={"curator": [cast.teacher_a.pk]},
        acting_user=cast.director_a,
    )
    # With Redis configured (CI) printing happens in a real worker; without, in-process.
    worker = celery_worker(MEDIA_ROOT=str(tmp_path)) if settings.REDIS_URL else None
    with worker or contextlib.nullcontext():
        issue_and_download(page, login, screenshot)
    document.refresh_from_db()
    assert document.number == "1"


def issue_and_download(page, login, screenshot):
    login("director_a")
    page.get_by_role("link", name="О назначении куратора и наставников", exact=True).click()
    page.get_by_role("button", name="Издать и сформировать PDF и DOCX").click()
    download_link = page.get_by_role("link", name="Скачать PDF")
    download_link.wait_for()
    screenshot("issued")
    with page.expect_download() as info:
        download_link.click()
    path = info.value.path()
    assert path.read_bytes()[:4] == b"%PDF"
    assert info.value.suggested_filename.endswith(".pdf")
