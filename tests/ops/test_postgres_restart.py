"""PostgreSQL restarted under a running portal: the next request reconnects by itself
(persistent connections with health checks), no restart of the portal needed."""

import urllib.request

import pytest
from django.db import connection
from django.urls import reverse

from tests.services import gunicorn_server, wait_for


def fetch(url: str, session: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def server_backends() -> int:
    """Connections to this test database other than the test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def terminate_server_backends() -> None:
    """What a PostgreSQL restart does to the portal: its connections are cut."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.mark.django_db(transaction=True)
def test_the_portal_reconnects_after_postgresql_cut_its_connections(client, cast):
    client.force_login(cast.curator_a)
    session = client.cookies["sessionid"].value
    with gunicorn_server() as base:
        url = base + reverse("orgs:staff_list", args=[cast.school_a.pk])
        assert fetch(url, session) == 200
        assert server_backends() >= 1  # the server kept its connection open (CONN_MAX_AGE)
        terminate_server_backends()
        wait_for(lambda: server_backends() == 0, timeout=10)
        assert fetch(url, session) == 200
        assert fetch(url, session) == 200
