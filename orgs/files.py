"""Stored files are never overwritten in place nor deleted at once.

A replaced or withdrawn file is *discarded*: recorded in the write's transaction and deleted
by a nightly task once ``MEDIA_DISCARD_GRACE_HOURS`` have passed. Meanwhile a new upload of
the same name gets a name of its own (the storage never reuses a name that exists). So a
backup (the database dumped first, the media archived after: README, «Backups and restore»)
always finds in its archive every file its dump names, however long it runs within the grace.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from .models import DiscardedFile

logger = logging.getLogger(__name__)


def discard(name: str) -> None:
    """The file ``name`` (of the default storage) is no longer named by the row being
    written; delete it after the grace period. Rolled back with the write."""
    if name:
        DiscardedFile.objects.create(name=name)


def purge_discarded(*, now: datetime.datetime | None = None) -> int:
    """Delete the discarded files whose grace period has passed; the number deleted."""
    now = now or timezone.now()
    due = DiscardedFile.objects.filter(
        discarded_at__lt=now - datetime.timedelta(hours=settings.MEDIA_DISCARD_GRACE_HOURS)
    )
    deleted = []
    for row in due.only("pk", "name").iterator():
        try:
            default_storage.delete(row.name)
        except OSError as error:  # kept for the next night
            logger.warning("discarded file %s not deleted: %s", row.name, error)
            continue
        deleted.append(row.pk)
    DiscardedFile.objects.filter(pk__in=deleted).delete()
    return len(deleted)
