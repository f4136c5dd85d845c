"""The one scoping layer: who may see which rows of the shared schema.

Every tenant-owned model declares its tenant keys (region, municipality, organisation) through
``TenantManager``. A request runs inside the user's scope (see ``orgs.middleware``): its
queries are filtered by those keys automatically, and reading rows outside any scope raises
``ScopeError`` instead of silently reading every tenant.

The scope state, ``scope()``/``scopes_disabled()`` and ``ScopeError`` come from django-scopes.
Its ``ScopedManager`` refuses to even *build* a queryset outside a scope, which breaks
ModelForm, django-filter and DRF field declarations at import time; ``TenantManager`` guards
*reading* instead, and re-scopes querysets that are cloned inside a request.

A scope has three dimensions that are combined with AND. ``None`` in a dimension means "not
restricted there" (a regional coordinator is restricted by region only); an empty list means
"nothing". A person with memberships at several levels gets the union of what each grants:
the coarser memberships are expanded into ids of the finer level, so the AND of the three
dimensions still describes exactly that union.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Q, prefetch_related_objects
from django.db.models.query import get_related_populators
from django_scopes import ScopeError, get_scope, scope, scopes_disabled

__all__ = [
    "AuditPlace",
    "PlaceOwned",
    "compiled_list",
    "compiled_objects",
    "compiled_rows",
    "TenantScope",
    "TenantManager",
    "TenantOwned",
    "tenant_scope",
    "scopes_disabled",
    "widened_scope",
    "scope_for_memberships",
]


# A place: (region, municipality, organisation) ids; None below the place's own level.
Place = tuple[int, int | None, int | None]
DIMENSIONS = ("region", "municipality", "organisation")


class _Unscoped:
    """Marker: a scope is active but lacks some of the model's dimensions."""

    def __init__(self, missing: set[str]):
        self.missing = missing


def _scope_filter(dimensions: dict[str, str], shared: frozenset = frozenset()) -> Q | _Unscoped:
    """The filter the active scope imposes on a model with these dimensions. A dimension in
    ``shared`` also lets through rows where it is empty: rows of the place above, which every
    place below it reads (a municipality's road map and campaigns, a region's templates)."""
    current = get_scope()
    if not current.get("_enabled", True):
        return Q()
    missing = set(dimensions) - set(current)
    if missing:
        return _Unscoped(missing)
    condition = Q()
    for dimension, field in dimensions.items():
        value = current[dimension]
        if isinstance(value, list | tuple | frozenset | set):
            allowed = Q(**{f"{field}__in": list(value)})
        elif value is not None:
            allowed = Q(**{field: value})
        else:
            continue
        if dimension in shared:
            allowed |= Q(**{f"{field}__isnull": True})
        condition &= allowed
    if not condition:  # nothing restricted: the places below add nothing
        return condition
    for place in current.get("_also", ()):
        condition |= _place_filter(place, dimensions, shared)
    return condition


def _place_filter(place: tuple, dimensions: dict[str, str], shared: frozenset) -> Q:
    """The rows of one place a scope was widened to (``widened_scope``): all of it below its
    own level, and the shared rows above it."""
    condition = Q()
    for dimension, field in dimensions.items():
        value = place[DIMENSIONS.index(dimension)]
        if value is None:
            continue
        allowed = Q(**{field: value})
        if dimension in shared:
            allowed |= Q(**{f"{field}__isnull": True})
        condition &= allowed
    return condition


def _scope_key() -> tuple:
    """A hashable picture of the active scope, to tell one request's scope from another's."""
    current = get_scope()
    if not current.get("_enabled", True):
        return ("unrestricted",)
    return tuple(
        sorted(
            (
                name,
                tuple(sorted(value, key=repr))
                if isinstance(value, list | tuple | set | frozenset)
                else value,
            )
            for name, value in current.items()
            if name != "_enabled"
        )
    )


def _evaluating(name: str):
    """Wrap a QuerySet method that reads rows with ``self._before_evaluation()``."""

    def method(self, *args, **kwargs):
        target = self._before_evaluation()
        return getattr(super(BoundToScope, target), name)(*args, **kwargs)

    method.__name__ = name
    return method


def _writing(name: str):
    """Wrap a QuerySet method that writes rows: like a read, and never to the shared rows of
    a place above the scope, which the scope may only read."""

    def method(self, *args, **kwargs):
        target = self._before_evaluation()
        if target._shared_dimensions:
            own = _scope_filter(target._tenant_dimensions)
            if isinstance(own, _Unscoped):
                raise ScopeError(f"No tenant scope to write {self.model.__name__} rows in.")
            target = target.filter(own)
        return getattr(super(BoundToScope, target), name)(*args, **kwargs)

    method.__name__ = name
    return method


ANY_SCOPE = ("cross-tenant on purpose",)


class BoundToScope(models.QuerySet):
    """A tenant queryset remembers the scope it was filtered for and refuses to be read in
    another one: a queryset built while one user's request (or an unrestricted command) was
    running must never serve another user's request."""

    _built_in_scope: tuple | None = None
    _tenant_dimensions: dict[str, str] = {}
    _shared_dimensions: frozenset = frozenset()

    def cross_tenant(self):
        """Mark a deliberate, narrow cross-tenant read (built inside ``scopes_disabled()``
        and filtered explicitly, e.g. network mentors of the municipality) as readable later
        inside a request's scope, e.g. as a form field's choices."""
        clone = self._chain()
        clone._built_in_scope = ANY_SCOPE
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._built_in_scope = self._built_in_scope
        return clone

    def _before_evaluation(self):
        if self._built_in_scope not in (ANY_SCOPE, _scope_key()):
            raise ScopeError(
                f"This {self.model.__name__} queryset was filtered for another tenant scope; "
                "build querysets inside the request or task that reads them."
            )
        return self

    def _fetch_all(self):
        if self._result_cache is None:
            self._before_evaluation()
        super()._fetch_all()

    count = _evaluating("count")
    exists = _evaluating("exists")
    aggregate = _evaluating("aggregate")
    iterator = _evaluating("iterator")
    update = _writing("update")
    delete = _writing("delete")
    in_bulk = _evaluating("in_bulk")
    contains = _evaluating("contains")
    explain = _evaluating("explain")


class ScopeGuarded(BoundToScope):
    """A queryset built outside any tenant scope (at import time, in a form or filter class).

    Cloned or read inside a scope it takes that scope's filter, so declarations such as
    ``ModelChoiceField(queryset=Staff.objects.all())`` are scoped per request; read outside
    any scope it raises ``ScopeError`` instead of reading every tenant.
    """

    _bound_class: type = BoundToScope

    def _rescoped(self):
        lookups = _scope_filter(self._tenant_dimensions, self._shared_dimensions)
        if isinstance(lookups, _Unscoped):
            raise ScopeError(
                f"A tenant scope on {', '.join(sorted(lookups.missing))} is needed to read "
                f"{self.model.__name__} rows."
            )
        clone = super()._chain()
        clone.__class__ = self._bound_class
        clone._built_in_scope = _scope_key()
        return clone.filter(lookups) if lookups else clone

    def _chain(self):
        if isinstance(_scope_filter(self._tenant_dimensions), _Unscoped):
            return super()._chain()
        return self._rescoped()

    def _before_evaluation(self):
        return self._rescoped()

    def _fetch_all(self):
        if self._result_cache is None:
            scoped = self._rescoped()
            scoped._fetch_all()
            self._result_cache = scoped._result_cache
            self._prefetch_done = scoped._prefetch_done


def compiled_rows(build: Callable[..., models.QuerySet], *args) -> list[tuple]:
    """The rows of ``build(*args)``, a ``values_list()`` queryset, with its SQL compiled once
    per process for these arguments in the active scope.

    Django builds and compiles a query afresh on every read; for a page's small reads that is
    most of their cost. The scope's filter is part of the compiled SQL, so the compiled query
    is kept per scope, and it was made by the same managers and checks as any other read.
    ``build`` is a module-level function (it is part of the key).
    """
    compiled = _compiled(build, args, _scope_key())
    return [] if compiled is None else compiled.rows()


def compiled_objects(build: Callable[..., models.QuerySet], *args) -> list[models.Model]:
    """The model instances of ``build(*args)`` as the queryset would give them (its
    ``select_related`` objects and annotations set, then its ``prefetch_related`` done), with
    its SQL compiled once per process as in ``compiled_rows``. The prefetches are separate
    queries, built as usual."""
    compiled = _compiled(build, args, _scope_key())
    if compiled is None:
        return []
    objects = [compiled.instance(row) for row in compiled.rows()]
    if compiled.prefetch:
        prefetch_related_objects(objects, *compiled.prefetch)
    return objects


class compiled_list:  # noqa: N801 - used like compiled_rows and compiled_objects
    """``build(*args)`` as a sequence for Django's ``Paginator``: its count and each page's
    slice read as ``compiled_objects``, so a page of a list costs two compiled statements."""

    def __init__(self, build: Callable[..., models.QuerySet], *args):
        self.build, self.args = build, args

    def count(self) -> int:
        compiled = _compiled(_listed_keys, (self.build, self.args), _scope_key())
        return 0 if compiled is None else compiled.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[models.Model]:
        if not isinstance(part, slice):
            raise TypeError("compiled_list is read a page at a time")
        return compiled_objects(_listed_slice, self.build, self.args, part.start, part.stop)


def _listed_keys(build, args: tuple) -> models.QuerySet:
    return build(*args).order_by().values_list("pk")


def _listed_slice(build, args: tuple, start: int | None, stop: int | None) -> models.QuerySet:
    return build(*args)[start:stop]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    alias: str
    converters: dict
    prefetch: tuple
    # How a row becomes an instance (ModelIterable's steps); None for values() querysets.
    model: type[models.Model] | None
    model_columns: slice
    init_list: tuple
    populators: tuple
    annotations: tuple

    def rows(self) -> list[tuple]:
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        return [_converted(row, self.converters, connection) for row in rows]

    def count(self) -> int:
        """How many rows the statement reads."""
        with connections[self.alias].cursor() as cursor:
            # Django compiled this SQL; every value in it is a parameter.
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}) AS counted", self.params)  # noqa: S608
            return cursor.fetchone()[0]

    def instance(self, row: tuple) -> models.Model:
        obj = self.model.from_db(self.alias, self.init_list, row[self.model_columns])
        for populator in self.populators:
            populator.populate(row, obj)
        for name, position in self.annotations:
            setattr(obj, name, row[position])
        return obj


@lru_cache(maxsize=2048)
def _compiled(build, args: tuple, scope_key: tuple) -> _Compiled | None:
    # scope_key is the active scope's (the callers read it), so build() runs inside it.
    queryset = build(*args)
    if isinstance(queryset, BoundToScope):
        queryset = queryset._before_evaluation()  # the check and filter of every read
    if queryset._known_related_objects:
        raise ValueError("compiled reads cannot carry a related manager's known objects")
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # an empty scope: no row can match
        return None
    klass_info = compiler.klass_info
    model, model_columns, init_list, populators = None, slice(0), (), ()
    if klass_info is not None and queryset._fields is None:
        columns = klass_info["select_fields"]
        model_columns = slice(columns[0], columns[-1] + 1)
        model = klass_info["model"]
        init_list = tuple(c[0].target.attname for c in compiler.select[model_columns])
        populators = tuple(get_related_populators(klass_info, compiler.select, queryset.db))
    return _Compiled(
        sql=sql,
        params=tuple(params),
        alias=queryset.db,
        converters=compiler.get_converters([column for column, _, _ in compiler.select]),
        prefetch=tuple(queryset._prefetch_related_lookups),
        model=model,
        model_columns=model_columns,
        init_list=init_list,
        populators=populators,
        annotations=tuple((compiler.annotation_col_map or {}).items()),
    )


def _converted(row: tuple, converters: dict, connection) -> tuple:
    """The row as the queryset would give it: each column through its database converters
    (e.g. a sum from PostgreSQL's numeric to int)."""
    values = list(row)
    for position, (functions, expression) in converters.items():
        for convert in functions:
            values[position] = convert(values[position], expression, connection)
    return tuple(values)


def TenantManager(  # noqa: N802
    queryset_class=models.QuerySet, *, shared: tuple[str, ...] = (), **dimensions: str
) -> models.Manager:
    """The default manager of a tenant model, e.g. ``TenantManager(**ORG_KEYS)``.

    Inside a scope (``tenant_scope``, or ``scopes_disabled`` for system code) it filters by
    the scope's ids; outside any scope its querysets can be built but not read. ``shared``
    names the dimensions whose empty value marks a row of the place above, which the places
    below read but never write (``PlaceOwned``).
    """
    keys = {"_tenant_dimensions": dimensions, "_shared_dimensions": frozenset(shared)}
    bound = type(f"Bound{queryset_class.__name__}", (BoundToScope, queryset_class), keys)
    guarded = type(
        f"ScopeGuarded{queryset_class.__name__}", (ScopeGuarded, bound), {"_bound_class": bound}
    )

    class Manager(models.Manager.from_queryset(bound)):
        tenant_dimensions = dimensions

        def get_queryset(self):
            lookups = _scope_filter(dimensions, frozenset(shared))
            if isinstance(lookups, _Unscoped):
                return guarded(self.model, using=self._db, hints=self._hints)
            queryset = super().get_queryset()
            queryset._built_in_scope = _scope_key()
            return queryset.filter(lookups) if lookups else queryset

    Manager.__name__ = f"TenantManager[{queryset_class.__name__}]"
    return Manager()


# Field paths of the tenant keys on a model that carries all three directly.
ORG_KEYS = {"region": "region", "municipality": "municipality", "organisation": "organisation"}


class AuditPlace:
    """Hands django-auditlog the row's place in the tree, stored with each entry, so that
    whose history it is can be answered without knowing the model (see orgs.audit)."""

    def get_additional_data(self) -> dict:
        return {
            "region": getattr(self, "region_id", None),
            "municipality": getattr(self, "municipality_id", None),
            "organisation": getattr(self, "organisation_id", None),
        }


class TenantOwned(AuditPlace, models.Model):
    """Rows that belong to one organisation carry all three tenant keys directly.

    The municipality and region keys are copied from the organisation on save, so that a
    methodist's or coordinator's filter is one indexed column, never a join.
    """

    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", editable=False
    )
    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.PROTECT, related_name="+", editable=False
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="организация"
    )

    objects = TenantManager(**ORG_KEYS)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.copy_tenant_keys()
        super().save(*args, **kwargs)

    def copy_tenant_keys(self) -> None:
        if self.organisation_id:
            organisation = self.organisation
            self.region_id = organisation.region_id
            self.municipality_id = organisation.municipality_id


class PlaceOwned(AuditPlace, models.Model):
    """Rows that belong to a region, a municipality (organisation empty) or one organisation:
    road maps, campaigns, events, public pages. A place below reads the rows of the places
    above it (a school its municipality's road map) but never writes them."""

    region = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TenantManager(shared=("municipality", "organisation"), **ORG_KEYS)

    # The foreign key of the row this one is part of (a session's series), whose place it
    # takes whole; None for a row that names its own place.
    tenant_parent: str | None = None
    # True where a row may also belong to no place: the portal's own, read everywhere (the
    # plan templates shipped with the portal). Such a model makes its region optional.
    portal_rows: bool = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.copy_tenant_keys()
        super().save(*args, **kwargs)

    def copy_tenant_keys(self) -> None:
        """All three keys from the row's parent, or the keys above the row's own place from
        that place: a school's row carries its school's municipality and region, a
        municipality's row its region. Called by ``save()``, and by services before
        ``full_clean()``, whose uniqueness checks need the keys."""
        if self.tenant_parent:
            parent_id = getattr(self, self._meta.get_field(self.tenant_parent).attname)
            if parent_id is None:
                raise ValueError(
                    f"{type(self).__name__} takes its place from its {self.tenant_parent}, "
                    "which is not set."
                )
            parent = getattr(self, self.tenant_parent)
            self.region_id = parent.region_id
            self.municipality_id = parent.municipality_id
            self.organisation_id = parent.organisation_id
        elif self.organisation_id:
            organisation = self.organisation
            self.municipality_id = organisation.municipality_id
            self.region_id = organisation.region_id
        elif self.municipality_id:
            self.region_id = self.municipality.region_id
        elif self.region_id is None and not self.portal_rows:
            raise ValueError(
                f"{type(self).__name__} belongs to a region, a municipality or an "
                "organisation: none is set."
            )


@dataclass(frozen=True)
class TenantScope:
    """What one user may see. ``unrestricted`` is the site administrator."""

    regions: frozenset[int] | None
    municipalities: frozenset[int] | None
    organisations: frozenset[int] | None
    unrestricted: bool = False

    @classmethod
    def nothing(cls) -> TenantScope:
        return cls(frozenset(), frozenset(), frozenset())

    @classmethod
    def everything(cls) -> TenantScope:
        return cls(None, None, None, unrestricted=True)

    def as_kwargs(self) -> dict:
        def listed(ids):
            return None if ids is None else sorted(ids)

        return {
            "region": listed(self.regions),
            "municipality": listed(self.municipalities),
            "organisation": listed(self.organisations),
        }

    def includes_organisation(self, organisation) -> bool:
        if self.unrestricted:
            return True
        return (
            (self.regions is None or organisation.region_id in self.regions)
            and (self.municipalities is None or organisation.municipality_id in self.municipalities)
            and (self.organisations is None or organisation.pk in self.organisations)
        )


@contextmanager
def tenant_scope(tenant: TenantScope):
    """Run queries inside ``tenant``: the only way request code reaches tenant rows."""
    if tenant.unrestricted:
        with scopes_disabled():
            yield
    else:
        with scope(**tenant.as_kwargs(), _also=()):  # never the places of a scope around it
            yield


@contextmanager
def widened_scope(*places: Place):
    """The active scope and, besides it, the given places, for a read that reaches a named
    place beyond the viewer's own: the schools of a person's own pairs, the municipality (or
    region) a school's network mentors come from. Unlike ``scopes_disabled``, a mistake
    inside reads at most those places; the reads still filter their rows explicitly.

    Querysets built inside are bound to this scope: evaluate them inside, or mark a
    deliberate one ``cross_tenant()`` for later reading (a form field's choices)."""
    current = get_scope()
    if not current.get("_enabled", True):  # unrestricted already
        yield
        return
    also = tuple(dict.fromkeys((*current.get("_also", ()), *places)))
    # Outside any scope (a task), the places alone.
    nothing_else = {dimension: [] for dimension in DIMENSIONS if dimension not in current}
    with scope(**nothing_else, _also=also):
        yield


def scope_for_memberships(memberships) -> TenantScope:
    """The union of what the given active memberships grant, as one AND-able scope."""
    from .models import Municipality, Organisation

    rows = [(m.region_id, m.municipality_id, m.organisation_id) for m in memberships]
    if not rows:
        return TenantScope.nothing()
    region_level = {r for r, m, o in rows if m is None and o is None}
    municipality_level = {m for _, m, o in rows if m is not None and o is None}
    organisation_level = {o for _, _, o in rows if o is not None}
    regions = {r for r, _, _ in rows}
    if not municipality_level and not organisation_level:
        return TenantScope(frozenset(regions), None, None)

    with scopes_disabled():
        municipalities = {m for _, m, _ in rows if m is not None}
        if region_level:
            municipalities |= set(
                Municipality.objects.filter(region__in=region_level).values_list("id", flat=True)
            )
        if not organisation_level:
            return TenantScope(frozenset(regions), frozenset(municipalities), None)

        organisations = set(organisation_level)
        if municipality_level or region_level:
            organisations |= set(
                Organisation.objects.filter(
                    models.Q(municipality__in=municipality_level)
                    | models.Q(region__in=region_level)
                ).values_list("id", flat=True)
            )
    return TenantScope(frozenset(regions), frozenset(municipalities), frozenset(organisations))
