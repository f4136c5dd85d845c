"""A task the outbox stops for good (its worker died with it MAX_RESTARTS times, or it raised
MAX_ATTEMPTS times) leaves no job «in progress» forever: its page says at once, in Russian,
that the work stopped, and offers what to do next.

Generated over every task the outbox knows: a new kind of background job fails here until it
has a case below or says in ``outbox.NO_JOB_PAGE`` why no page waits for it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents import services as documents
from documents.models import Document, Kind, RenderJob
from mentorship.celery import app
from orgs import outbox
from orgs.models import ImportJob, OutboxTask
from orgs.tasks import import_apply
from tests.orgs.test_import import rows, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class StoppedCase:
    """``start(client, cast)`` queues the job (its task never runs: the test's transaction
    never commits) and returns the job's page; ``action`` is what the page offers then."""

    start: Callable
    action: str
    still_running: str


def _upload(client, cast) -> str:
    client.force_login(cast.curator_a)
    url = reverse("orgs:import", args=[cast.school_a.pk])
    response = client.post(url, {"file": SimpleUploadedFile("pedagogi.xlsx", xlsx(rows(5)))})
    assert response.status_code == 302
    return response.url


def _parsing(client, cast) -> str:
    """An upload its worker had begun to parse."""
    page = _upload(client, cast)
    ImportJob.objects.update(status=ImportJob.Status.PARSING, progress=10)
    return page


def _saving(client, cast) -> str:
    """A confirmed import whose save was queued."""
    page = _upload(client, cast)
    job = ImportJob.objects.get()
    OutboxTask.objects.filter(task="orgs.tasks.import_parse").update(finished_at=timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SAVING)
    outbox.enqueue(import_apply, job.pk, key=outbox.key_of(job))
    return page


def _issue(client, cast) -> str:
    document = documents.document_create(
        issuer=cast.school_a,
        kind=Kind.TARGET_MODEL,
        date=datetime.date(2026, 9, 1),
        title="",
        params={},
        acting_user=cast.director_a,
    )
    client.force_login(cast.director_a)
    url = reverse("documents:issue", args=[document.pk])
    assert client.post(url, {"number": "5-од", "date": "2026-09-01"}).status_code == 302
    return reverse("documents:detail", args=[document.pk])


CASES = {
    "orgs.tasks.import_parse": StoppedCase(
        start=_parsing, action="Загрузить файл ещё раз", still_running="Разбор файла"
    ),
    "orgs.tasks.import_apply": StoppedCase(
        start=_saving, action="Загрузить файл ещё раз", still_running="Сохранение"
    ),
    "documents.tasks.render_document": StoppedCase(
        start=_issue, action="Повторить", still_running="В очереди"
    ),
}


def _outbox_tasks() -> set[str]:
    app.loader.import_default_modules()  # every app's tasks, as a worker has them
    return {name for name, task in app.tasks.items() if isinstance(task, outbox.OutboxJob)}


def test_every_background_job_kind_says_when_it_was_stopped():
    known = _outbox_tasks()
    assert known == set(CASES) | set(outbox.NO_JOB_PAGE), (
        "a task of the outbox without a stopped state: register outbox.when_stopped for its "
        "job row and add a case here, or say in outbox.NO_JOB_PAGE why no page waits for it"
    )
    for name in CASES:
        assert outbox.stopped_handler(name) is not None, name


def _crashed(row: OutboxTask) -> None:
    """Its worker died with it once more than the outbox restarts it: the sweep stops it."""
    silent = timezone.now() - datetime.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT + 1)
    OutboxTask.objects.filter(pk=row.pk).update(
        started_at=silent,
        heartbeat_at=silent,
        taken_by="host:1:dead",
        attempts=outbox.MAX_RESTARTS + 1,
        restarts=outbox.MAX_RESTARTS,
    )
    assert outbox.sweep().gave_up == 1


def _raised(row: OutboxTask) -> None:
    """It raised on its last allowed attempt."""
    OutboxTask.objects.filter(pk=row.pk).update(
        started_at=timezone.now(), taken_by="host:1:live", attempts=outbox.MAX_ATTEMPTS
    )
    outbox._failed(row.pk, "host:1:live", RuntimeError("weasyprint: out of memory"))


@pytest.mark.parametrize("how", [_crashed, _raised], ids=["worker died", "task raised"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_stopped_job_says_so_and_offers_what_to_do(name, how, client, cast):
    case = CASES[name]
    page_url = case.start(client, cast)
    row = OutboxTask.objects.get(task=name, finished_at__isnull=True)
    assert case.still_running in client.get(page_url).content.decode()

    how(row)
    row.refresh_from_db()
    assert row.finished_at is not None
    page = client.get(page_url).content.decode()
    assert "несколько раз подряд" in page and "остановлена" in page, page[:3000]
    assert case.action in page
    assert case.still_running not in page
    assert outbox.queue_health().queued == 0


def test_the_offered_action_starts_the_work_again(client, cast, run_tasks):
    """«Повторить» on a stopped print job queues a new job that prints the document."""
    page_url = _issue(client, cast)
    _crashed(OutboxTask.objects.get(task="documents.tasks.render_document"))
    job = RenderJob.objects.get()
    assert job.status == RenderJob.Status.FAILED
    response = run_tasks(client.post, reverse("documents:job_retry", args=[job.pk]))
    assert response.status_code == 302
    assert "Документ сформирован" in client.get(page_url).content.decode()
    assert Document.objects.get().has_files


def test_a_finished_job_is_not_marked_stopped_by_a_late_give_up(client, cast):
    """The worker died after the import was saved, before it finished its outbox row: the
    import stays saved."""
    page_url = _saving(client, cast)
    ImportJob.objects.update(status=ImportJob.Status.DONE, result={"summary": {"created": 5}})
    _crashed(OutboxTask.objects.get(task="orgs.tasks.import_apply"))
    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    assert "остановлена" not in client.get(page_url).content.decode()
