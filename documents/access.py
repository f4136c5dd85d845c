"""Who may open and change documents: an organisation's orders are read by its director,
curator and the methodists and coordinators above it, and written by its director and
curator; a municipality's by its methodist.

One helper per object: 404 whether the row is missing or outside the user's scope, 403 when
the user sees it but the role may not read it (``_for``) or change it (``_rw``).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from orgs.access import require_role
from orgs.models import Municipality, Organisation, Role

from .models import Document, RenderJob

READERS = (Role.DIRECTOR, Role.CURATOR, Role.METHODIST, Role.REGION_COORDINATOR)
ORGANISATION_WRITERS = (Role.DIRECTOR, Role.CURATOR)
MUNICIPALITY_WRITERS = (Role.METHODIST,)
# Revoking an issued order is its signatory's: the director, or the municipality's methodist.
ORGANISATION_REVOKERS = (Role.DIRECTOR,)


def place(issuer) -> dict:
    """The issuer as ``require_role``'s and ``has_role``'s keyword."""
    if isinstance(issuer, Organisation):
        return {"organisation": issuer}
    return {"municipality": issuer}


def writers(issuer) -> tuple[str, ...]:
    return ORGANISATION_WRITERS if isinstance(issuer, Organisation) else MUNICIPALITY_WRITERS


def can_write(request, issuer) -> bool:
    return request.viewer.has_role(*writers(issuer), **place(issuer))


def _require(request, issuer, roles) -> None:
    require_role(request, *roles, **place(issuer))


# --- issuers: an organisation or a municipality --------------------------------------------


def organisation_for(request, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    _require(request, organisation, READERS)
    return organisation


def organisation_rw(request, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    _require(request, organisation, writers(organisation))
    return organisation


def municipality_for(request, pk: int) -> Municipality:
    municipality = get_object_or_404(Municipality, pk=pk)
    _require(request, municipality, READERS)
    return municipality


def municipality_rw(request, pk: int) -> Municipality:
    municipality = get_object_or_404(Municipality, pk=pk)
    _require(request, municipality, writers(municipality))
    return municipality


# --- documents and their render jobs -------------------------------------------------------


def document_for(request, pk: int) -> Document:
    document = get_object_or_404(
        Document.objects.select_related("organisation", "municipality"), pk=pk
    )
    _require(request, document.issuer, READERS)
    return document


def document_rw(request, pk: int) -> Document:
    """Issuing a draft and attaching the signed scan are the issuer's writers'."""
    document = document_for(request, pk)
    _require(request, document.issuer, writers(document.issuer))
    return document


def document_for_revoke(request, pk: int) -> Document:
    document = document_for(request, pk)
    revokers = ORGANISATION_REVOKERS if document.organisation_id else MUNICIPALITY_WRITERS
    _require(request, document.issuer, revokers)
    return document


def job_for(request, pk: int) -> RenderJob:
    job = get_object_or_404(RenderJob.objects.select_related("document"), pk=pk)
    _require(request, job.document.issuer, READERS)
    return job


def job_rw(request, pk: int) -> RenderJob:
    """Retrying a failed render is the issuer's writers'."""
    job = get_object_or_404(RenderJob.objects.select_related("document"), pk=pk)
    _require(request, job.document.issuer, writers(job.document.issuer))
    return job
