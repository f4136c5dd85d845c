"""A backup made by scripts/backup.sh restores into an empty database that the portal serves."""

import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from orgs.models import Organisation, StaffMember
from tests.services import ROOT, database_url_of_test_database, require_postgresql_and_redis


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
    env = {**os.environ, "DATABASE_URL": source_url, "MEDIA_ROOT": str(tmp_path / "media")}
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
