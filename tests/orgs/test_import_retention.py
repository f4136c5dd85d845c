"""Rejected uploads are deleted, not kept; a saved upload's file goes too; previews fall
under the personal-data retention."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from orgs.models import ImportJob
from orgs.tasks import anonymise_personal_data

pytestmark = pytest.mark.django_db

GOOD = "ФИО;Должность;E-mail\nИванова Анна Петровна;Учитель;ivanova@example.ru\n".encode()


@pytest.fixture
def upload(client, cast, celery_eager, django_capture_on_commit_callbacks):
    client.force_login(cast.curator_a)

    def send(content, name="list.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("orgs:import", args=[cast.school_a.pk]),
                {"file": SimpleUploadedFile(name, content)},
            )
        return ImportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])

    return send


def test_a_rejected_upload_keeps_only_its_message(client, upload):
    job = upload("Имя;Рост\nАнна;170\n".encode())
    assert job.status == ImportJob.Status.FAILED
    assert bytes(job.content) == b""
    assert job.result == {}
    page = client.get(reverse("orgs:import_job", args=[job.pk])).content.decode()
    assert "не найдены столбцы" in page.lower()


def test_a_saved_upload_keeps_no_file(client, upload, django_capture_on_commit_callbacks):
    job = upload(GOOD)
    assert job.status == ImportJob.Status.PREVIEW and bytes(job.content)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orgs:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert bytes(job.content) == b""


def test_previews_are_deleted_after_the_retention_period(upload):
    old, recent = upload(GOOD), upload(GOOD)
    ImportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.IMPORT_RETENTION_DAYS + 1)
    )
    anonymise_personal_data()
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [recent.pk]
