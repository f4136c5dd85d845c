"""What ``/health/ready`` checks, one function per dependency, each answering fast.

A check returns (ok, detail). Required checks fail readiness (503); the cache is not
required, since pages are served from the database while it is down (``mentorship.cache``),
so its failure only marks the portal «degraded». Details name what failed, never an address
or a password: the endpoint answers anyone."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from . import queue
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)
# Broker and cache probes give up after this: a frozen Redis must not hold the check.
PROBE_TIMEOUT = 0.5


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str
    required: bool
    ms: float


def _uses_broker() -> bool:
    return not settings.CELERY_TASK_ALWAYS_EAGER


def database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True, connection.vendor


def cache() -> tuple[bool, str]:
    backend = caches["default"]
    if not settings.CACHES["default"]["BACKEND"].endswith("BreakerRedisCache"):
        return True, "в памяти процесса"
    token = secrets.token_hex(8)
    key = f"health:{token}"
    backend.set(key, token, 30)
    if backend.get(key) != token:
        return False, "Redis кэша не отвечает: страницы строятся без кэша"
    backend.delete(key)
    return True, "redis"


def broker() -> tuple[bool, str]:
    if not _uses_broker():
        return True, "задачи выполняются в процессе веб-сервера"
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_timeout=PROBE_TIMEOUT,
        socket_connect_timeout=PROBE_TIMEOUT,
    )
    try:
        client.ping()
    finally:
        client.close()
    return True, "redis"


def worker() -> tuple[bool, str]:
    if not _uses_broker():
        return True, "задачи выполняются в процессе веб-сервера"
    last = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
    if last is None:
        return False, "ни один обработчик задач ещё не подал сигнал"
    age = (timezone.now() - last).total_seconds()
    limit = settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS
    if age > limit:
        return False, f"последний сигнал обработчика {age:.0f} с назад (допустимо {limit} с)"
    return True, f"последний сигнал {age:.0f} с назад"


def jobs() -> tuple[bool, str]:
    age = queue.oldest_queued_age_seconds()
    limit = settings.JOB_QUEUE_MAX_AGE_MINUTES * 60
    if age > limit:
        return False, f"задание ждёт в очереди {age / 60:.0f} мин (допустимо {limit // 60} мин)"
    return True, f"самое давнее задание в очереди ждёт {age:.0f} с"


CHECKS: list[tuple[str, Callable[[], tuple[bool, str]], bool]] = [
    ("database", database, True),
    ("cache", cache, False),
    ("broker", broker, True),
    ("worker", worker, True),
    ("jobs", jobs, True),
]


def run(name: str, check, required: bool) -> Result:
    started = time.perf_counter()
    try:
        ok, detail = check()
    except Exception as error:  # noqa: BLE001 — any failure of a dependency is its status
        logger.error("health check %s failed: %r", name, error)
        ok, detail = False, f"ошибка: {type(error).__name__}"
    if not ok:
        logger.warning("health check %s: %s", name, detail)
    return Result(name, ok, detail, required, round((time.perf_counter() - started) * 1000, 1))


def readiness() -> tuple[str, list[Result]]:
    """«ok», «degraded» (only optional checks fail) or «fail», with every check's result.
    Checks after a failed database are still run: each says what it can."""
    results = [run(name, check, required) for name, check, required in CHECKS]
    if any(r.required and not r.ok for r in results):
        return "fail", results
    if any(not r.ok for r in results):
        return "degraded", results
    return "ok", results
