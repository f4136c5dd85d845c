"""The background jobs that wait, read in one place: the readiness check and the metrics ask
here, so a new kind of job (or one outbox table for all of them) changes only this module.

Jobs of every tenant are counted: the base manager reads past the tenant scope, and only
counts and ages leave this module."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from documents.models import RenderJob
from orgs.models import ImportJob

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


def _queue(kind: str, model, queued_status: str, failed_status: str) -> Queue:
    since = timezone.now() - FAILED_WINDOW
    row = model._base_manager.aggregate(
        queued=Count("pk", filter=Q(status=queued_status)),
        oldest=Min("created_at", filter=Q(status=queued_status)),
        failed=Count("pk", filter=Q(status=failed_status, created_at__gte=since)),
    )
    return Queue(kind, row["queued"], row["oldest"], row["failed"])


def queues() -> list[Queue]:
    """Each kind of background job: how many wait, since when, how many failed of late."""
    return [
        _queue("documents", RenderJob, RenderJob.Status.QUEUED, RenderJob.Status.FAILED),
        _queue("imports", ImportJob, ImportJob.Status.QUEUED, ImportJob.Status.FAILED),
    ]


def oldest_queued_age_seconds() -> float:
    """How long the oldest job of any kind has waited to be taken (0 when none waits)."""
    return max((q.oldest_age_seconds for q in queues()), default=0.0)
