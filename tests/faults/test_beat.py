"""Celery beat as its own process drives the outbox: a staff list uploaded while the broker
was down is parsed after the broker returns with nothing but a real ``celery beat`` and a
real worker running (no test code calls the sweep). The sweep's period is shortened to one
second for the test through its setting (JOB_SWEEP_SECONDS)."""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orgs import outbox
from orgs.models import ImportJob, OutboxTask
from tests.orgs.test_import import rows, xlsx
from tests.services import (
    broker_at,
    celery_beat,
    celery_worker,
    redis_server,
    require_postgresql_and_redis,
    wait_for,
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.postgresql("a real worker and beat share the test's PostgreSQL database"),
    pytest.mark.django_db(transaction=True),
]


def _status(job) -> str:
    return ImportJob.objects.get(pk=job.pk).status


def test_beat_sweeps_the_outbox_so_work_queued_while_the_broker_was_down_gets_done(
    client, cast, settings, tmp_path
):
    require_postgresql_and_redis()
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(cast.curator_a)
    url = reverse("orgs:import", args=[cast.school_a.pk])
    services = {"MEDIA_ROOT": str(settings.MEDIA_ROOT), "CACHE_URL": "", "JOB_SWEEP_SECONDS": "1"}
    with (
        redis_server(tmp_path / "broker") as broker,
        broker_at(broker.url),
        celery_worker(broker_url=broker.url, **services) as worker,
    ):
        # The worker has started and swept at its start; only now does the broker go down.
        broker.stop()
        upload = {"file": SimpleUploadedFile("pedagogi.xlsx", xlsx(rows(5)))}
        response = client.post(url, upload)
        assert response.status_code == 302
        job = ImportJob.objects.get()
        row = OutboxTask.objects.get(key=outbox.key_of(job))
        assert row.sent_at is None

        broker.start()
        # With the broker back but no beat, nobody sends the row: it waits.
        time.sleep(3)
        assert _status(job) == ImportJob.Status.QUEUED
        row.refresh_from_db()
        assert row.sent_at is None

        with celery_beat(
            queue=worker.queue, broker_url=broker.url, directory=tmp_path / "beat", **services
        ) as beat:
            started = time.monotonic()
            wait_for(lambda: _status(job) == ImportJob.Status.PREVIEW, timeout=60, interval=0.3)
            took = time.monotonic() - started
            assert "orgs.tasks.outbox_sweep" in beat.log()
    print(f"beat started → staff list parsed: {took:.1f} s")
    row.refresh_from_db()
    assert row.sent_at is not None and row.finished_at is not None and row.attempts == 1
    assert "Будут добавлены" in client.get(response.url).content.decode()
