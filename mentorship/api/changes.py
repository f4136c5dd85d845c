"""What a regional system keeping a copy in step learns besides ``updated_since``: which rows
were deleted, and that a row changed when a part the API shows inside it did.

Every model behind a list of the router gets a tombstone when one of its rows is deleted
(however: a service, the admin, a queryset, a cascade), and ``GET /api/v1/<list>/deleted/
?since=…`` answers those tombstones. A list declares the models shown inside its rows in
``sync_parts`` (e.g. a plan's activities), and a change or deletion of such a part moves the
row's ``updated_at``. Both are connected once at start-up from the router, so a new list is
covered without a line of its own.

Deletions are recorded where Django deletes, in its deletion collector, one INSERT per model
however many rows go (a programme's hundreds of pairs with their plans and log)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import signals
from django.db.models.deletion import Collector
from django.utils import timezone

from pairs.models import PairMember

from .models import Tombstone, TombstoneReader

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


def _levels(model) -> tuple[tuple[str, str | None, bool], ...] | None:
    """Per level: the path of the model's tenant key there (None: not restricted there) and
    whether an empty key is shared from above; None for a model outside the tenant tree."""
    manager = model._default_manager
    dimensions = getattr(manager, "tenant_dimensions", None)
    if not dimensions:
        return None
    shared = manager.get_queryset()._shared_dimensions
    return tuple((level, dimensions.get(level), level in shared) for level in LEVELS)


def _place(levels, values) -> dict | None:
    keys = {}
    for (level, path, shared), value in zip(levels, values, strict=True):
        if value is None and path is not None and not shared:
            value = NOWHERE
        keys[f"{level}_id"] = value
    return keys if keys["region_id"] else None


# What connect() found in the router: the listed models (with their tenant key paths), the
# parts shown inside a listed row (with the field naming that row), and the lists that
# members of a pair read wherever the pair is (with the path from a row to its pair).
_LISTED: dict[type, tuple] = {}
_PARTS: dict[type, str] = {}
_OWN_PAIRS: dict[type, str] = {}
read_by_members = _OWN_PAIRS.keys()
_MODELS: dict[str, type] = {}


class _Deletion:
    """What one deletion (a row or a queryset, with everything its cascade takes) removes
    that a sync must learn, read before the rows go: the listed rows with their places, and
    the rows whose parts go, and the members of the pairs of rows a member reads (a network
    mentor from another school sees the pair, so they see it go). Rows loaded for the
    deletion are read as loaded; rows Django deletes without loading them (its fast delete
    of a queryset), with one query each; the pairs' members with one query in all."""

    def __init__(self, collector):
        self.rows: dict[type, dict[int, dict]] = {}
        self.parents: dict[type, set] = {}
        self.pairs: dict[tuple[type, int], int] = {}
        for model, instances in collector.data.items():
            self._gather(model, instances, loaded=True)
        for queryset in collector.fast_deletes:
            self._gather(queryset.model, queryset, loaded=False)
        self.members = _members(set(self.pairs.values()))

    def __bool__(self) -> bool:
        return bool(self.rows or self.parents)

    def _gather(self, model, rows, *, loaded: bool) -> None:
        levels = _LISTED.get(model)
        if levels is not None:
            paths = [path for _, path, _ in levels if path]
            own = _OWN_PAIRS.get(model)
            if own is not None:
                paths.append(own)
            if loaded and _readable(rows, paths):
                found = [(row.pk, *(_value(row, path) for path in paths)) for row in rows]
            else:
                if loaded:
                    rows = model._base_manager.filter(pk__in=[row.pk for row in rows])
                found = rows.values_list("pk", *paths)
            places = self.rows.setdefault(model, {})
            for pk, *keys in found:
                values = iter(keys)
                place = _place(levels, [next(values) if path else None for _, path, _ in levels])
                if place is not None:
                    places[pk] = place
                if own is not None and (pair := next(values)) is not None:
                    self.pairs[(model, pk)] = pair
        parent = _PARTS.get(model)
        if parent is not None:
            field, top, lookup = part_path(model, parent)
            if loaded and _readable(rows, [field.name]):
                ids = [getattr(row, field.attname) for row in rows]
            else:
                if loaded:
                    rows = model._base_manager.filter(pk__in=[row.pk for row in rows])
                ids = rows.values_list(field.attname, flat=True)
            ids = {i for i in ids if i is not None}
            if ids and lookup != "pk":
                # Walked back from the row while the parts between are still there.
                ids = set(
                    top._base_manager.filter(**{f"{lookup}__in": ids}).values_list("pk", flat=True)
                )
            self.parents.setdefault(top, set()).update(ids)

    def write(self, using: str) -> None:
        now = timezone.now()
        tombstones = [
            Tombstone(model=model._meta.label_lower, object_id=pk, deleted_at=now, **place)
            for model, places in self.rows.items()
            for pk, place in places.items()
        ]
        Tombstone._base_manager.db_manager(using).bulk_create(tombstones, batch_size=1000)
        readers = [
            TombstoneReader(tombstone=tombstone, staff_id=staff_id)
            for tombstone in tombstones
            if (pair := self.pairs.get((_MODELS[tombstone.model], tombstone.object_id)))
            for staff_id in self.members.get(pair, ())
        ]
        TombstoneReader._base_manager.db_manager(using).bulk_create(readers, batch_size=1000)
        for model, ids in self.parents.items():
            # The rows whose parts went changed; a row deleted with its parts matches nothing.
            model._base_manager.db_manager(using).filter(pk__in=ids).update(updated_at=now)


def _readable(rows, paths) -> bool:
    """The rows as loaded hold these keys: Django loads a cascade's rows with only the
    fields it needs when no receiver waits for them, and reading a deferred key (or a key
    across a relation) would cost a query per row."""
    if any("__" in path for path in paths):
        return False
    first = next(iter(rows), None)
    if first is None:
        return True
    deferred = first.get_deferred_fields()
    return not any(first._meta.get_field(path).attname in deferred for path in paths)


def _members(pair_ids: set[int]) -> dict[int, set[int]]:
    """The staff ids of the pairs' mentors and mentees, by pair (read before they go)."""
    if not pair_ids:
        return {}
    found: dict[int, set[int]] = {}
    rows = PairMember._base_manager.filter(pair__in=pair_ids).values_list("pair_id", "staff_id")
    for pair_id, staff_id in rows:
        found.setdefault(pair_id, set()).add(staff_id)
    return found


_django_delete = Collector.delete


def _delete_and_record(collector):
    """``Collector.delete``, the one way Django deletes rows (a row's ``delete()``, a
    queryset's, the admin's, every cascade), plus the tombstones and part changes of what
    it deletes, in the same transaction and one query per model. A receiver per deleted row
    would cost an INSERT per row and stop Django's fast delete of the rows' querysets."""
    deletion = _Deletion(collector)
    if not deletion:
        return _django_delete(collector)
    with transaction.atomic(using=collector.using, savepoint=False):
        deleted = _django_delete(collector)
        deletion.write(collector.using)
    return deleted


def kept_since(now: datetime.datetime | None = None) -> datetime.datetime:
    """The oldest moment whose deletions are all still known: tombstones are kept
    ``API_TOMBSTONE_DAYS``, and a sync asking about an earlier moment must re-read the list
    whole instead (``deleted/`` answers 410)."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.API_TOMBSTONE_DAYS)


def prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the tombstones older than the kept window; the number deleted."""
    deleted, _ = Tombstone._base_manager.filter(deleted_at__lt=kept_since(now)).delete()
    return deleted


def part_path(model, parent: str):
    """A part's way to the row it belongs to: its own field naming the next step, the row's
    model, and the lookup from the row back to that step ("pk" when the field names the row
    itself). ``parent`` is a field, or a path through parts without a moment of their own (a
    road map's item: ``section__road_map``)."""
    first, *rest = parent.split("__")
    hops = [model._meta.get_field(first)]
    for name in rest:
        hops.append(hops[-1].related_model._meta.get_field(name))
    lookup = "__".join(hop.related_query_name() for hop in reversed(hops[1:])) or "pk"
    return hops[0], hops[-1].related_model, lookup


def part_changed(parent: str):
    """A receiver that moves the ``updated_at`` of the row a saved part belongs to
    (``parent``: see ``part_path``); deletions are recorded by the collector."""

    def touch(sender, instance, **kwargs) -> None:
        field, top, lookup = part_path(sender, parent)
        step = getattr(instance, field.attname)
        if step is not None:
            # An update of the one row, as ``auto_now`` would write it; no save() signals.
            top._base_manager.filter(**{lookup: step}).update(updated_at=timezone.now())

    return touch


def listed_models(router) -> list:
    return [
        viewset.queryset.model
        for _, viewset, _ in router.registry
        if hasattr(viewset, "list") and viewset.queryset is not None
    ]


def connect(router) -> None:
    for model in listed_models(router):
        levels = _levels(model)
        if levels is not None:
            _LISTED[model] = levels
            _MODELS[model._meta.label_lower] = model
    for _, viewset, _ in router.registry:
        if getattr(viewset, "own_pairs", None) and viewset.queryset is not None:
            _OWN_PAIRS[viewset.queryset.model] = viewset.own_pairs
    for _, viewset, _ in router.registry:
        for part, parent in getattr(viewset, "sync_parts", {}).items():
            _PARTS[part] = parent
            receiver = part_changed(parent)
            uid = f"api-part:{part._meta.label_lower}"
            signals.post_save.connect(receiver, sender=part, weak=False, dispatch_uid=uid)
    # Django's collector has no hook around its deletion; this is the one place it is
    # extended (the method it wraps is kept as _django_delete).
    Collector.delete = _delete_and_record
