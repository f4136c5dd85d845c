"""Background work of the orgs app. Tasks take ids and re-read what they need."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .outbox import OutboxJob, when_stopped


@shared_task(base=OutboxJob, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset(user_id: int, domain: str, use_https: bool) -> bool:
    """Send the password-reset letter off the request path: a slow SMTP server must not
    hold up the page. The token is made here, so a retried task still sends a valid link."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    subject = "".join(
        loader.render_to_string("registration/password_reset_subject.txt", context).splitlines()
    )
    body = loader.render_to_string("registration/password_reset_email.html", context)
    EmailMultiAlternatives(subject, body, to=[user.email]).send()
    return True


def _job_scope(job_id: int):
    """The organisation scope of an import job, chosen explicitly (a task has no request)."""
    from .models import ImportJob
    from .tenancy import TenantScope, scopes_disabled

    with scopes_disabled():
        keys = (
            ImportJob.objects.filter(pk=job_id)
            .values("region_id", "municipality_id", "organisation_id")
            .first()
        )
    if keys is None:
        return None
    return TenantScope(
        frozenset([keys["region_id"]]),
        frozenset([keys["municipality_id"]]),
        frozenset([keys["organisation_id"]]),
    )


@shared_task(base=OutboxJob)
def import_parse(job_id: int) -> None:
    """Parse an uploaded staff list into the job's preview. Safe to run twice."""
    from .importing import ImportFileError
    from .models import ImportJob
    from .services import staff_import_plan
    from .tenancy import tenant_scope

    scope = _job_scope(job_id)
    if scope is None:
        return
    with tenant_scope(scope):
        job = ImportJob.objects.get(pk=job_id)
        if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.PARSING):
            return
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.PARSING, progress=10)
        try:
            plan = staff_import_plan(job=job)
        except ImportFileError as error:
            _reject(job_id, error)
            return
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.PREVIEW, result=plan, progress=100
        )


@shared_task(base=OutboxJob)
def import_apply(job_id: int) -> None:
    """Save a confirmed import in one transaction. A second run finds the job done."""
    from .importing import ImportFileError
    from .models import ImportJob
    from .services import staff_import_apply
    from .tenancy import tenant_scope

    scope = _job_scope(job_id)
    if scope is None:
        return
    with tenant_scope(scope):
        job = ImportJob.objects.get(pk=job_id)
        if job.status != ImportJob.Status.SAVING:
            return
        try:
            summary = staff_import_apply(job=job)
        except ImportFileError as error:
            _reject(job_id, error)
            return
        # The file has served its purpose: its personal data now lives in the staff cards.
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.DONE,
            progress=100,
            result={**job.result, "summary": summary},
            content=b"",
        )


def _reject(job_id: int, error) -> None:
    """A rejected upload keeps only its message: the file and any preview (names, birth
    dates) are deleted, not kept in the database."""
    from .models import ImportJob

    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.FAILED,
        message=str(error)[:500],
        progress=100,
        content=b"",
        result={},
    )


@when_stopped(import_parse, import_apply)
def _import_stopped(job_id: int, *, message: str) -> None:
    """A stopped import is a failed one: its page says so and offers the upload again (the
    save is one transaction, so nothing of it was written)."""
    from .models import ImportJob
    from .tenancy import scopes_disabled

    unfinished = (ImportJob.Status.QUEUED, ImportJob.Status.PARSING, ImportJob.Status.SAVING)
    with scopes_disabled():
        ImportJob.objects.filter(pk=job_id, status__in=unfinished).update(
            status=ImportJob.Status.FAILED,
            message=f"{message} Загрузите файл ещё раз.",
            progress=100,
            content=b"",
            result={},
        )


@shared_task
def purge_discarded_files() -> int:
    """Delete the stored files discarded longer ago than the grace period (orgs.files)."""
    from .files import purge_discarded

    return purge_discarded()


@shared_task
def anonymise_personal_data() -> int:
    """Anonymise everyone whose retention period after leaving has ended, and delete import
    uploads and previews past theirs (idempotent: the anonymised are skipped and the deleted
    are gone, so a repeated or retried run changes nothing more)."""
    from .personal_data import anonymise_due, purge_import_jobs_due
    from .tenancy import scopes_disabled

    with scopes_disabled():
        purge_import_jobs_due()
        return anonymise_due()


@shared_task
def outbox_sweep(at_start: bool = False) -> dict:
    """Celery beat, every JOB_SWEEP_SECONDS, and each worker as it starts: re-queue the tasks
    whose worker died and send those that are queued and not taken (orgs.outbox)."""
    from . import outbox

    return outbox.sweep(at_start=at_start).__dict__
