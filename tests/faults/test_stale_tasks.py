"""A render task that arrives late — after its job was retried, or its document revoked —
changes nothing: it checks, under the job's and the document's locks, that it is still the
current job of an issued document."""

import datetime

import pytest

from documents import rendering, services
from documents.models import Document, Kind, RenderJob
from monitoring.effectiveness.selectors import organisation_acts
from orgs import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sent(monkeypatch):
    """The outbox rows handed to the broker (none is delivered by itself)."""
    rows: list[int] = []
    monkeypatch.setattr(outbox, "_deliver", lambda row_id, *args, **kwargs: rows.append(row_id))
    return rows


def _issued(cast, captured) -> tuple[Document, RenderJob]:
    document = services.document_create(
        issuer=cast.school_a,
        kind=Kind.TARGET_MODEL,
        date=datetime.date(2026, 9, 1),
        title="",
        params={},
        acting_user=cast.director_a,
    )
    with captured(execute=True):
        job = services.document_issue(
            document=document,
            number="7-од",
            date=document.date,
            verify_url="",
            acting_user=cast.director_a,
        )
    return document, job


def _in_pack(organisation) -> bool:
    return any(row["act"] for row in organisation_acts(organisation))


def _lose(job):
    RenderJob.objects.filter(pk=job.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )


def test_a_task_redelivered_after_a_retry_does_nothing(
    cast, sent, django_capture_on_commit_callbacks
):
    document, old = _issued(cast, django_capture_on_commit_callbacks)
    _lose(old)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.job_retry(job=old, acting_user=cast.director_a)
    services.render_job_run(job_id=old.pk)  # the old message, delivered late
    old.refresh_from_db()
    document.refresh_from_db()
    assert old.status == RenderJob.Status.FAILED and old.attempts == 0
    assert not document.pdf
    services.render_job_run(job_id=new.pk)
    document.refresh_from_db()
    assert RenderJob.objects.get(pk=new.pk).status == RenderJob.Status.DONE
    assert document.pdf and _in_pack(cast.school_a)


def test_a_task_redelivered_after_a_revoke_does_not_put_the_order_back(
    cast, sent, django_capture_on_commit_callbacks
):
    document, job = _issued(cast, django_capture_on_commit_callbacks)
    _lose(job)
    with django_capture_on_commit_callbacks(execute=True):
        retried = services.job_retry(job=job, acting_user=cast.director_a)
        services.document_revoke(document=document, reason="Ошибка", acting_user=cast.director_a)
    for stale in (job.pk, retried.pk):
        services.render_job_run(job_id=stale)
    document.refresh_from_db()
    assert document.status == Document.Status.REVOKED
    assert not document.pdf
    assert not _in_pack(cast.school_a)


def test_a_task_whose_document_is_revoked_while_it_renders_drops_its_result(
    cast, sent, django_capture_on_commit_callbacks, monkeypatch
):
    document, job = _issued(cast, django_capture_on_commit_callbacks)
    real_pdf = rendering.html_to_pdf

    def pdf_while_someone_revokes(html):
        with django_capture_on_commit_callbacks(execute=True):
            services.document_revoke(
                document=document, reason="Отменён во время печати", acting_user=cast.director_a
            )
        return real_pdf(html)

    monkeypatch.setattr(rendering, "html_to_pdf", pdf_while_someone_revokes)
    services.render_job_run(job_id=job.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.REVOKED
    assert not document.pdf
    assert not _in_pack(cast.school_a)
