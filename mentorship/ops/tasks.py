"""The workers' heartbeat: beat sends this task every HEARTBEAT_SECONDS; whichever worker
takes it stamps its row (the readiness check wants one younger than a minute)."""

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(bind=True, ignore_result=True, expires=60)
def worker_heartbeat(self):
    WorkerHeartbeat.objects.update_or_create(
        worker=self.request.hostname or "eager", defaults={"seen_at": timezone.now()}
    )
