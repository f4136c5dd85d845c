"""The transactional outbox: the one way background work is queued.

A write that wants work done calls ``enqueue(task, *ids, key=...)`` inside its transaction. A
row is written with the write, and the task is handed to the broker when the transaction
commits. If the broker is down, the request still answers and the row waits: ``sweep`` (Celery
beat every ``JOB_SWEEP_SECONDS``, and each worker as it starts) sends every row that is queued
and not taken. A running task beats its row's heartbeat; a row whose heartbeat stopped for
``JOB_HEARTBEAT_TIMEOUT`` lost its worker and is queued again, and its page says so.

The message carries the row's id as its task id, so a duplicate delivery (a redelivered or
re-sent message, a message left behind by a killed worker) finds the row taken or finished
and does nothing. The tasks stay idempotent on their own as well: a row re-queued while its
first worker was only slow runs twice.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from celery import Task
from celery.exceptions import Retry
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from mentorship.celery import app

from .models import OutboxTask

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "outbox-"
# A row sent this long ago and still not taken was probably lost with the broker's memory.
RESEND_AFTER = datetime.timedelta(minutes=5)
# A task that kills its worker every time (memory, a hard time limit) is not run forever.
MAX_RESTARTS = 3
# A task that raised is sent again later, this many runs in all.
MAX_ATTEMPTS = 5
# Finished rows are history for the operator for a week.
KEEP_FINISHED = datetime.timedelta(days=7)
SWEEP_BATCH = 500
GAVE_UP = "Задача прерывалась {restarts} раза подряд вместе со своим обработчиком; остановлена."
# What the person who started the job reads on its page when the outbox stopped it.
STOPPED_CRASHED = "Обработка несколько раз подряд прерывалась из-за сбоя на сервере и остановлена."
STOPPED_FAILED = "Обработка несколько раз подряд завершилась ошибкой и остановлена."


# What a task's job row says when the outbox stops the task for good (it killed its worker
# MAX_RESTARTS times, or raised MAX_ATTEMPTS times): without it a page would show the job
# «in progress» forever with nothing to do. Registered next to the task (``when_stopped``).
_STOPPED: dict[str, Callable[..., None]] = {}
# Tasks no page waits for, and why nothing needs to be said when one is stopped.
NO_JOB_PAGE = {
    "orgs.tasks.send_password_reset": "a letter: the person asks for a new one on the login page",
    "pairs.tasks.send_weekly_digest": "a letter: next week's digest covers the same pairs",
    "monitoring.tasks.refresh_region_summary": "a summary: the next night's refresh rebuilds it",
    "monitoring.diagnostics.tasks.lifecycle_surveys_for": "the next daily run sends the surveys",
}


def when_stopped(*tasks: Task):
    """Register ``handler(*task_args, message=...)``: it marks the task's job row as
    stopped (a Russian state and an action on its page), inside its own transaction."""

    def register(handler: Callable[..., None]) -> Callable[..., None]:
        for task in tasks:
            _STOPPED[task.name] = handler
        return handler

    return register


def stopped_handler(name: str) -> Callable[..., None] | None:
    return _STOPPED.get(name)


def _stopped(name: str, args: list, message: str) -> None:
    handler = _STOPPED.get(name)
    if handler is None:
        return
    try:
        with transaction.atomic():
            handler(*args, message=message)
    except Exception:  # noqa: BLE001 — one job's page must not stop the sweep of the others
        logger.exception("outbox: task %s %s stopped, its job row not marked", name, args)


def key_of(instance) -> str:
    """The key of the row a task works on: ``app.model:pk``."""
    return f"{instance._meta.label_lower}:{instance.pk}"


def enqueue(task: Task, *args, key: str = "", unique: bool = False) -> OutboxTask | None:
    """Queue ``task(*args)`` with the current transaction. ``unique``: not again while a row
    with this key is pending (a periodic refresh does not pile up during an outage)."""
    if not isinstance(task, OutboxJob):
        raise TypeError(f"{task.name} must be declared with base=OutboxJob to be queued")
    if unique and key and pending(key).exists():
        return None
    row = OutboxTask.objects.create(task=task.name, args=list(args), key=key[:100])
    transaction.on_commit(lambda: _deliver(row.pk, task.name, row.args, task=task))
    return row


def pending(key: str):
    return OutboxTask.objects.filter(key=key, finished_at__isnull=True)


def task_id_of(row_id: int) -> str:
    return f"{TASK_ID_PREFIX}{row_id}"


def _row_id(task_id: str | None) -> int | None:
    if task_id and task_id.startswith(TASK_ID_PREFIX):
        try:
            return int(task_id.removeprefix(TASK_ID_PREFIX))
        except ValueError:
            return None
    return None


def _deliver(row_id: int, name: str, args: list, *, task: Task | None = None) -> bool:
    """Hand one row to the broker; False (and a warning) when the broker cannot be reached.
    In-process (no broker configured) the task runs here and its errors surface here."""
    if app.conf.task_always_eager:
        OutboxTask.objects.filter(pk=row_id).update(sent_at=timezone.now())
        if task is None:
            app.loader.import_default_modules()  # every app's tasks, as a worker has them
            task = app.tasks[name]
        task.apply_async(args, task_id=task_id_of(row_id))
        return True
    try:
        # One quick retry over a fresh connection (a restarted broker); a broker that is
        # down costs the request about a second, and the sweep sends the row later.
        app.send_task(
            name,
            args=args,
            task_id=task_id_of(row_id),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
        )
    except Exception as error:  # kombu raises several unrelated types for an unreachable broker
        logger.warning("task %s (outbox %s) not sent, the sweep sends it: %s", name, row_id, error)
        return False
    OutboxTask.objects.filter(pk=row_id).update(sent_at=timezone.now())
    return True


class OutboxJob(Task):
    """The base of every task queued through ``enqueue``: it runs a row only when it can
    take it, beats the row's heartbeat while it runs, and finishes or releases it."""

    def __call__(self, *args, **kwargs):
        row_id = _row_id(self.request.id)
        if row_id is None:  # called directly, or sent without a row
            return super().__call__(*args, **kwargs)
        if self.request.is_eager:  # in-process: nobody else can take it, no worker to lose
            try:
                return self.run(*args, **kwargs)
            finally:
                OutboxTask.objects.filter(pk=row_id).update(finished_at=timezone.now())
        token = _claim(row_id)
        if token is None:
            logger.info("task %s (outbox %s) is taken or finished: skipped", self.name, row_id)
            return None
        heartbeat = _Heartbeat(row_id, token)
        try:
            result = self.run(*args, **kwargs)
        except Retry:
            _release(row_id, token)  # Celery has sent the retry: it takes the row again
            raise
        except BaseException as error:
            _failed(row_id, token, error)
            raise
        finally:
            heartbeat.stop()
        _finish(row_id, token)
        return result


def _claim(row_id: int) -> str | None:
    token = f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    now = timezone.now()
    taken = OutboxTask.objects.filter(
        pk=row_id, finished_at__isnull=True, started_at__isnull=True
    ).update(started_at=now, heartbeat_at=now, taken_by=token, attempts=F("attempts") + 1)
    return token if taken else None


def _finish(row_id: int, token: str, error: str = "") -> None:
    # Only while the row is still ours: a row re-queued meanwhile belongs to its new run.
    OutboxTask.objects.filter(pk=row_id, taken_by=token).update(
        finished_at=timezone.now(), error=error[:500]
    )


def _release(row_id: int, token: str) -> None:
    OutboxTask.objects.filter(pk=row_id, taken_by=token).update(
        started_at=None, heartbeat_at=None, taken_by="", sent_at=timezone.now()
    )


def _failed(row_id: int, token: str, error: BaseException) -> None:
    """A task that raised runs again later (from the sweep), up to MAX_ATTEMPTS in all."""
    row = OutboxTask.objects.filter(pk=row_id).values("attempts").first()
    if row is not None and row["attempts"] < MAX_ATTEMPTS and isinstance(error, Exception):
        _release(row_id, token)
        return
    _finish(row_id, token, error=repr(error))
    stopped = OutboxTask.objects.filter(pk=row_id).values("task", "args").first()
    if stopped is not None:
        _stopped(stopped["task"], stopped["args"], STOPPED_FAILED)


class _Heartbeat:
    """A thread that marks the row alive every JOB_HEARTBEAT_SECONDS while the task runs. It
    dies with its process, which is the point: a killed worker's rows stop beating."""

    def __init__(self, row_id: int, token: str):
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, args=(row_id, token), name=f"outbox-{row_id}", daemon=True
        )
        self._thread.start()

    def _beat(self, row_id: int, token: str) -> None:
        try:
            while not self._stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    OutboxTask.objects.filter(pk=row_id, taken_by=token).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError as error:
                    logger.warning("heartbeat of outbox %s not written: %s", row_id, error)
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=10)


@dataclass(frozen=True)
class Sweep:
    restarted: int
    gave_up: int
    sent: int
    unsent: int
    purged: int


def sweep(*, at_start: bool = False, now: datetime.datetime | None = None) -> Sweep:
    """Re-queue the rows whose worker died, then send every row that is queued and not taken.
    ``at_start`` (a worker starting, perhaps after the broker lost its messages): send them
    all, also those sent a moment ago."""
    now = now or timezone.now()
    lost = OutboxTask.objects.filter(
        finished_at__isnull=True,
        started_at__isnull=False,
        heartbeat_at__lt=now - datetime.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT),
    )
    gave_up = 0
    for row in lost.filter(restarts__gte=MAX_RESTARTS).only("pk", "restarts", "task", "args"):
        if lost.filter(pk=row.pk).update(
            finished_at=now, error=GAVE_UP.format(restarts=row.restarts + 1)
        ):
            gave_up += 1
            _stopped(row.task, row.args, STOPPED_CRASHED)
    restarted = lost.update(
        started_at=None, heartbeat_at=None, taken_by="", sent_at=None, restarts=F("restarts") + 1
    )
    if restarted or gave_up:
        logger.warning("outbox: %s tasks lost their worker and were re-queued", restarted)
    due = OutboxTask.objects.filter(finished_at__isnull=True, started_at__isnull=True)
    if not at_start:
        due = due.filter(Q(sent_at__isnull=True) | Q(sent_at__lt=now - RESEND_AFTER))
    sent = unsent = 0
    for row in due.order_by("created_at").only("pk", "task", "args")[:SWEEP_BATCH]:
        if _deliver(row.pk, row.task, row.args):
            sent += 1
        else:
            unsent += 1
            break  # the broker is down: the next sweep tries again
    purged, _ = OutboxTask.objects.filter(finished_at__lt=now - KEEP_FINISHED).delete()
    return Sweep(restarted=restarted, gave_up=gave_up, sent=sent, unsent=unsent, purged=purged)


# Reads: what a page and the readiness check show.


def restarting(key: str, *, now: datetime.datetime | None = None) -> bool:
    """The pending task of this object lost its worker and runs again (or is about to)."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT)
    return (
        pending(key)
        .filter(Q(restarts__gt=0) | Q(started_at__isnull=False, heartbeat_at__lt=stale))
        .exists()
    )


@dataclass(frozen=True)
class QueueHealth:
    queued: int  # pending and not taken by a worker
    oldest_queued_seconds: float | None  # age of the oldest of them
    running: int  # taken by a worker
    stale_running: int  # taken, but the heartbeat stopped (the worker died)
    oldest_heartbeat_seconds: float | None  # the most silent running task

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def queue_health(*, now: datetime.datetime | None = None) -> QueueHealth:
    """Two queries over the pending rows (a partial index): for /health/ready, metrics and
    ``manage.py outbox``."""
    now = now or timezone.now()
    pending_rows = OutboxTask.objects.filter(finished_at__isnull=True)
    queued = pending_rows.filter(started_at__isnull=True).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    stale = now - datetime.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT)
    running = pending_rows.filter(started_at__isnull=False).aggregate(
        count=Count("pk"),
        stale=Count("pk", filter=Q(heartbeat_at__lt=stale)),
        silent=Min("heartbeat_at"),
    )

    def age(moment):
        return None if moment is None else max((now - moment).total_seconds(), 0.0)

    return QueueHealth(
        queued=queued["count"],
        oldest_queued_seconds=age(queued["oldest"]),
        running=running["count"],
        stale_running=running["stale"],
        oldest_heartbeat_seconds=age(running["silent"]),
    )
