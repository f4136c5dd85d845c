"""Background printing. The task takes a job id and nothing else; the job row tells it what
to print, so a redelivered or duplicated message is harmless (see ``render_job_run``)."""

from celery import shared_task

from orgs.outbox import OutboxJob, when_stopped
from orgs.tenancy import scopes_disabled

from . import services


@shared_task(base=OutboxJob, acks_late=True, reject_on_worker_lost=True)
def render_document(job_id: int) -> None:
    # A worker has no user: it reads exactly the one job it was given, whatever its tenant.
    with scopes_disabled():
        services.render_job_run(job_id=job_id)


@when_stopped(render_document)
def _render_stopped(job_id: int, *, message: str) -> None:
    # The document stays issued; its page offers «Повторить» at once.
    services.render_job_stopped(job_id=job_id, message=message)
