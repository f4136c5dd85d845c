"""What a cached page of an organisation reads before it knows whether it must render: the
organisation's row, with the keys the role checks read and the data versions its cache key
is made of. One query, compiled once per scope (``tenancy.compiled_objects``); a fresh render
reads the row from it instead of asking again."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from mentorship import fragments

from .models import Organisation
from .tenancy import compiled_objects


@dataclass
class OrganisationOnPage:
    """Stands for the organisation in role checks (``orgs.access``), which read only its
    keys; ``organisation`` is the row, for rendering (None where only the keys were read)."""

    pk: int
    municipality_id: int
    region_id: int
    # The organisation's own, its municipality's and its region's versions (campaigns, road
    # maps and templates shared with it); None when pages are not cached.
    versions: tuple | None
    organisation: Organisation | None = field(default=None, repr=False)


def organisation_on_page(pk: int) -> OrganisationOnPage:
    """The organisation in the request's scope (404 otherwise)."""
    rows = compiled_objects(_organisation_row, pk)
    if not rows:
        raise Http404("Организация не найдена.")
    organisation = rows[0]
    return OrganisationOnPage(
        pk,
        organisation.municipality_id,
        organisation.region_id,
        versions_of(organisation),
        organisation,
    )


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
