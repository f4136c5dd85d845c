"""The background jobs that wait, read in one place: the readiness check and the metrics ask
here. Every job of the portal is a row of the transactional outbox (``orgs/outbox.py``), so
one grouped read covers documents, imports, mails, digests and summary refreshes alike.

Rows of every tenant are counted; only counts and ages leave this module."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from orgs.models import OutboxTask

# A failed job counts towards the alarm for this long.
FAILED_WINDOW = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Queue:
    kind: str
    queued: int
    oldest_queued_at: datetime.datetime | None
    failed_recently: int

    @property
    def oldest_age_seconds(self) -> float:
        if self.oldest_queued_at is None:
            return 0.0
        return max(0.0, (timezone.now() - self.oldest_queued_at).total_seconds())


def queues() -> list[Queue]:
    """Each kind of background job (its task's own name): how many wait to be taken, since when,
    how many gave up of late. One query over the pending rows and the last day's failures."""
    since = timezone.now() - FAILED_WINDOW
    waiting = Q(started_at__isnull=True, finished_at__isnull=True)
    failed = Q(finished_at__gte=since) & ~Q(error="")
    rows = (
        OutboxTask.objects.filter(waiting | failed)
        .values("task")
        .annotate(
            queued=Count("pk", filter=waiting),
            oldest=Min("created_at", filter=waiting),
            failed=Count("pk", filter=failed),
        )
        .order_by("task")
    )
    return [
        Queue(row["task"].rsplit(".", 1)[-1], row["queued"], row["oldest"], row["failed"])
        for row in rows
    ]


def oldest_queued_age_seconds() -> float:
    """How long the oldest job of any kind has waited to be taken (0 when none waits)."""
    return max((q.oldest_age_seconds for q in queues()), default=0.0)
