"""The start-up check: the web process and the worker refuse to start when their database
or Redis cannot be reached, with one plain message, instead of starting a half-working
portal (a worker that takes no job, a web process that answers 500 to every page).

Run by gunicorn's arbiter once before it forks its workers (``gunicorn.conf.py``: a worker
recycled later never re-runs it, so a brief database blip cannot stop the site) and by the
Celery worker as it starts (``mentorship/celery.py``)."""

from __future__ import annotations

import os
import sys
import time
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.db import connection

# A service still starting up (docker-compose starts everything together) gets this long.
WAIT_SECONDS = float(os.environ.get("STARTUP_WAIT_SECONDS", "30"))


def _where(url: str) -> str:
    """An address without its password, for the message."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _database() -> str | None:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 — any failure is the message
        settings_dict = connection.settings_dict
        where = f"{settings_dict.get('HOST') or 'localhost'}:{settings_dict.get('PORT') or ''}"
        return (
            f"database {settings_dict.get('NAME')} at {where} is unreachable "
            f"({type(error).__name__}: {str(error).strip().splitlines()[0][:200]}); "
            "check DATABASE_URL"
        )
    finally:
        connection.close()
    return None


def _redis(url: str, variable: str) -> str | None:
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        return f"Redis at {_where(url)} is unreachable ({error}); check {variable}"
    finally:
        client.close()
    return None


def problems() -> list[str]:
    """What is missing now; empty when everything configured answers."""
    found = []
    if error := _database():
        found.append(error)
    if settings.REDIS_URL and (error := _redis(settings.REDIS_URL, "REDIS_URL")):
        found.append(error)
    separate_cache = settings.CACHE_URL and settings.CACHE_URL != settings.REDIS_URL
    if separate_cache and (error := _redis(settings.CACHE_URL, "CACHE_URL")):
        found.append(error)
    return found


def require_services(process: str, wait: float | None = None) -> None:
    """Return when every configured service answers; retry for ``wait`` seconds
    (STARTUP_WAIT_SECONDS), then print what is missing and exit with status 1."""
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    while found := problems():
        if time.monotonic() >= deadline:
            lines = "\n".join(f"  - {line}" for line in found)
            sys.stderr.write(f"The portal's {process} cannot start:\n{lines}\n")
            sys.stderr.flush()
            raise SystemExit(1)
        time.sleep(2)
