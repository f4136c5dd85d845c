"""Prometheus metrics at ``/metrics``: request rate, latency and 5xx by view; the background
jobs' queue depth, oldest wait and recent failures; the age of the workers' heartbeat.

prometheus-client itself rather than django-prometheus: the portal needs its own collectors
(jobs, heartbeat) and its own guard on the endpoint anyway, and django-prometheus's database
and cache metrics come through wrapper backends that would replace the cache's circuit
breaker (``mentorship.cache``). Under gunicorn the counters live in files shared by the
workers (``gunicorn.conf.py`` sets PROMETHEUS_MULTIPROC_DIR), so any worker answers for all.

The endpoint answers only a request with ``Authorization: Bearer <METRICS_TOKEN>`` or from an
address in METRICS_ALLOWED_IPS, and 404 to everyone else."""

from __future__ import annotations

import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from . import queue
from .models import WorkerHeartbeat

REQUESTS = Counter(
    "portal_http_requests",
    "HTTP requests by view, method and status code",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "portal_http_request_duration_seconds",
    "Time to answer a request, by view",
    ["view", "method"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def _view(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else "unresolved"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        view, method = _view(request), request.method
        LATENCY.labels(view, method).observe(time.perf_counter() - started)
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        return response


class OperationsCollector:
    """Read at each scrape, from the database: what waits, what failed, the heartbeat."""

    def collect(self):
        depth = GaugeMetricFamily(
            "portal_jobs_queued", "Background jobs waiting to be taken", labels=["kind"]
        )
        age = GaugeMetricFamily(
            "portal_jobs_oldest_queued_seconds",
            "How long the oldest waiting job has waited",
            labels=["kind"],
        )
        failed = GaugeMetricFamily(
            "portal_jobs_failed_recently",
            f"Jobs failed in the last {queue.FAILED_WINDOW.total_seconds() / 3600:.0f} h",
            labels=["kind"],
        )
        for q in queue.queues():
            depth.add_metric([q.kind], q.queued)
            age.add_metric([q.kind], q.oldest_age_seconds)
            failed.add_metric([q.kind], q.failed_recently)
        yield from (depth, age, failed)
        last = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
        heartbeat = GaugeMetricFamily(
            "portal_worker_heartbeat_age_seconds",
            "Seconds since a Celery worker last ran the heartbeat task (-1: never)",
        )
        heartbeat.add_metric([], (timezone.now() - last).total_seconds() if last else -1)
        yield heartbeat


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_IPS)


def metrics(request):
    if not _allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    operations = CollectorRegistry()
    operations.register(OperationsCollector())
    body = generate_latest(requests) + generate_latest(operations)
    response = HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
