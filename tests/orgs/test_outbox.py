"""The transactional outbox (orgs/outbox.py): every background task is a row written with the
request's transaction, sent when it commits, sent again by the sweep when the broker was
down, and queued again when its worker stopped beating. The tests with a real worker and a
real broker that is stopped and killed are in tests/faults/test_background_jobs.py."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents import services as documents
from documents.models import Document, Kind, RenderJob
from mentorship.celery import app
from monitoring.tasks import refresh_region_summary
from orgs import outbox
from orgs.models import ImportJob, OutboxTask
from orgs.tasks import import_parse
from tests.factories import UserFactory
from tests.services import broker_at

from .test_import import rows, xlsx

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _issue(client, cast):
    document = documents.document_create(
        issuer=cast.school_a,
        kind=Kind.TARGET_MODEL,
        date=datetime.date(2026, 9, 1),
        title="",
        params={},
        acting_user=cast.director_a,
    )
    client.force_login(cast.director_a)
    url = reverse("documents:issue", args=[document.pk])
    return client.post(url, {"number": "5-од", "date": "2026-09-01"})


def _issued_and_printed(cast, mailoutbox) -> bool:
    job = RenderJob.objects.get()
    return job.status == RenderJob.Status.DONE and Document.objects.get().has_files


def _upload(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:import", args=[cast.school_a.pk])
    return client.post(url, {"file": SimpleUploadedFile("pedagogi.xlsx", xlsx(rows(5)))})


def _parsed(cast, mailoutbox) -> bool:
    return ImportJob.objects.get().status == ImportJob.Status.PREVIEW


def _reset(client, cast):
    UserFactory(username="ivanova", email="ivanova@example.ru")
    return client.post(reverse("password_reset"), {"email": "ivanova@example.ru"})


def _letter_sent(cast, mailoutbox) -> bool:
    return [m.to for m in mailoutbox] == [["ivanova@example.ru"]]


REQUESTS = {
    "issue a document": (_issue, _issued_and_printed),
    "upload a staff list": (_upload, _parsed),
    "ask for a password reset": (_reset, _letter_sent),
}


@pytest.mark.parametrize("name", REQUESTS)
def test_a_request_answers_while_the_broker_is_down_and_its_work_is_done_after(
    name, client, cast, celery_eager, mailoutbox, django_capture_on_commit_callbacks
):
    act, done = REQUESTS[name]
    with broker_at(NOBODY_LISTENS), django_capture_on_commit_callbacks(execute=True):
        response = act(client, cast)
    assert response.status_code == 302, name
    row = OutboxTask.objects.get()
    assert row.sent_at is None and row.finished_at is None
    assert not done(cast, mailoutbox)
    assert outbox.queue_health().queued == 1

    result = outbox.sweep()  # the broker is back (here: tasks run in-process)
    assert (result.sent, result.unsent) == (1, 0)
    assert done(cast, mailoutbox), name
    row.refresh_from_db()
    assert row.finished_at is not None and row.attempts == 0  # in-process: nobody takes it
    assert outbox.sweep().sent == 0  # nothing twice


def test_the_sweep_stops_at_the_first_refusal_and_keeps_the_rest_queued(
    cast, celery_eager, django_capture_on_commit_callbacks
):
    with broker_at(NOBODY_LISTENS):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                outbox.enqueue(import_parse, 0)
        result = outbox.sweep()
    assert (result.sent, result.unsent) == (0, 1)
    assert OutboxTask.objects.filter(sent_at__isnull=True).count() == 3


def _taken_and_silent(row: OutboxTask, *, seconds: float) -> None:
    moment = timezone.now() - datetime.timedelta(seconds=seconds)
    OutboxTask.objects.filter(pk=row.pk).update(
        started_at=moment, heartbeat_at=moment, taken_by="host:1:dead", attempts=1
    )


def test_a_job_whose_worker_stopped_beating_is_queued_again_and_says_so(
    client, cast, celery_eager, django_capture_on_commit_callbacks, monkeypatch
):
    held = []
    monkeypatch.setattr(outbox, "_deliver", lambda row_id, *a, **k: held.append(row_id))
    with django_capture_on_commit_callbacks(execute=True):
        _issue(client, cast)
    job = RenderJob.objects.get()
    row = OutboxTask.objects.get(key=outbox.key_of(job))
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.RUNNING, attempts=1)
    status_url = reverse("documents:job", args=[job.pk])

    _taken_and_silent(row, seconds=settings.JOB_HEARTBEAT_TIMEOUT / 2)
    assert outbox.sweep().restarted == 0  # still beating recently enough
    assert "Перезапускается после сбоя" not in client.get(status_url).content.decode()

    _taken_and_silent(row, seconds=settings.JOB_HEARTBEAT_TIMEOUT + 1)
    page = client.get(status_url).content.decode()
    assert "Перезапускается после сбоя" in page  # silent: the page says so at once
    monkeypatch.undo()
    result = outbox.sweep()
    assert (result.restarted, result.sent) == (1, 1)
    row.refresh_from_db()
    assert row.restarts == 1 and row.finished_at is not None
    assert RenderJob.objects.get().status == RenderJob.Status.DONE
    page = client.get(status_url).content.decode()
    assert "Перезапускается" not in page and "Документ сформирован" in page


def test_an_import_whose_worker_died_says_it_restarts(
    client, cast, celery_eager, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(outbox, "_deliver", lambda *a, **k: None)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, cast)
    job = ImportJob.objects.get()
    _taken_and_silent(OutboxTask.objects.get(), seconds=settings.JOB_HEARTBEAT_TIMEOUT + 1)
    page = client.get(response.url).content.decode()
    assert "Перезапускается после сбоя" in page and 'data-job-state="restarting"' in page
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED)
    assert "Перезапускается" not in client.get(response.url).content.decode()


def test_a_task_that_kills_its_worker_every_time_is_given_up_after_a_few_restarts(
    cast, monkeypatch
):
    monkeypatch.setattr(outbox, "_deliver", lambda *a, **k: True)  # sent, never run
    row = OutboxTask.objects.create(task="orgs.tasks.import_parse", args=[0])
    for restarts in range(outbox.MAX_RESTARTS):
        _taken_and_silent(row, seconds=settings.JOB_HEARTBEAT_TIMEOUT + 1)
        OutboxTask.objects.filter(pk=row.pk).update(restarts=restarts)
        assert outbox.sweep(now=timezone.now()).restarted == 1
    _taken_and_silent(row, seconds=settings.JOB_HEARTBEAT_TIMEOUT + 1)
    OutboxTask.objects.filter(pk=row.pk).update(restarts=outbox.MAX_RESTARTS)
    result = outbox.sweep()
    row.refresh_from_db()
    assert (result.gave_up, result.restarted) == (1, 0)
    assert row.finished_at is not None and "остановлена" in row.error


def test_a_duplicate_message_of_a_taken_or_finished_task_does_nothing(cast, monkeypatch):
    """A message redelivered after its worker was killed, or re-sent by the sweep while the
    first copy was still queued, runs nothing: the row is taken or finished."""
    ran = []
    task = import_parse
    monkeypatch.setattr(task, "run", lambda job_id: ran.append(job_id))
    row = OutboxTask.objects.create(task=task.name, args=[7])

    def deliver():
        # As a worker runs it (not in-process): the outbox rules apply.
        request = {"id": outbox.task_id_of(row.pk), "is_eager": False}
        task.push_request(**request)
        try:
            return task(7)
        finally:
            task.pop_request()

    _taken_and_silent(row, seconds=1)
    deliver()
    assert ran == []
    OutboxTask.objects.filter(pk=row.pk).update(started_at=None, taken_by="")
    deliver()
    assert ran == [7]
    row.refresh_from_db()
    assert row.finished_at is not None and row.attempts == 2 and row.taken_by
    deliver()
    assert ran == [7]


def test_a_task_that_raised_is_sent_again_later_and_given_up_after_a_few_attempts(
    cast, monkeypatch
):
    task = import_parse

    def broken(job_id):
        raise RuntimeError("SMTP или база недоступны")

    monkeypatch.setattr(task, "run", broken)
    row = OutboxTask.objects.create(task=task.name, args=[7])
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        task.push_request(id=outbox.task_id_of(row.pk), is_eager=False)
        try:
            with pytest.raises(RuntimeError):
                task(7)
        finally:
            task.pop_request()
        row.refresh_from_db()
        assert row.attempts == attempt
        assert (row.finished_at is None) == (attempt < outbox.MAX_ATTEMPTS)
    assert "SMTP" in row.error


def test_a_pending_unique_key_is_queued_once(cast, django_capture_on_commit_callbacks):
    task = refresh_region_summary
    with django_capture_on_commit_callbacks(execute=False):
        first = outbox.enqueue(task, cast.region1.pk, 2026, key="summary", unique=True)
        again = outbox.enqueue(task, cast.region1.pk, 2026, key="summary", unique=True)
    assert first is not None and again is None


def test_the_queue_health_gives_the_oldest_queued_age_and_the_running_heartbeats(cast):
    now = timezone.now()
    assert outbox.queue_health(now=now) == outbox.QueueHealth(0, None, 0, 0, None)
    OutboxTask.objects.create(task="t", created_at=now - datetime.timedelta(seconds=90))
    OutboxTask.objects.create(task="t", created_at=now - datetime.timedelta(seconds=10))
    OutboxTask.objects.create(task="t", finished_at=now, created_at=now - datetime.timedelta(1))
    silent = now - datetime.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT + 5)
    OutboxTask.objects.create(task="t", started_at=silent, heartbeat_at=silent)
    OutboxTask.objects.create(task="t", started_at=now, heartbeat_at=now)
    health = outbox.queue_health(now=now)
    assert (health.queued, round(health.oldest_queued_seconds)) == (2, 90)
    assert (health.running, health.stale_running) == (2, 1)
    assert round(health.oldest_heartbeat_seconds) == settings.JOB_HEARTBEAT_TIMEOUT + 5


def test_finished_rows_are_kept_a_week_for_the_operator(cast):
    old = timezone.now() - outbox.KEEP_FINISHED - datetime.timedelta(hours=1)
    OutboxTask.objects.create(task="t", finished_at=old, created_at=old)
    OutboxTask.objects.create(task="t", finished_at=timezone.now())
    assert outbox.sweep().purged == 1
    assert OutboxTask.objects.count() == 1


def test_the_sweep_runs_on_beat_and_expires_rather_than_piling_up():
    entry = settings.CELERY_BEAT_SCHEDULE["orgs-outbox-sweep"]
    assert entry["task"] == "orgs.tasks.outbox_sweep" in app.tasks
    assert entry["schedule"] == settings.JOB_SWEEP_SECONDS <= 30
    assert entry["options"]["expires"] == settings.JOB_SWEEP_SECONDS


def _calls(tree, names) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in names
    ]


def test_no_code_sends_a_task_around_the_outbox():
    """``.delay``/``.apply_async``/``send_task`` only in the outbox itself (and the worker's
    start-up sweep), so no background task can be lost with the broker."""
    allowed = {"orgs/outbox.py", "mentorship/celery.py"}
    found = {}
    for top in ("orgs", "pairs", "monitoring", "documents", "mentorship"):
        for path in (ROOT / top).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative in allowed or "/migrations/" in relative:
                continue
            lines = _calls(ast.parse(path.read_text()), {"delay", "apply_async", "send_task"})
            if lines:
                found[relative] = lines
    assert found == {}


def test_every_task_is_queued_through_the_outbox_or_started_by_beat():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    project = {
        name: task
        for name, task in app.tasks.items()
        if name.split(".")[0] in {"orgs", "pairs", "monitoring", "documents"}
    }
    assert project
    loose = {
        name
        for name, task in project.items()
        if name not in scheduled and not isinstance(task, outbox.OutboxJob)
    }
    assert loose == set()
    with pytest.raises(TypeError):
        outbox.enqueue(project["orgs.tasks.outbox_sweep"])


@pytest.mark.postgresql("the data versions are raised by PostgreSQL triggers")
def test_heartbeats_and_queue_rows_raise_no_data_version(cast):
    from orgs.models import Organisation, Region

    def versions():
        return list(Organisation.objects.order_by("pk").values_list("data_version", flat=True)) + [
            *Region.objects.order_by("pk").values_list("data_version", flat=True)
        ]

    before = versions()
    row = OutboxTask.objects.create(task="t")
    OutboxTask.objects.filter(pk=row.pk).update(heartbeat_at=timezone.now())
    row.delete()
    assert versions() == before
