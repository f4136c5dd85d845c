"""A real Celery worker on Redis prints documents; a worker killed mid-render leaves the
document without files and retriable, and the retry completes it."""

import datetime
import signal

import pytest
from django.utils import timezone

from documents import services
from documents.models import Document, Kind, RenderJob
from tests.factories import StaffMemberFactory
from tests.services import celery_worker, wait_for

from .helpers import pdf_text

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def issued(cast, mentors: int) -> RenderJob:
    people = StaffMemberFactory.create_batch(mentors, organisation=cast.school_a)
    document = services.document_create(
        issuer=cast.school_a,
        kind=Kind.FINAL_EVENT,
        date=datetime.date(2026, 5, 20),
        title="",
        params={"staff": [p.pk for p in people]},
        acting_user=cast.director_a,
    )
    return services.document_issue(
        document=document,
        number="12",
        date=document.date,
        verify_url="",
        acting_user=cast.director_a,
    )


def test_a_real_worker_renders_an_issued_order(cast, _media_in_tmp):
    with celery_worker(MEDIA_ROOT=str(_media_in_tmp)):
        job = issued(cast, mentors=3)
        wait_for(lambda: RenderJob.objects.get(pk=job.pk).status == RenderJob.Status.DONE)
    document = Document.objects.get(pk=job.document_id)
    text = pdf_text(document.pdf.read())
    assert "ПРИКАЗ" in text and "№ 12" in text and "ПРИКАЗЫВАЮ:" in text
    assert document.docx.size > 0


def test_a_worker_killed_mid_render_leaves_the_document_retriable_not_half_written(
    cast, _media_in_tmp
):
    # Enough names to keep the worker busy for a while after it claims the job.
    with celery_worker(MEDIA_ROOT=str(_media_in_tmp)) as worker:
        job = issued(cast, mentors=600)
        wait_for(
            lambda: RenderJob.objects.get(pk=job.pk).status == RenderJob.Status.RUNNING,
            interval=0.02,
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    job.refresh_from_db()
    document = Document.objects.get(pk=job.document_id)
    assert job.status == RenderJob.Status.RUNNING
    assert not document.pdf and not document.docx
    assert not list(_media_in_tmp.rglob("*.pdf"))

    # The page offers a retry once the job has shown no sign of life for a while.
    RenderJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - services.STALE_AFTER - datetime.timedelta(minutes=1)
    )
    job.refresh_from_db()
    assert services.job_is_retriable(job)
    with celery_worker(MEDIA_ROOT=str(_media_in_tmp)):
        retry = services.job_retry(job=job, acting_user=cast.director_a)
        wait_for(
            lambda: RenderJob.objects.get(pk=retry.pk).status == RenderJob.Status.DONE,
            timeout=60,
        )
    document.refresh_from_db()
    assert document.has_files
    assert "№ 12" in pdf_text(document.pdf.read())
