"""/health/live and /health/ready: JSON with each check's status, 200 or 503, for anyone, and
the start-up check that keeps a misconfigured web process or worker from starting."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mentorship.ops.models import WorkerHeartbeat
from mentorship.ops.tasks import worker_heartbeat
from orgs.models import OutboxTask
from tests.faults.own_redis import free_port, own_redis

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1
WITH_WORKERS = {"CELERY_TASK_ALWAYS_EAGER": False}


def _ready(client):
    response = client.get(reverse("health:ready"))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return response.status_code, response.json()


def _beat(seconds_ago=0):
    WorkerHeartbeat.objects.update_or_create(
        worker="celery@test",
        defaults={"seen_at": timezone.now() - datetime.timedelta(seconds=seconds_ago)},
    )


def test_live_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health:live"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_ready_on_the_embedded_default_is_ok(client):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        status, body = _ready(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "worker", "jobs"}


def test_ready_fails_naming_the_dead_broker_and_the_silent_worker(client):
    with override_settings(**WITH_WORKERS, CELERY_BROKER_URL=DEAD):
        status, body = _ready(client)
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["broker"]["status"] == "fail"
    assert body["checks"]["worker"]["status"] == "fail"
    assert body["checks"]["database"]["status"] == "ok"
    assert "127.0.0.1" not in str(body)  # no addresses for anonymous callers


def test_ready_is_ok_with_a_broker_and_a_fresh_heartbeat(client, tmp_path):
    with own_redis(tmp_path) as server:
        _beat(seconds_ago=5)
        with override_settings(**WITH_WORKERS, CELERY_BROKER_URL=server.url):
            status, body = _ready(client)
            assert status == 200, body
            _beat(seconds_ago=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS + 5)
            status, body = _ready(client)
    assert status == 503
    assert body["checks"]["worker"]["status"] == "fail"
    assert "последний сигнал" in body["checks"]["worker"]["detail"]


def test_ready_fails_when_a_job_waits_too_long(client):
    """Any kind of job counts, a letter as much as a print: every one is an outbox row."""
    job = OutboxTask.objects.create(task="orgs.tasks.send_password_reset", args=[1])
    status, body = _ready(client)
    assert body["checks"]["jobs"]["status"] == "ok", body
    minutes = settings.JOB_QUEUE_MAX_AGE_MINUTES + 1
    OutboxTask.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )
    status, body = _ready(client)
    assert status == 503
    assert body["checks"]["jobs"]["status"] == "fail"
    assert f"{minutes} мин" in body["checks"]["jobs"]["detail"]
    OutboxTask.objects.filter(pk=job.pk).update(started_at=timezone.now())
    assert _ready(client)[1]["checks"]["jobs"]["status"] == "ok"


def test_a_dead_cache_degrades_but_does_not_fail_readiness(client):
    caches = {
        "default": {
            "BACKEND": "mentorship.cache.BreakerRedisCache",
            "LOCATION": DEAD,
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with override_settings(CACHES=caches, CELERY_TASK_ALWAYS_EAGER=True):
        status, body = _ready(client)
    assert status == 200
    assert body["status"] == "degraded"
    assert body["checks"]["cache"] == {
        "status": "fail",
        "required": False,
        "detail": "Redis кэша не отвечает: страницы строятся без кэша",
        "ms": body["checks"]["cache"]["ms"],
    }


def test_the_heartbeat_task_stamps_its_worker():
    worker_heartbeat.apply()
    assert WorkerHeartbeat.objects.get().seen_at > timezone.now() - datetime.timedelta(seconds=5)
    assert "ops-worker-heartbeat" in settings.CELERY_BEAT_SCHEDULE


# --- the start-up check -------------------------------------------------------------------


def _start(args, **env):
    clean = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "/dev/null",
        "SECRET_KEY": "start-up-check-" + "x" * 50,
        "STARTUP_WAIT_SECONDS": "0",
        **env,
    }
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


WRONG_DATABASE = f"postgres://portal:secret-pw@127.0.0.1:{free_port()}/mentorship"


def test_gunicorn_refuses_to_start_with_a_wrong_database_url():
    result = _start(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "mentorship.wsgi"]
        + ["-b", f"127.0.0.1:{free_port()}"],
        DATABASE_URL=WRONG_DATABASE,
    )
    assert result.returncode != 0
    assert "The portal's web process (gunicorn) cannot start" in result.stderr, result.stderr
    assert "check DATABASE_URL" in result.stderr
    assert "secret-pw" not in result.stderr


def test_the_worker_refuses_to_start_with_an_unreachable_redis(tmp_path):
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    else:
        env = {
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        }
    result = _start(
        [sys.executable, "-m", "celery", "-A", "mentorship", "worker", "--pool=solo"],
        REDIS_URL=f"redis://:secret-pw@127.0.0.1:{free_port()}/0",
        **env,
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "The portal's Celery worker cannot start" in output, output[-3000:]
    assert "check REDIS_URL" in output
    assert "secret-pw" not in output
