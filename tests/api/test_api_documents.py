"""API v1 documents: request the pairs order, poll its job, download the PDF with the token."""

import pytest

from documents.models import Document
from tests.api.test_api import api_as
from tests.documents.helpers import pdf_text
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db


def test_a_curator_requests_the_pairs_order_and_downloads_its_pdf(
    cast, celery_eager, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pair = PairFactory(programme__organisation=cast.school_a, status="active")
    mentor = pair.members.get(role="mentor").staff
    client = api_as(cast.curator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/documents/",
            {
                "organisation": cast.school_a.pk,
                "kind": "pairs",
                "pairs": [pair.pk],
                "number": "45-од",
                "date": "2025-09-01",
            },
            format="json",
        )
    assert response.status_code == 202, response.json()
    job = client.get(response["Location"]).json()
    assert job["status"] == "done"
    assert job["document"]["number"] == "45-од"
    pdf = client.get(job["document"]["downloads"]["pdf"])
    assert pdf.status_code == 200
    text = pdf_text(b"".join(pdf.streaming_content))
    assert "ПРИКАЗЫВАЮ" in text
    assert mentor.last_name in text


def test_a_methodist_may_not_request_a_school_order(cast):
    response = api_as(cast.methodist_m1).post(
        "/api/v1/documents/",
        {"organisation": cast.school_a.pk, "kind": "target_model"},
        format="json",
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_an_outsider_neither_lists_nor_polls_another_schools_documents(
    cast, celery_eager, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        job_url = api_as(cast.curator_a).post(
            "/api/v1/documents/",
            {"organisation": cast.school_a.pk, "kind": "target_model"},
            format="json",
        )["Location"]
    outsider = api_as(cast.curator_b)
    assert outsider.get("/api/v1/documents/").json()["count"] == 0
    assert outsider.get(job_url).status_code == 404
