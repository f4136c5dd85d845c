"""Background work of the pairs app. Tasks take ids, re-read what they need and are safe to
run twice."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from orgs import outbox
from orgs.outbox import OutboxJob

from . import digest, services


@shared_task
def queue_weekly_digests() -> int:
    """Celery beat, once a week: one task per recipient."""
    week = digest.week_of(timezone.localdate()).isoformat()
    ids = digest.recipients()
    with transaction.atomic():
        for user_id in ids:
            outbox.enqueue(
                send_weekly_digest, user_id, week, key=f"digest:{user_id}:{week}", unique=True
            )
    return len(ids)


@shared_task(base=OutboxJob, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_weekly_digest(user_id: int, week: str) -> bool:
    return services.weekly_digest_send(user_id=user_id, week=week)
