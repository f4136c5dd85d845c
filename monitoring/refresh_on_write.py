"""On the embedded default (no Redis, so no Celery beat) the overview summaries of the
municipality a write touched are recomputed when that write commits, so that no page shows
figures older than the data. With Celery the beat refreshes them on its schedule instead.

Django's signals see ``save()`` and ``delete()``: a ``QuerySet.update()`` or ``bulk_create``
is not seen here, and its figures wait for the next write or «Обновить сейчас»."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from .services import SUMMARIES


def _municipality_of(instance) -> tuple[int, int] | None:
    """(region, municipality) of a tenant row, or None for rows of no municipality."""
    region = getattr(instance, "region_id", None)
    municipality = getattr(instance, "municipality_id", None)
    if municipality is None:
        from orgs.models import Municipality, Organisation

        if isinstance(instance, Municipality):
            return instance.region_id, instance.pk
        if isinstance(instance, Organisation):
            return instance.region_id, instance.municipality_id
        return None
    return region, municipality


def _pending() -> set[tuple[int, int]]:
    """The municipalities written to in the current transaction, with their flush
    registered once: if the transaction rolled back, its callback is gone and so is the
    set."""
    pending = getattr(connection, "_overview_pending", None)
    registered = pending is not None and any(
        callback is _flush for _, callback, _ in connection.run_on_commit
    )
    if not registered or not connection.in_atomic_block:
        pending = set()
        connection._overview_pending = pending
    return pending


def _flush() -> None:
    from orgs.schoolyear import SchoolYear

    from .services import overview_summary_refresh

    pending = getattr(connection, "_overview_pending", set())
    connection._overview_pending = None
    year = SchoolYear.containing().start_year
    for region_id, municipality_id in sorted(pending):
        overview_summary_refresh(
            region_id=region_id, school_year=year, municipality_id=municipality_id
        )


def _written(sender, instance, **kwargs) -> None:
    place = _municipality_of(instance)
    if place is None or None in place:
        return
    pending = _pending()
    first = not pending
    pending.add(place)
    if first:
        # robust: a failed refresh is logged and leaves the summaries as they were, the
        # write itself has committed and must not turn into an error page.
        transaction.on_commit(_flush, robust=True)


def connect(*, force: bool = False) -> None:
    """Called by the app's ready(): only where no beat refreshes the summaries."""
    if not (force or settings.OVERVIEW_REFRESH_ON_WRITE):
        return
    # Per tenant model, not for every sender: a receiver on all models would make Django
    # load every row a QuerySet.delete() removes just to signal it.
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if model in SUMMARIES or not names & {"organisation", "municipality"}:
            continue
        post_save.connect(_written, sender=model, dispatch_uid=f"overview-save-{model._meta.label}")
        post_delete.connect(
            _written, sender=model, dispatch_uid=f"overview-delete-{model._meta.label}"
        )


def disconnect() -> None:
    for model in apps.get_models():
        post_save.disconnect(sender=model, dispatch_uid=f"overview-save-{model._meta.label}")
        post_delete.disconnect(sender=model, dispatch_uid=f"overview-delete-{model._meta.label}")
