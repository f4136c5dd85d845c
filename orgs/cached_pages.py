"""What a cached page of an organisation reads before it knows whether it must render: the
organisation's keys, for the role checks, and the data versions its cache key is made of.
One small query, compiled once per scope (``tenancy.compiled_rows``); the organisation's
row itself is read, compiled the same way, only when the page is rendered."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.http import Http404

from mentorship import fragments

from .models import Organisation
from .tenancy import compiled_objects, compiled_rows


@dataclass
class OrganisationOnPage:
    """Stands for the organisation in role checks (``orgs.access``), which read only its
    keys; ``organisation`` is the row, for rendering."""

    pk: int
    municipality_id: int
    region_id: int
    # The organisation's own, its municipality's and its region's versions (campaigns, road
    # maps and templates shared with it); None when pages are not cached.
    versions: tuple | None

    @cached_property
    def organisation(self) -> Organisation:
        return compiled_objects(_organisation_row, self.pk)[0]


def organisation_on_page(pk: int) -> OrganisationOnPage:
    """The organisation in the request's scope (404 otherwise)."""
    rows = compiled_rows(_keys_and_versions, pk)
    if not rows:
        raise Http404("Организация не найдена.")
    municipality_id, region_id, *versions = rows[0]
    return OrganisationOnPage(pk, municipality_id, region_id, organisation_versions(pk, *versions))


def versions_of(organisation: Organisation) -> tuple | None:
    """The same versions, of a row read with ``select_related("municipality", "region")``."""
    return organisation_versions(
        organisation.pk,
        organisation.data_version,
        organisation.municipality.data_version,
        organisation.region.data_version,
    )


def organisation_versions(pk: int, own: int, municipality: int, region: int) -> tuple | None:
    return ("organisation", pk, own, municipality, region) if fragments.enabled() else None


def _keys_and_versions(pk: int):
    return (
        Organisation.objects.filter(pk=pk)
        .order_by()
        .values_list(
            "municipality_id",
            "region_id",
            "data_version",
            "municipality__data_version",
            "region__data_version",
        )
    )


def _organisation_row(pk: int):
    return Organisation.objects.filter(pk=pk).select_related("municipality", "region")


def remember_school_versions(request, versions: tuple | None) -> None:
    """Keeps the school versions a page's key has just read for the rest of the request, so
    that the notifications bell (``documents/notifications.py``) does not read them again."""
    if versions is not None:
        _, pk, *values = versions
        request.__dict__.setdefault("school_versions_read", {})[pk] = tuple(values)


def school_versions_read(request) -> dict[int, tuple]:
    """School id → (its version, its municipality's, its region's) read by this request."""
    return request.__dict__.get("school_versions_read", {})
