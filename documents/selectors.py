"""Reads of the documents app: the register page's rows and the latest job of a document."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from orgs import outbox

from .models import Document, RenderJob


def register(*, organisation=None, municipality=None) -> QuerySet[Document]:
    """The issuer's documents with their latest job's status, in one query."""
    rows = Document.objects.all()
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    else:
        rows = rows.filter(municipality=municipality, organisation__isnull=True)
    latest = RenderJob.objects.filter(document=OuterRef("pk")).order_by("-created_at")
    return rows.annotate(job_status=Subquery(latest.values("status")[:1])).order_by("-date", "-id")


def latest_job(document: Document) -> RenderJob | None:
    return document.jobs.order_by("-created_at").first()


def job_restarting(job: RenderJob | None) -> bool:
    """An unfinished job whose worker died: it is queued again by itself."""
    pending = job is not None and job.status in (RenderJob.Status.QUEUED, RenderJob.Status.RUNNING)
    return pending and outbox.restarting(outbox.key_of(job))


def years(rows: QuerySet[Document]) -> list[int]:
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def issued_kinds(*, organisation_ids) -> dict[int, set[str]]:
    """Which document kinds each organisation has issued and not revoked: the local acts
    registry of the effectiveness monitoring reads its «документ издан» answers from here."""
    rows = (
        Document.objects.filter(organisation__in=organisation_ids, status=Document.Status.ISSUED)
        .values_list("organisation_id", "kind")
        .distinct()
    )
    kinds: dict[int, set[str]] = {pk: set() for pk in organisation_ids}
    for organisation_id, kind in rows:
        kinds[organisation_id].add(kind)
    return kinds
