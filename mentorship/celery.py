"""Celery application. Broker and result backend come from settings (REDIS_URL)."""

import os

from celery import Celery
from celery.signals import worker_init

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
