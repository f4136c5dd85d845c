"""Health endpoints for load balancers, docker-compose and monitoring: JSON, no login, no
session, never cached."""

from __future__ import annotations

import os

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


def ping(request):
    """The trivial view: the benchmark compares every page with it, and a test's first
    request warms a session with it. It passes through every middleware like a page."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def live(request):
    """The process is up and serves requests; touches no database or Redis, so a restart
    is the only cure when it fails."""
    return JsonResponse({"status": "ok", "pid": os.getpid()})


@never_cache
@require_GET
def ready(request):
    """Every dependency, one by one: 200 when the portal can do all its work (also when
    only the cache is down: «degraded»), 503 otherwise."""
    status, results = health.readiness()
    body = {
        "status": status,
        "checks": {
            r.name: {
                "status": "ok" if r.ok else "fail",
                "required": r.required,
                "detail": r.detail,
                "ms": r.ms,
            }
            for r in results
        },
    }
    response = JsonResponse(body, status=503 if status == "fail" else 200)
    return response
