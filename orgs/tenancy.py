"""The one scoping layer: who may see which rows of the shared schema.

Every tenant-owned model declares its tenant keys (region, municipality, organisation) through
``TenantManager``, a django-scopes ScopedManager. A request runs inside the user's scope (see
``orgs.middleware``): its queries are filtered by those keys automatically, and a query made
outside any scope raises ``ScopeError`` instead of silently reading every tenant.

A scope has three dimensions that are combined with AND. ``None`` in a dimension means "not
restricted there" (a regional coordinator is restricted by region only); an empty list means
"nothing". A person with memberships at several levels gets the union of what each grants:
the coarser memberships are expanded into ids of the finer level, so the AND of the three
dimensions still describes exactly that union.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import models
from django_scopes import ScopedManager, scope, scopes_disabled

__all__ = [
    "TenantScope",
    "TenantManager",
    "TenantOwned",
    "tenant_scope",
    "scopes_disabled",
    "scope_for_memberships",
]


def TenantManager(queryset_class=models.QuerySet, **dimensions: str) -> models.Manager:  # noqa: N802
    """A manager that filters by the active tenant scope, e.g. ``TenantManager(**ORG_KEYS)``."""
    return ScopedManager(_manager_class=models.Manager.from_queryset(queryset_class), **dimensions)


# Field paths of the tenant keys on a model that carries all three directly.
ORG_KEYS = {"region": "region", "municipality": "municipality", "organisation": "organisation"}


class TenantOwned(models.Model):
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
        with scope(**tenant.as_kwargs()):
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
