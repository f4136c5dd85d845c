"""A backup made by scripts/backup.sh restores into an empty database that the portal serves."""

import os
import subprocess
import sys
import uuid

import psycopg
import pytest
import redis
from django.db import connection
from django.db.models import F

from orgs.models import Organisation, StaffMember
from tests.services import (
    ROOT,
    database_url_of_test_database,
    redis_server,
    require_postgresql_and_redis,
)


def psql(sql: str, url: str) -> None:
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_that_the_portal_serves(cast, tmp_path):
    require_postgresql_and_redis()
    source_url = database_url_of_test_database()
    restored_name = f"restore_{uuid.uuid4().hex[:10]}"
    server_url = source_url.rsplit("/", 1)[0] + "/postgres"
    restored_url = source_url.rsplit("/", 1)[0] + f"/{restored_name}"
    env = {
        **os.environ,
        "DATABASE_URL": source_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        # The machine's shared Redis is never touched (the cache step has a test of its own).
        "REDIS_URL": "",
        "CACHE_URL": "",
    }
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "signed-order.pdf").write_bytes(b"%PDF-1.7 test")

    backup_dir = (
        subprocess.run(
            ["bash", "scripts/backup.sh", str(tmp_path / "backups")],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    psql(f'CREATE DATABASE "{restored_name}"', server_url)
    try:
        restored_media = tmp_path / "restored-media"
        subprocess.run(
            ["bash", "scripts/restore.sh", backup_dir],
            cwd=ROOT,
            check=True,
            env={**env, "DATABASE_URL": restored_url, "MEDIA_ROOT": str(restored_media)},
            capture_output=True,
        )
        assert (restored_media / "signed-order.pdf").read_bytes() == b"%PDF-1.7 test"
        probe = (
            "import django; django.setup();"
            "from django_scopes import scopes_disabled;"
            "from orgs.models import Organisation, StaffMember;"
            "from django.test import Client;"
            "from orgs.models import User;"
            "c = Client();"
            "c.force_login(User.objects.get(username='curator_a'));"
            "ctx = scopes_disabled(); ctx.__enter__();"
            "print(Organisation.objects.count(), StaffMember.objects.count());"
            f"ctx.__exit__(None, None, None);"
            f"r = c.get('/orgs/organisations/{cast.school_a.pk}/');"
            "print(r.status_code, 'Тадыева' in r.content.decode())"
        )
        result = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={
                **env,
                "DATABASE_URL": restored_url,
                "SECRET_KEY": "restore-test-" + "k" * 40,
                "ALLOWED_HOSTS": "testserver",
                "ENV_FILE": "/dev/null",
                "DEBUG": "on",  # static files without collectstatic
            },
        )
        assert result.returncode == 0, result.stderr
        counts, page = result.stdout.strip().splitlines()[-2:]
        assert counts == f"{Organisation.objects.count()} {StaffMember.objects.count()}"
        assert page == "200 True"
    finally:
        connection.close()
        psql(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)', server_url)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_restore_leaves_no_cached_page_of_the_data_it_replaced(cast, tmp_path):
    """The restored versions are past every version the replaced database reached, and the
    cache Redis loses its cached pages but not the task queues that may share it."""
    require_postgresql_and_redis()
    source_url = database_url_of_test_database()
    restored_name = f"restore_{uuid.uuid4().hex[:10]}"
    server_url = source_url.rsplit("/", 1)[0] + "/postgres"
    restored_url = source_url.rsplit("/", 1)[0] + f"/{restored_name}"
    env = {**os.environ, "DATABASE_URL": source_url, "MEDIA_ROOT": str(tmp_path / "media")}
    env.update(REDIS_URL="", CACHE_URL="")
    backup_dir = (
        subprocess.run(
            ["bash", "scripts/backup.sh", str(tmp_path / "backups")],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    # Work goes on after the backup: the live school's version grows far past the backup's.
    Organisation.objects.filter(pk=cast.school_a.pk).update(data_version=F("data_version") + 10**6)
    live_version = Organisation.objects.get(pk=cast.school_a.pk).data_version
    psql(f'CREATE DATABASE "{restored_name}"', server_url)
    try:
        with redis_server(tmp_path / "cache") as cache:
            store = redis.Redis.from_url(cache.url)
            store.set(":1:page:orgs/staff_list.html:7:20261206:abc", b"<html>old</html>")
            store.set(":1:memberships:7:42", b"[]")
            store.rpush("mentorship", b"a queued task message")
            result = subprocess.run(
                ["bash", "scripts/restore.sh", backup_dir],
                cwd=ROOT,
                env={**env, "DATABASE_URL": restored_url, "CACHE_URL": cache.url},
                capture_output=True,
                text=True,
            )
            assert result.returncode == 0, result.stderr
            assert "cache: 2 cached entries deleted" in result.stdout
            assert sorted(store.keys()) == [b"mentorship"]
        restored = psycopg.connect(restored_url)
        with restored, restored.cursor() as cursor:
            cursor.execute(
                "SELECT data_version FROM orgs_organisation WHERE id = %s", [cast.school_a.pk]
            )
            assert cursor.fetchone()[0] > live_version
    finally:
        connection.close()
        psql(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)', server_url)
