"""Writes of the documents app: drafts, issue, revoke, signed scans and the render itself."""

from __future__ import annotations

import datetime
import logging
import re

import segno
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from orgs import outbox, registers
from orgs.concurrency import StateConflict
from orgs.files import discard
from orgs.models import Municipality, Organisation
from orgs.selectors import register_formats
from orgs.uploads import SCANS, check_upload

from . import content, rendering
from .models import REGISTER_OF, Document, Kind, RenderJob
from .pack import ORGANISATION_PACK
from .report import report_charts

logger = logging.getLogger(__name__)

NUMBER_CONSTRAINT = "document_number_unique_per_register_year"
NUMBER_TAKEN = "Документ с таким номером в этом году уже есть."

# A job still "queued" or "running" this long after its last sign of life lost its worker.
STALE_AFTER = datetime.timedelta(minutes=15)


def _issuer_keys(issuer: Organisation | Municipality) -> dict:
    if isinstance(issuer, Organisation):
        return {"organisation": issuer, "municipality": issuer.municipality}
    return {"organisation": None, "municipality": issuer}


def suggest_number(*, issuer: Organisation | Municipality, kind: str, year: int) -> str:
    """The next number of the register ``kind`` is numbered in, for ``year``, in the format
    the issuer set on its requisites page (editable by the user when issuing)."""
    keys = _issuer_keys(issuer)
    register = REGISTER_OF[kind]
    taken = list(
        Document.objects.filter(
            organisation=keys["organisation"],
            municipality=keys["municipality"],
            register=register,
            year=year,
        )
        .exclude(number="")
        .values_list("number", flat=True)
    )
    formats = register_formats(
        municipality_id=keys["municipality"].pk,
        organisation_id=keys["organisation"].pk if keys["organisation"] else None,
    )
    return registers.next_number(taken, pattern=formats[register], year=year)


@transaction.atomic
def document_create(
    *,
    issuer: Organisation | Municipality,
    kind: str,
    date: datetime.date,
    title: str,
    params: dict,
    acting_user,
) -> Document:
    document = Document(
        **_issuer_keys(issuer),
        kind=kind,
        date=date,
        title=title.strip() or default_title(kind),
        params=params,
        created_by=acting_user,
    )
    document.copy_keys()
    document.full_clean()
    # Refuse now what could not be printed later (no pairs chosen, a foreign mentor...).
    content.build_snapshot(document)
    document.save()
    return document


@transaction.atomic
def wording_save(
    *, issuer: Organisation | Municipality, kind: str, texts: dict[str, str], acting_user
) -> None:
    """The issuer's own wording of a kind's fixed parts; an empty text restores the default."""
    from .models import Wording

    keys = _issuer_keys(issuer)
    for part, text in texts.items():
        rows = Wording.objects.filter(
            organisation=keys["organisation"],
            municipality=keys["municipality"],
            kind=kind,
            part=part,
        )
        if not text.strip():
            rows.delete()
            continue
        row = rows.first() or Wording(**keys, kind=kind, part=part)
        row.text = text.strip()
        row.full_clean(exclude=["region", "municipality"])
        row.save()
    logger.info("wording of %s for %s changed by user %s", kind, issuer, acting_user.pk)


@transaction.atomic
def consent_request(*, pair, acting_user) -> Document:
    """Ask the pair's mentor for written consent (art. 351.8 of the Labour Code) in one step:
    the consent letter is generated as a draft of the organisation, and the pair shows the
    consent as requested, with the letter. A closed or consented pair is refused by the
    pair's own rule, after the letter is generated: the refusal undoes the draft with the
    transaction."""
    from pairs.services import pair_consent_request

    document = document_create(
        issuer=pair.organisation,
        kind=Kind.CONSENT,
        date=timezone.localdate(),
        title="",
        params={"pairs": [pair.pk]},
        acting_user=acting_user,
    )
    pair_consent_request(pair=pair, acting_user=acting_user, document=document)
    return document


def default_title(kind: str) -> str:
    """«О закреплении наставнических пар (групп)»: an order's title follows the word ПРИКАЗ."""
    label = Document(kind=kind).get_kind_display()
    if label.startswith("Приказ "):
        rest = label.removeprefix("Приказ ")
        return rest[0].upper() + rest[1:]
    return label


def _require_draft(document: Document) -> None:
    if document.status != Document.Status.DRAFT:
        raise ValidationError("Изданный документ не изменяется; его можно только отменить.")


@transaction.atomic
def document_issue(
    *, document: Document, number: str, date: datetime.date, verify_url: str, acting_user
) -> RenderJob:
    """Freeze the data into the snapshot, take the number and queue the printing."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require_draft(document)
    document.number = number.strip()
    document.date = date
    if not document.number:
        raise ValidationError({"number": "Укажите номер документа."})
    snapshot = content.build_snapshot(document)
    if not document.organisation_id and not snapshot.get("head", {}).get("name"):
        # A municipal document has no head record to read the name from: issued without a
        # typed name, its signature line would name nobody.
        raise ValidationError(
            {"number": "Укажите фамилию и инициалы того, кто подписывает документ."}
        )
    snapshot["verify_url"] = verify_url
    document.snapshot = snapshot
    document.status = Document.Status.ISSUED
    document.issued_at = timezone.now()
    document.issued_by = acting_user
    document.copy_keys()
    try:
        document.full_clean()
    except ValidationError as error:
        # A number already taken is the register's state, not a mistake in the request.
        if error.messages == [NUMBER_TAKEN]:
            raise StateConflict({"number": NUMBER_TAKEN}, code="unique") from error
        raise
    try:
        # Two people issuing the same number at once both pass full_clean; the unique index
        # decides, and the loser gets the same message as a sequential duplicate.
        with transaction.atomic():
            document.save()
    except IntegrityError as error:
        if NUMBER_CONSTRAINT not in str(error):
            raise
        raise StateConflict({"number": NUMBER_TAKEN}, code="unique") from error
    if document.kind == Kind.PAIRS:
        _record_pairs_order(document)
    return _queue(document=document, acting_user=acting_user)


def _record_pairs_order(document: Document) -> None:
    """The pairs an issued order fixes carry its number and date, as the register has them."""
    from pairs.models import Pair

    reference = f"№ {document.number} от {document.date:%d.%m.%Y}"
    ids = document.params.get("pairs") or []
    for pair in Pair.objects.filter(organisation=document.organisation_id, pk__in=ids):
        pair.appointment_order = reference
        pair.save(update_fields=["appointment_order", "updated_at"])


def issue_warnings(document: Document) -> list[str]:
    """What the director should know before issuing: the pairs order with consents that
    the record does not hold."""
    if document.kind != Kind.PAIRS or document.status != Document.Status.DRAFT:
        return []
    try:
        missing = content.missing_consents(content._pairs(document))
    except ValidationError:
        return []
    if not missing:
        return []
    return [
        "Письменное согласие наставника не отмечено как полученное: "
        + "; ".join(missing)
        + ". Приказ не будет ссылаться на взаимное согласие и поручит куратору получить "
        "согласия."
    ]


def _queue(*, document: Document, acting_user) -> RenderJob:
    from .tasks import render_document

    job = RenderJob(document=document, owner=acting_user)
    job.save()
    outbox.enqueue(render_document, job.pk, key=outbox.key_of(job))
    return job


@transaction.atomic
def job_retry(*, job: RenderJob, acting_user) -> RenderJob:
    """A failed (or lost) job is queued again as a fresh job; the old row stays as history."""
    job = RenderJob.objects.select_for_update().select_related("document").get(pk=job.pk)
    if job.document.status == Document.Status.DRAFT:
        raise ValidationError("Документ возвращён в черновики: издайте его снова.")
    if not job_is_retriable(job):
        raise ValidationError("Документ ещё формируется; повторите позже.")
    if job.status != RenderJob.Status.FAILED:
        job.status = RenderJob.Status.FAILED
        job.error = "Формирование прервано."
        job.save(update_fields=["status", "error", "updated_at"])
    return _queue(document=job.document, acting_user=acting_user)


def _job_is_current(job: RenderJob) -> bool:
    """A job may print only while it is unfinished, the newest job of its document, and the
    document is issued (not revoked). Call under a lock of the job row."""
    if job.status not in (RenderJob.Status.QUEUED, RenderJob.Status.RUNNING):
        return False
    newest = RenderJob.objects.filter(document_id=job.document_id).order_by("-pk").first()
    if newest is None or newest.pk != job.pk:
        return False
    return Document.objects.filter(pk=job.document_id, status=Document.Status.ISSUED).exists()


def job_is_retriable(job: RenderJob) -> bool:
    if job.document.status == Document.Status.DRAFT:
        return False  # a failed render put it back to the drafts: it is issued again
    if job.status == RenderJob.Status.FAILED:
        return True
    lost = job.updated_at < timezone.now() - STALE_AFTER
    return job.status in {RenderJob.Status.QUEUED, RenderJob.Status.RUNNING} and lost


@transaction.atomic
def document_revoke(*, document: Document, reason: str, acting_user) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != Document.Status.ISSUED:
        raise ValidationError("Отменить можно только изданный документ.")
    if not reason.strip():
        raise ValidationError({"revoke_reason": "Укажите причину отмены."})
    document.status = Document.Status.REVOKED
    document.revoke_reason = reason.strip()
    document.revoked_at = timezone.now()
    document.full_clean()
    document.save(update_fields=["status", "revoke_reason", "revoked_at", "updated_at"])
    _withdraw_local_act(document, acting_user=acting_user)
    logger.info("document %s revoked by user %s", document.pk, acting_user.pk)
    return document


@transaction.atomic
def document_attach_scan(*, document: Document, upload, acting_user) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != Document.Status.ISSUED:
        raise ValidationError("Подписанный экземпляр прикладывается к изданному документу.")
    kind = check_upload(upload, allowed=SCANS, max_mb=20)
    suffix = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg"}[kind]
    discard(document.signed_scan.name)
    document.signed_scan.save(f"signed{suffix}", upload, save=False)
    document.save(update_fields=["signed_scan", "updated_at"])
    logger.info("signed scan of document %s uploaded by user %s", document.pk, acting_user.pk)
    return document


# The organisation's documents that belong to its pack of local acts, by their name there.
LOCAL_ACTS = {
    Kind.TARGET_MODEL: ORGANISATION_PACK[0],
    Kind.REGULATION: ORGANISATION_PACK[1],
    Kind.COUNCIL: ORGANISATION_PACK[2],
    Kind.CURATOR: ORGANISATION_PACK[3],
    Kind.PAIRS: ORGANISATION_PACK[4],
    Kind.PROGRAMMES: ORGANISATION_PACK[5],
    Kind.YOUNG_SPECIALISTS: ORGANISATION_PACK[6],
    Kind.FINAL_EVENT: ORGANISATION_PACK[7],
}


def _register_local_act(document: Document) -> None:
    """An issued local act of a school enters its pack (effectiveness monitoring) with the
    printed PDF. A municipality that renamed or dropped that document keeps its own list."""
    from monitoring.effectiveness.services import local_act_record_generated

    name = LOCAL_ACTS.get(document.kind)
    if not document.organisation_id or name is None:
        return
    try:
        local_act_record_generated(
            organisation=document.organisation,
            kind=name,
            number=document.number,
            date=document.date,
            file=ContentFile(document.pdf.read(), name=document.pdf.name.rsplit("/", 1)[-1]),
            acting_user=document.issued_by,
        )
    except ValidationError:
        logger.info("document %s: no such act in the municipality's pack", document.pk)


def _withdraw_local_act(document: Document, *, acting_user) -> None:
    """A revoked order no longer counts in the school's pack of local acts."""
    from monitoring.effectiveness.services import local_act_withdraw_generated

    name = LOCAL_ACTS.get(document.kind)
    if document.organisation_id and name is not None:
        local_act_withdraw_generated(
            organisation=document.organisation,
            kind=name,
            number=document.number,
            date=document.date,
            acting_user=acting_user,
        )


# --- printing -------------------------------------------------------------------------------


def print_context(document: Document, snapshot: dict) -> dict:
    issued = document.status != Document.Status.DRAFT
    context = {
        "doc": snapshot,
        "number": document.number if issued else "",
        "date": f"{document.date:%d.%m.%Y}" if issued else "",
    }
    if snapshot.get("template") == "report":
        context["charts"] = report_charts(snapshot)
    verify_url = snapshot.get("verify_url")
    if verify_url:
        context["verify_url"] = verify_url
        context["qr"] = segno.make(verify_url, error="m").png_data_uri(scale=4, border=2)
    return context


def template_for(snapshot: dict) -> str:
    return f"documents/print/{snapshot['template']}.html"


def preview_html(document: Document) -> str:
    snapshot = document.snapshot or content.build_snapshot(document)
    return rendering.render_html(template_for(snapshot), print_context(document, snapshot))


def file_stem(document: Document) -> str:
    number = re.sub(r"[^\w-]+", "-", document.number) or "draft"
    return f"{document.kind}-{number}-{document.date:%Y%m%d}"


@transaction.atomic
def _back_to_draft(*, document_id: int, job_id: int) -> None:
    """A render that failed leaves no issued document without files: the document goes back
    to the drafts and its number is released for the register, to be issued again once the
    data is put right (the snapshot is dropped, so the draft shows the data as it is now)."""
    document = Document.objects.select_for_update().get(pk=document_id)
    error = (
        "Не удалось сформировать документ. Повторите попытку; если ошибка повторится, "
        "сообщите администратору портала."
    )
    if document.status == Document.Status.ISSUED and not (document.pdf or document.docx):
        error = (
            f"Не удалось сформировать документ: он возвращён в черновики, номер "
            f"{document.number} освобождён. Проверьте данные документа и издайте его снова; "
            "если ошибка повторится, сообщите администратору портала."
        )
        document.status = Document.Status.DRAFT
        document.number = ""
        document.snapshot = None
        document.issued_at = None
        document.issued_by = None
        document.save(
            update_fields=["status", "number", "snapshot", "issued_at", "issued_by", "updated_at"]
        )
    RenderJob.objects.filter(pk=job_id).update(
        status=RenderJob.Status.FAILED, error=error, updated_at=timezone.now()
    )


def render_job_stopped(*, job_id: int, message: str) -> None:
    """The outbox stopped this job's task for good: an unfinished job is failed, so its page
    offers «Повторить» at once instead of a progress bar that never moves."""
    RenderJob.objects.filter(
        pk=job_id, status__in=(RenderJob.Status.QUEUED, RenderJob.Status.RUNNING)
    ).update(
        status=RenderJob.Status.FAILED,
        error=f"{message} Нажмите «Повторить»; если не получится снова, "
        "сообщите администратору портала.",
        updated_at=timezone.now(),
    )


def render_job_run(*, job_id: int) -> None:
    """Print an issued document from its snapshot. Safe to run twice: the job row is locked
    while claimed, the files have fixed names, and they are attached to the document only
    together and only once both are rendered, so a killed worker leaves no half document."""
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not _job_is_current(job):
            return
        job.status = RenderJob.Status.RUNNING
        job.attempts += 1
        job.progress = 10
        job.error = ""
        job.save(update_fields=["status", "attempts", "progress", "error", "updated_at"])
    document = Document.objects.get(pk=job.document_id)
    try:
        snapshot = document.snapshot
        context = print_context(document, snapshot)
        html = rendering.render_html(template_for(snapshot), context)
        pdf = rendering.html_to_pdf(html)
        RenderJob.objects.filter(pk=job.pk).update(progress=70, updated_at=timezone.now())
        docx = rendering.html_to_docx(html)
    except Exception:
        logger.exception("render job %s failed", job.pk)
        _back_to_draft(document_id=document.pk, job_id=job.pk)
        return
    stem = file_stem(document)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        job = RenderJob.objects.select_for_update().get(pk=job.pk)
        # Rendering took a while: the job may have been retried (a newer job owns the
        # document now) or the document revoked meanwhile. A late task then writes nothing.
        if not _job_is_current(job) or document.status != Document.Status.ISSUED:
            logger.info("render job %s is stale; its result is dropped", job.pk)
            return
        for field, data, suffix in (("pdf", pdf, "pdf"), ("docx", docx, "docx")):
            file = getattr(document, field)
            name = f"{stem}.{suffix}"
            path = f"documents/{document.file_key}/{name}"
            if file.storage.exists(path):
                file.storage.delete(path)
            file.save(name, ContentFile(data), save=False)
        document.save(update_fields=["pdf", "docx", "updated_at"])
        _register_local_act(document)
        RenderJob.objects.filter(pk=job.pk).update(
            status=RenderJob.Status.DONE, progress=100, updated_at=timezone.now()
        )
