from celery import shared_task


@shared_task
def prune_tombstones() -> int:
    """Nightly (beat): forget the deleted rows older than ``API_TOMBSTONE_DAYS``. Idempotent:
    a repeated or missed run only deletes what is due."""
    from .changes import prune

    return prune()
