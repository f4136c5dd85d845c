"""Settings behave as documented: the embedded default, the services mode, production checks.

Each case runs in a fresh interpreter with a clean environment, as a deployment would."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LONG_KEY = "k" * 20 + "-production-like-secret-key-0123456789-abcdefghijklmnop"

PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]),
    "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "broker": s.CELERY_BROKER_URL,
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"].get("LOCATION", ""),
    "time_zone": s.TIME_ZONE,
    "language": s.LANGUAGE_CODE,
    "email": s.EMAIL_BACKEND,
    "database_options": s.DATABASES["default"].get("OPTIONS", {}),
}))
"""


def run(args, **env):
    clean = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "/dev/null",
        "DJANGO_SETTINGS_MODULE": "mentorship.settings",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(**env) -> dict:
    result = run(["-c", PROBE], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_embedded_default_is_sqlite_with_in_process_tasks():
    settings = probe(DEBUG="on")
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"] == str(ROOT / "db.sqlite3")
    assert settings["eager"] is True
    assert settings["cache"].endswith("LocMemCache")
    assert settings["time_zone"] == "Europe/Moscow"
    assert settings["language"] == "ru"
    assert settings["email"].endswith("console.EmailBackend")


def test_services_mode_uses_postgresql_redis_and_real_workers():
    settings = probe(
        SECRET_KEY=LONG_KEY,
        DATABASE_URL="postgres://portal@db.internal:5432/mentorship",
        REDIS_URL="redis://cache.internal:6379/1",
        TIME_ZONE="Asia/Novosibirsk",
        EMAIL_URL="smtp://mailer.internal:25",
    )
    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["name"] == "mentorship"
    assert settings["eager"] is False
    assert settings["broker"] == "redis://cache.internal:6379/1"
    assert settings["cache"] == "mentorship.cache.BreakerRedisCache"
    assert settings["cache_location"] == "redis://cache.internal:6379/1"
    assert settings["time_zone"] == "Asia/Novosibirsk"
    assert settings["email"].endswith("smtp.EmailBackend")


def test_prepared_statements_can_be_turned_off_for_a_pooler_that_cannot_keep_them():
    services = {"SECRET_KEY": LONG_KEY, "DATABASE_URL": "postgres://portal@db.internal/m"}
    assert probe(**services)["database_options"] == {
        "server_side_binding": True,
        "prepare_threshold": 2,
    }
    assert probe(**services, DATABASE_PREPARED_STATEMENTS="off")["database_options"] == {}


def test_the_cache_can_live_apart_from_the_task_queues():
    settings = probe(
        SECRET_KEY=LONG_KEY,
        DATABASE_URL="postgres://portal@db.internal:5432/mentorship",
        REDIS_URL="redis://queues.internal:6379/0",
        CACHE_URL="redis://cache.internal:6379/0",
    )
    assert settings["broker"] == "redis://queues.internal:6379/0"
    assert settings["cache_location"] == "redis://cache.internal:6379/0"


def test_production_without_a_secret_key_refuses_to_start_with_a_clear_message():
    result = run(["-c", PROBE])
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_commands_that_sign_nothing_run_without_the_secret_and_the_rest_still_refuse():
    checked = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
    served = run(["manage.py", "migrate", "--check"])
    assert served.returncode != 0
    assert "SECRET_KEY is not set" in served.stderr


def test_the_deployment_check_is_clean_with_https_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=LONG_KEY,
        HTTPS="on",
        ALLOWED_HOSTS="portal.example.ru",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
