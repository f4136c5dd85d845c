"""Two people issue documents with the same number at the same moment: one gets the number,
the other is told so on the form, with what they typed kept — never a 500."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from documents import services
from documents.models import Document, Kind
from orgs import outbox
from tests.factories import StaffMemberFactory

TAKEN = "Документ с таким номером в этом году уже есть."


def _draft(cast) -> Document:
    curator = StaffMemberFactory(organisation=cast.school_a, position="Заместитель директора")
    return services.document_create(
        issuer=cast.school_a,
        kind=Kind.CURATOR,
        date=datetime.date(2025, 9, 1),
        title="",
        params={"curator": [curator.pk], "staff": [cast.teacher_a.pk]},
        acting_user=cast.director_a,
    )


@pytest.mark.django_db
def test_a_taken_number_is_refused_on_the_form_with_the_typed_values_kept(cast, monkeypatch):
    monkeypatch.setattr(outbox, "_deliver", lambda *args, **kwargs: None)
    first, second = _draft(cast), _draft(cast)
    services.document_issue(
        document=first, number="12", date=first.date, verify_url="", acting_user=cast.director_a
    )
    client = Client()
    client.force_login(cast.director_a)
    response = client.post(
        reverse("documents:issue", args=[second.pk]), {"number": "12", "date": "2025-10-03"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert TAKEN in page
    assert 'name="number" value="12"' in page and 'value="2025-10-03"' in page
    second.refresh_from_db()
    assert second.status == Document.Status.DRAFT


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a race on the unique index needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_people_issuing_one_number_at_once_get_one_document_and_one_message(cast, monkeypatch):
    monkeypatch.setattr(outbox, "_deliver", lambda *args, **kwargs: None)
    drafts = [_draft(cast), _draft(cast)]
    # Both requests pass validation before either writes: the race the unique index decides.
    barrier = threading.Barrier(2, timeout=20)
    original = Document.full_clean

    def full_clean_then_wait(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.status == Document.Status.ISSUED:
            barrier.wait()

    monkeypatch.setattr(Document, "full_clean", full_clean_then_wait)
    responses = {}

    def issue(document):
        client = Client()
        client.force_login(cast.director_a)
        try:
            responses[document.pk] = client.post(
                reverse("documents:issue", args=[document.pk]),
                {"number": "31", "date": "2025-09-01"},
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in responses.values())
    assert codes == [302, 400], codes
    refused = next(r for r in responses.values() if r.status_code == 400).content.decode()
    assert TAKEN in refused and 'name="number" value="31"' in refused
    issued = Document.objects.filter(number="31", status=Document.Status.ISSUED)
    assert issued.count() == 1
