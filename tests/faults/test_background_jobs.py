"""Background work survives a dead worker and a dead broker (orgs/outbox.py), with real
processes: a Celery worker killed mid-render (its pool process, then the whole worker), and a
Redis broker of the test's own stopped while a staff list is uploaded and while a password
reset is asked for. Nothing answers 500 and the work is done once the broker or a worker is
back. The heartbeat is shortened here (a few seconds instead of a minute) to keep each test
short; the sweep is called by the test as beat calls it."""

from __future__ import annotations

import datetime
import os
import signal
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import services as documents
from documents.models import Document, Kind, RenderJob
from orgs import outbox
from orgs.models import ImportJob, OutboxTask
from tests.factories import StaffMemberFactory, UserFactory
from tests.orgs.test_import import rows, xlsx
from tests.services import (
    broker_at,
    celery_worker,
    kill_whole_worker,
    pool_processes,
    redis_server,
    wait_for,
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.postgresql("a real worker writes to the test's PostgreSQL database"),
    pytest.mark.django_db(transaction=True),
]

RESTARTING, PRINTED = "Перезапускается после сбоя", "Документ сформирован"
HEARTBEAT = {"JOB_HEARTBEAT_SECONDS": "0.5", "JOB_HEARTBEAT_TIMEOUT": "3", "CACHE_URL": ""}


@pytest.fixture(autouse=True)
def _short_heartbeat(settings, tmp_path):
    settings.JOB_HEARTBEAT_SECONDS = float(HEARTBEAT["JOB_HEARTBEAT_SECONDS"])
    settings.JOB_HEARTBEAT_TIMEOUT = float(HEARTBEAT["JOB_HEARTBEAT_TIMEOUT"])
    settings.MEDIA_ROOT = tmp_path / "media"


def _worker_env(settings, **extra) -> dict:
    return {**HEARTBEAT, "MEDIA_ROOT": str(settings.MEDIA_ROOT), **extra}


def _issue_long_order(cast) -> RenderJob:
    """An order long enough (250 names) for the worker to be killed while it prints."""
    people = StaffMemberFactory.create_batch(250, organisation=cast.school_a)
    document = documents.document_create(
        issuer=cast.school_a,
        kind=Kind.FINAL_EVENT,
        date=datetime.date(2026, 5, 20),
        title="",
        params={"staff": [p.pk for p in people]},
        acting_user=cast.director_a,
    )
    director = cast.director_a
    return documents.document_issue(
        document=document, number="12", date=document.date, verify_url="", acting_user=director
    )


def _rendering(job: RenderJob) -> bool:
    row = OutboxTask.objects.get(key=outbox.key_of(job))
    status = RenderJob.objects.get(pk=job.pk).status
    return status == RenderJob.Status.RUNNING and row.started_at is not None


def _done(job: RenderJob) -> bool:
    return RenderJob.objects.get(pk=job.pk).status == RenderJob.Status.DONE


def test_a_render_whose_pool_process_is_killed_runs_again_and_finishes(client, cast, settings):
    client.force_login(cast.director_a)
    with celery_worker(pool="prefork", **_worker_env(settings)) as worker:
        job = _issue_long_order(cast)
        wait_for(lambda: _rendering(job), interval=0.05)
        for pid in pool_processes(worker):
            os.kill(pid, signal.SIGKILL)
        status_url = reverse("documents:job", args=[job.pk])
        seen = set()

        def finished_while_beat_sweeps() -> bool:
            outbox.sweep()
            page = client.get(status_url).content.decode()
            seen.update(s for s in (RESTARTING, PRINTED) if s in page)
            return _done(job)

        wait_for(finished_while_beat_sweeps, timeout=60, interval=0.3)
    row = OutboxTask.objects.get(key=outbox.key_of(job))
    assert row.restarts == 1 and row.finished_at is not None and not row.error
    assert seen == {RESTARTING, PRINTED}
    document = Document.objects.get(pk=job.document_id)
    assert document.has_files
    assert len(list((settings.MEDIA_ROOT / "documents").rglob("*.pdf"))) == 1  # printed once


def test_a_render_whose_whole_worker_is_killed_finishes_once_a_worker_starts(cast, settings):
    with celery_worker(**_worker_env(settings)) as worker:
        job = _issue_long_order(cast)
        wait_for(lambda: _rendering(job), interval=0.05)
        kill_whole_worker(worker)
    assert not Document.objects.get(pk=job.document_id).pdf
    # No beat here: the worker that starts sweeps by itself once the silence is long enough.
    time.sleep(settings.JOB_HEARTBEAT_TIMEOUT + 0.5)
    with celery_worker(queue=worker.queue, **_worker_env(settings)):
        back = time.monotonic()
        wait_for(lambda: _done(job), timeout=60, interval=0.2)
        took = time.monotonic() - back
    print(f"worker back → order printed: {took:.1f} s")
    assert took < 120
    row = OutboxTask.objects.get(key=outbox.key_of(job))
    assert row.restarts == 1 and row.attempts == 2
    assert Document.objects.get(pk=job.document_id).has_files


def _post_timed(client, url, data) -> tuple[int, float]:
    started = time.monotonic()
    response = client.post(url, data)
    return response, time.monotonic() - started


def test_a_staff_list_uploaded_while_the_broker_is_down_is_parsed_when_it_returns(
    client, cast, settings, tmp_path
):
    client.force_login(cast.curator_a)
    url = reverse("orgs:import", args=[cast.school_a.pk])
    with (
        redis_server(tmp_path / "broker") as broker,
        broker_at(broker.url),
        celery_worker(broker_url=broker.url, **_worker_env(settings)),
    ):
        broker.stop()
        upload = {"file": SimpleUploadedFile("pedagogi.xlsx", xlsx(rows(5)))}
        response, took = _post_timed(client, url, upload)
        assert response.status_code == 302 and took < 5
        job = ImportJob.objects.get()
        assert "В очереди" in client.get(response.url).content.decode()
        assert OutboxTask.objects.get(key=outbox.key_of(job)).sent_at is None

        broker.start()
        back = time.monotonic()

        def parsed_while_beat_sweeps() -> bool:
            outbox.sweep()
            return ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.PREVIEW

        wait_for(parsed_while_beat_sweeps, timeout=60, interval=0.5)
        print(f"broker back → staff list parsed: {time.monotonic() - back:.1f} s")
    assert "Будут добавлены" in client.get(response.url).content.decode()


def test_a_password_reset_asked_while_the_broker_is_down_sends_its_letter_when_it_returns(
    client, settings, tmp_path
):
    UserFactory(username="ivanova", email="ivanova@example.ru")
    mail_dir = tmp_path / "mail"
    with (
        redis_server(tmp_path / "broker") as broker,
        broker_at(broker.url),
        celery_worker(
            broker_url=broker.url, EMAIL_URL=f"filemail:///{mail_dir}", **_worker_env(settings)
        ),
    ):
        broker.stop()
        response, took = _post_timed(
            client, reverse("password_reset"), {"email": "ivanova@example.ru"}
        )
        assert response.status_code == 302 and took < 5
        assert OutboxTask.objects.get().sent_at is None

        broker.start()

        def letters_while_beat_sweeps():
            outbox.sweep()
            return list(mail_dir.glob("*.log")) if mail_dir.exists() else []

        letters = wait_for(letters_while_beat_sweeps, timeout=60, interval=0.5)
    assert len(letters) == 1
    assert "To: ivanova@example.ru" in letters[0].read_text()
    assert OutboxTask.objects.get().finished_at is not None
