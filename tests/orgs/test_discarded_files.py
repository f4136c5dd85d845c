"""A stored file is never overwritten in place nor deleted at once (orgs/files.py): a backup
that dumped the database a moment ago still names it, and its media archive, taken after the
dump, must find it. A replaced scan gets a name of its own; the old one is deleted by the
nightly purge once the grace period has passed."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from orgs.files import purge_discarded
from orgs.models import DiscardedFile
from pairs import services
from pairs.models import Pair
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def after_the_grace() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=settings.MEDIA_DISCARD_GRACE_HOURS, minutes=1)


def _record(pair, content: bytes) -> Pair:
    scan = SimpleUploadedFile("согласие.pdf", content, "application/pdf")
    return services.pair_consent_record(
        pair=pair, consent_on=timezone.localdate(), acting_user=None, scan=scan
    )


def test_a_replaced_scan_gets_a_new_name_and_the_old_one_outlives_a_backup_run(
    cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pair = PairFactory(programme__organisation=cast.school_a, status=Pair.Status.DRAFT)
    first = _record(pair, PDF + b" first").consent_scan
    second = _record(pair, PDF + b" second").consent_scan
    assert second.name != first.name  # never written over the file an older dump names
    assert first.storage.open(first.name).read().endswith(b" first")
    assert second.storage.open(second.name).read().endswith(b" second")

    assert purge_discarded() == 0  # a backup running now still finds the old scan
    assert first.storage.exists(first.name)
    assert purge_discarded(now=after_the_grace()) == 1
    assert not first.storage.exists(first.name)
    assert second.storage.exists(second.name)
    assert not DiscardedFile.objects.exists()


def test_a_refused_replacement_discards_nothing(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pair = PairFactory(programme__organisation=cast.school_a, status=Pair.Status.DRAFT)
    first = _record(pair, PDF).consent_scan
    with pytest.raises(ValidationError):
        _record(pair, b"MZ not a pdf")
    assert not DiscardedFile.objects.exists()
    purge_discarded(now=after_the_grace())
    assert first.storage.exists(first.name)


def test_the_purge_runs_nightly_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["orgs-purge-discarded-files"]
    assert entry["task"] == "orgs.tasks.purge_discarded_files"
