"""A request id in every log line and in the ``X-Request-ID`` response header, so one user's
«что-то пошло не так» can be found in the logs of the proxy, gunicorn and Django alike.

A sane incoming ``X-Request-ID`` (a proxy's, a load balancer's) is kept, anything else is
replaced: the id goes into log lines, which must not carry whatever a client invents."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
SANE = re.compile(r"[A-Za-z0-9._:-]{8,64}")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current() -> str:
    """The id of the request being served, the Celery task's id in a worker, or «-»."""
    value = _current.get()
    if value:
        return value
    try:
        from celery import current_task
    except ImportError:  # pragma: no cover — Celery is a dependency
        return "-"
    task_id = getattr(getattr(current_task, "request", None), "id", None)
    return f"task-{task_id}" if task_id else "-"


def accepted(incoming: str) -> str:
    return incoming if SANE.fullmatch(incoming or "") else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = accepted(request.headers.get(HEADER, ""))
        token = _current.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Gives every record a ``request_id`` attribute (the log formats print it)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            # Django logs a 4xx/5xx answer after the middleware returned; it passes the
            # request along, which carries the id.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "id", None) or current()
        return True
