"""Issued orders of a school fill its pack of local acts (effectiveness monitoring) by
themselves: date, number and the printed PDF; a revoked order leaves it again."""

import datetime

import pytest

from documents import services
from documents.models import Document, Kind, RenderJob
from monitoring.effectiveness import services as effectiveness
from monitoring.effectiveness.models import LocalAct
from monitoring.effectiveness.selectors import organisation_acts
from orgs.files import purge_discarded
from tests.orgs.test_discarded_files import after_the_grace

pytestmark = pytest.mark.django_db


def issued(cast, kind=Kind.TARGET_MODEL, number="45-од", captured=None) -> Document:
    document = services.document_create(
        issuer=cast.school_a,
        kind=kind,
        date=datetime.date(2026, 9, 1),
        title="",
        params={},
        acting_user=cast.director_a,
    )
    with captured(execute=True):
        services.document_issue(
            document=document,
            number=number,
            date=document.date,
            verify_url="",
            acting_user=cast.director_a,
        )
    document.refresh_from_db()
    return document


def pack(organisation) -> dict[str, tuple]:
    """The school's pack as the local-acts page shows it: document → (number, date, by portal)."""
    return {
        row["kind"].name: (row["act"].number, row["act"].date, row["act"].generated)
        for row in organisation_acts(organisation)
        if row["act"]
    }


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (Kind.TARGET_MODEL, "Приказ о внедрении целевой модели наставничества"),
        (
            Kind.REGULATION,
            "Приказ об утверждении Положения о системе наставничества "
            "(приложения: Положение, Дорожная карта)",
        ),
    ],
)
def test_an_issued_school_order_enters_the_schools_pack_of_local_acts(
    cast, django_capture_on_commit_callbacks, kind, name
):
    issued(cast, kind, captured=django_capture_on_commit_callbacks)
    assert pack(cast.school_a) == {name: ("45-од", datetime.date(2026, 9, 1), True)}
    act = LocalAct.objects.get(organisation=cast.school_a)
    assert act.file.read().startswith(b"%PDF")
    assert pack(cast.school_a2) == {}


def test_a_revoked_order_leaves_the_pack_with_its_file(cast, django_capture_on_commit_callbacks):
    document = issued(cast, captured=django_capture_on_commit_callbacks)
    act = LocalAct.objects.get(organisation=cast.school_a)
    storage, name = act.file.storage, act.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.document_revoke(document=document, reason="Ошибка", acting_user=cast.director_a)
    assert pack(cast.school_a) == {}
    # Kept for a backup that may be running (its dump still names it), deleted after.
    assert storage.exists(name)
    assert purge_discarded(now=after_the_grace()) == 1
    assert not storage.exists(name)
    assert storage.exists(document.pdf.name)  # the revoked document itself keeps its print


def test_revoking_an_old_order_keeps_the_act_that_replaced_it(
    cast, django_capture_on_commit_callbacks
):
    old = issued(cast, number="1", captured=django_capture_on_commit_callbacks)
    issued(cast, number="2", captured=django_capture_on_commit_callbacks)
    services.document_revoke(
        document=old, reason="Заменён приказом № 2", acting_user=cast.director_a
    )
    assert pack(cast.school_a) == {
        "Приказ о внедрении целевой модели наставничества": ("2", datetime.date(2026, 9, 1), True)
    }


def test_revoking_keeps_the_curators_own_copy_of_the_act(cast, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = issued(cast, captured=django_capture_on_commit_callbacks)
    effectiveness.local_act_save(
        organisation=cast.school_a,
        position=1,
        number="45-од",
        date=datetime.date(2026, 9, 1),
        file=SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        acting_user=cast.curator_a,
    )
    services.document_revoke(document=document, reason="Ошибка", acting_user=cast.director_a)
    assert pack(cast.school_a) == {
        "Приказ о внедрении целевой модели наставничества": (
            "45-од",
            datetime.date(2026, 9, 1),
            False,
        )
    }


def test_printing_again_keeps_one_record_and_no_stray_copy(
    cast, django_capture_on_commit_callbacks
):
    document = issued(cast, captured=django_capture_on_commit_callbacks)
    first = LocalAct.objects.get(organisation=cast.school_a).file
    job = document.jobs.get()
    RenderJob.objects.filter(pk=job.pk).update(status=RenderJob.Status.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        services.render_job_run(job_id=job.pk)
    act = LocalAct.objects.get(organisation=cast.school_a)
    assert act.file.read().startswith(b"%PDF")
    assert act.file.name != first.name
    assert first.storage.exists(first.name)  # until the grace period has passed
    purge_discarded(now=after_the_grace())
    assert not first.storage.exists(first.name)
    assert act.file.storage.exists(act.file.name)


def test_an_order_the_municipality_dropped_from_its_pack_is_printed_but_not_recorded(
    cast, django_capture_on_commit_callbacks
):
    effectiveness.local_act_kinds(municipality=cast.m1)
    effectiveness.local_act_kind_remove(
        municipality=cast.m1, position=1, acting_user=cast.methodist_m1
    )
    document = issued(cast, captured=django_capture_on_commit_callbacks)
    assert document.pdf.read().startswith(b"%PDF")
    assert document.jobs.get().status == RenderJob.Status.DONE
    assert pack(cast.school_a) == {}
