"""Celery application. Broker and result backend come from settings (REDIS_URL)."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")

app = Celery("mentorship")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _refuse_to_start_without_services(**kwargs):
    """A worker that cannot reach its database or Redis says so and exits, rather than
    sitting idle (mentorship/ops/startup.py)."""
    from mentorship.ops.startup import require_services

    require_services("Celery worker")


@worker_ready.connect
def _sweep_the_outbox_at_start(**kwargs):
    """A worker that starts (after a crash, a deployment, a broker outage) first sends every
    task that is queued and not taken (orgs.outbox.sweep), as a task of its own: the pool
    process runs it, the main process opens no database connection to fork."""
    app.send_task("orgs.tasks.outbox_sweep", kwargs={"at_start": True})


@after_setup_logger.connect
@after_setup_task_logger.connect
def _portal_log_lines(logger, **kwargs):
    """The worker's lines as the web's: JSON in production, each with the task's id."""
    from django.conf import settings

    from mentorship.ops.logs import formatter
    from mentorship.ops.request_id import RequestIdFilter

    for handler in logger.handlers:
        handler.addFilter(RequestIdFilter())
        handler.setFormatter(formatter(settings.LOG_FORMAT))
