"""What a regional system keeping a copy in step learns besides ``updated_since``: which rows
were deleted, and that a row changed when a part the API shows inside it did.

Every model behind a list of the router gets a tombstone when one of its rows is deleted
(however: a service, the admin, a cascade), and ``GET /api/v1/<list>/deleted/?since=…``
answers those tombstones. A list declares the models shown inside its rows in
``sync_parts`` (e.g. a plan's activities), and a change or deletion of such a part moves the
row's ``updated_at``. Both are connected once at start-up from the router, so a new list is
covered without a line of its own."""

import datetime

from django.conf import settings
from django.db.models import signals
from django.utils import timezone

from .models import Tombstone

# A tenant key no scope lists: the row had no place at this level although its model
# restricts by it (a municipality's own document, which a school does not see), so only an
# unrestricted scope of that level reads its tombstone.
NOWHERE = 0
LEVELS = ("region", "municipality", "organisation")


def _value(row, path: str):
    *hops, last = path.split("__")
    for hop in hops:
        row = getattr(row, hop, None)
        if row is None:
            return None
    field = row._meta.get_field(last)
    return row.pk if field.primary_key else getattr(row, field.attname)


def place_of(row) -> dict | None:
    """The row's tenant keys as its model's manager reads them, or None for a model outside
    the tenant tree."""
    manager = type(row)._default_manager
    dimensions = getattr(manager, "tenant_dimensions", None)
    if not dimensions:
        return None
    shared = manager.get_queryset()._shared_dimensions
    keys = {}
    for level in LEVELS:
        value = _value(row, dimensions[level]) if level in dimensions else None
        if value is None and level in dimensions and level not in shared:
            value = NOWHERE
        keys[f"{level}_id"] = value
    return keys if keys["region_id"] else None


def write_tombstone(sender, instance, **kwargs) -> None:
    place = place_of(instance)
    if place is not None:
        Tombstone.objects.create(model=sender._meta.label_lower, object_id=instance.pk, **place)


def kept_since(now: datetime.datetime | None = None) -> datetime.datetime:
    """The oldest moment whose deletions are all still known: tombstones are kept
    ``API_TOMBSTONE_DAYS``, and a sync asking about an earlier moment must re-read the list
    whole instead (``deleted/`` answers 410)."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.API_TOMBSTONE_DAYS)


def prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the tombstones older than the kept window; the number deleted."""
    deleted, _ = Tombstone._base_manager.filter(deleted_at__lt=kept_since(now)).delete()
    return deleted


def part_changed(parent: str):
    """A receiver that moves the ``updated_at`` of the row a part belongs to (``parent`` is
    the part's field naming it)."""

    def touch(sender, instance, **kwargs) -> None:
        field = sender._meta.get_field(parent)
        parent_id = getattr(instance, field.attname)
        if parent_id is not None:
            # An update of the one row, as ``auto_now`` would write it; no save() signals.
            field.related_model._base_manager.filter(pk=parent_id).update(updated_at=timezone.now())

    return touch


def listed_models(router) -> list:
    return [
        viewset.queryset.model
        for _, viewset, _ in router.registry
        if hasattr(viewset, "list") and viewset.queryset is not None
    ]


def connect(router) -> None:
    for model in listed_models(router):
        uid = f"api-tombstone:{model._meta.label_lower}"
        signals.post_delete.connect(write_tombstone, sender=model, dispatch_uid=uid)
    for _, viewset, _ in router.registry:
        for part, parent in getattr(viewset, "sync_parts", {}).items():
            receiver = part_changed(parent)
            uid = f"api-part:{part._meta.label_lower}"
            signals.post_save.connect(receiver, sender=part, weak=False, dispatch_uid=uid)
            signals.post_delete.connect(receiver, sender=part, weak=False, dispatch_uid=uid)
