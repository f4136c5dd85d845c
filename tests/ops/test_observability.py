"""What an operator reads: a request id in every log line and response, JSON log lines in
production, and Prometheus metrics at /metrics for a token or an allowed address only."""

from __future__ import annotations

import datetime
import io
import json
import logging
import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mentorship.ops.logs import JsonFormatter, formatter
from mentorship.ops.request_id import RequestIdFilter
from orgs.models import OutboxTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The JSON lines Django's request logger writes, through the production handler set-up."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_every_answer_carries_a_request_id_and_its_log_lines_too(client, log_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="proxy-4f2a9c1e")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "proxy-4f2a9c1e"
    (line,) = log_lines()
    assert line["request_id"] == "proxy-4f2a9c1e"
    assert line["level"] == "WARNING" and "/no-such-page/" in line["message"]


@pytest.mark.parametrize("incoming", ["", "short", "x" * 65, "a b c d e f", "id\nforged-line"])
def test_an_insane_incoming_request_id_is_replaced(client, incoming):
    response = client.get(reverse("health:live"), HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_two_requests_get_two_ids(client):
    first = client.get(reverse("health:live"))["X-Request-ID"]
    assert client.get(reverse("health:live"))["X-Request-ID"] != first


def test_production_logs_are_one_json_object_per_line():
    record = logging.LogRecord("portal", logging.ERROR, __file__, 1, "сбой %s", ("печати",), None)
    RequestIdFilter().filter(record)
    line = formatter("json").format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "сбой печати" and entry["request_id"] == "-"
    assert set(entry) >= {"time", "level", "logger", "message", "request_id"}
    assert "[-] сбой печати" in formatter("text").format(record)


# --- /metrics ----------------------------------------------------------------------------


def test_metrics_answer_404_without_the_token_or_an_allowed_address(client):
    assert client.get("/metrics").status_code == 404
    with override_settings(METRICS_TOKEN="right-token"):
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
        assert client.get("/metrics").status_code == 404
    with override_settings(METRICS_ALLOWED_IPS=["10.0.0.0/8"]):
        assert client.get("/metrics", REMOTE_ADDR="192.168.1.5").status_code == 404
        assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_metrics_show_requests_by_view_and_the_job_queues(client, cast):
    client.get(reverse("health:live"))
    client.get("/no-such-page/")
    # One staff list waits to be parsed; one print gave up an hour ago.
    OutboxTask.objects.create(task="orgs.tasks.import_parse", args=[1])
    OutboxTask.objects.create(
        task="documents.tasks.render_document",
        args=[2],
        started_at=timezone.now() - datetime.timedelta(hours=1),
        finished_at=timezone.now() - datetime.timedelta(hours=1),
        error="RuntimeError()",
    )
    with override_settings(METRICS_TOKEN="right-token"):
        response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer right-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert re.search(
        r'portal_http_requests_total\{method="GET",status="200",view="health:live"\} [1-9]', text
    )
    assert 'status="404",view="unresolved"' in text
    assert 'portal_http_request_duration_seconds_bucket{le="0.025",method="GET"' in text
    assert 'portal_jobs_queued{kind="import_parse"} 1.0' in text
    assert 'portal_jobs_oldest_queued_seconds{kind="import_parse"}' in text
    assert 'portal_jobs_failed_recently{kind="render_document"} 1.0' in text
    assert 'portal_jobs_queued{kind="render_document"} 0.0' in text
    assert "portal_worker_heartbeat_age_seconds -1.0" in text


@pytest.mark.postgresql("the server under gunicorn runs on PostgreSQL (tests/services.py)")
@pytest.mark.django_db(transaction=True)
def test_under_gunicorn_any_worker_answers_for_all_of_them(monkeypatch):
    from tests.services import gunicorn_server

    monkeypatch.setenv("METRICS_TOKEN", "gunicorn-token")
    with gunicorn_server(workers=2) as base:

        def answering_pid(_) -> int:
            with urllib.request.urlopen(f"{base}/health/live", timeout=10) as response:
                return json.load(response)["pid"]

        # Eight at a time, so that a busy worker leaves requests to the other one, until both
        # have answered: one idle sync worker may otherwise take every request in turn.
        ids, made = set(), 0
        with ThreadPoolExecutor(8) as pool:
            while len(ids) < 2 and made < 400:
                ids |= set(pool.map(answering_pid, range(8)))
                made += 8
        request = urllib.request.Request(
            f"{base}/metrics", headers={"Authorization": "Bearer gunicorn-token"}
        )
        counts = []
        for _ in range(4):
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
            found = re.search(r'status="200",view="health:live"\} (\d+)', text)
            counts.append(int(float(found.group(1))) if found else 0)
    assert len(ids) == 2, "both workers answered"
    assert counts == [made] * 4, counts
