"""Art. 351.8 of the Labour Code: a pair starts work only with the mentor's written consent,
in the form, on the pair's page, in the API and on the school's to-do list alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document, Kind
from pairs import services
from pairs.models import Pair, PairStatusChange
from tests.api.test_api import api_as

from .factories import PairFactory, ProgrammeFactory
from .test_views import pair_post, young

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def draft_without_consent(cast) -> Pair:
    return PairFactory(
        programme__organisation=cast.school_a,
        status=Pair.Status.DRAFT,
        consent_status=Pair.Consent.NONE,
        consent_on=None,
        mentee=young(cast.school_a, last_name="Молодцова"),
    )


def test_the_service_refuses_to_start_a_pair_without_consent(cast):
    pair = draft_without_consent(cast)
    with pytest.raises(ValidationError) as error:
        services.pair_change_status(pair=pair, to_status="active", acting_user=cast.curator_a)
    assert services.CONSENT_REQUIRED in error.value.messages
    pair.refresh_from_db()
    assert pair.status == Pair.Status.DRAFT
    assert not pair.status_changes.filter(event=PairStatusChange.Event.ACTIVATED).exists()


def test_a_refused_consent_says_so(cast):
    pair = draft_without_consent(cast)
    Pair.objects.filter(pk=pair.pk).update(consent_status=Pair.Consent.REFUSED)
    pair.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.pair_change_status(pair=pair, to_status="active", acting_user=None)
    assert services.CONSENT_REFUSED in error.value.messages


def test_the_create_form_refuses_an_active_pair_without_consent(client, cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    client.force_login(cast.curator_a)
    data = pair_post(programme, [cast.teacher_a], [young(cast.school_a)])
    data.update(consent_status="none", consent_on="")
    response = client.post(reverse("pairs:create", args=[cast.school_a.pk]), data)
    assert response.status_code == 200
    assert services.CONSENT_REQUIRED in response.content.decode()
    assert not Pair.objects.exists()
    data["status"] = "draft"
    response = client.post(reverse("pairs:create", args=[cast.school_a.pk]), data)
    assert response.status_code == 302
    assert Pair.objects.get().status == Pair.Status.DRAFT


def test_the_pair_page_shows_why_activation_is_refused(client, cast):
    pair = draft_without_consent(cast)
    client.force_login(cast.curator_a)
    response = client.post(reverse("pairs:status", args=[pair.pk]), {"to_status": "active"})
    assert response.status_code == 400
    page = response.content.decode()
    assert services.CONSENT_REQUIRED in page
    assert "Запросить согласие" in page
    pair.refresh_from_db()
    assert pair.status == Pair.Status.DRAFT


def test_consent_is_requested_in_one_step_with_the_document_then_recorded(client, cast):
    pair = draft_without_consent(cast)
    client.force_login(cast.curator_a)
    response = client.post(reverse("documents:pair_consent_request", args=[pair.pk]), follow=True)
    pair.refresh_from_db()
    assert pair.consent_status == Pair.Consent.REQUESTED
    document = Document.objects.get()
    assert document.kind == Kind.CONSENT and document.params == {"pairs": [pair.pk]}
    assert pair.consent_document == document
    assert reverse("documents:detail", args=[document.pk]) in response.content.decode()

    # A date in the future is refused and nothing changes.
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(
        reverse("pairs:consent_record", args=[pair.pk]), {"consent_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert "Дата согласия не может быть в будущем." in response.content.decode()
    pair.refresh_from_db()
    assert pair.consent_status == Pair.Consent.REQUESTED

    response = client.post(
        reverse("pairs:consent_record", args=[pair.pk]),
        {
            "consent_on": datetime.date.today().isoformat(),
            "scan": SimpleUploadedFile("согласие.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.has_consent and pair.consent_scan
    scan = client.get(reverse("pairs:consent_scan", args=[pair.pk]))
    assert b"".join(scan.streaming_content) == PDF

    response = client.post(
        reverse("pairs:status", args=[pair.pk]), {"to_status": "active"}, follow=True
    )
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE
    # The supplementary agreement and the pay come next.
    assert services.AGREEMENT_PROMPT in response.content.decode()
    events = list(pair.status_changes.values_list("event", flat=True))
    assert events[-3:] == ["consent_asked", "consent_given", "activated"]


def test_a_scan_that_is_not_what_it_says_is_refused(client, cast):
    pair = draft_without_consent(cast)
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:consent_record", args=[pair.pk]),
        {
            "consent_on": "2025-08-25",
            "scan": SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>"),
        },
    )
    assert response.status_code == 400
    assert "Содержимое файла не соответствует его расширению." in response.content.decode()
    pair.refresh_from_db()
    assert pair.consent_status == Pair.Consent.NONE and not pair.consent_scan


def test_the_mentor_cannot_request_or_record_consent_themselves(client, cast):
    pair = PairFactory(
        programme__organisation=cast.school_a,
        status=Pair.Status.DRAFT,
        consent_status=Pair.Consent.NONE,
        consent_on=None,
        mentor=cast.teacher_a,
    )
    client.force_login(cast.mentor_a)
    for name in ("documents:pair_consent_request", "pairs:consent_record"):
        response = client.post(reverse(name, args=[pair.pk]), {"consent_on": "2025-08-25"})
        assert response.status_code == 403
    pair.refresh_from_db()
    assert pair.consent_status == Pair.Consent.NONE


def test_the_api_follows_the_same_rule(cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    client = api_as(cast.curator_a)
    body = {
        "programme": programme.pk,
        "mentors": [cast.teacher_a.pk],
        "mentees": [young(cast.school_a).pk],
        "status": "active",
    }
    response = client.post("/api/v1/pairs/", body)
    assert response.status_code == 400
    assert services.CONSENT_REQUIRED in str(response.json())
    assert not Pair.objects.exists()

    body["status"] = "draft"
    pair_id = client.post("/api/v1/pairs/", body).json()["id"]
    response = client.post(f"/api/v1/pairs/{pair_id}/status/", {"to_status": "active"})
    assert response.status_code == 400
    assert services.CONSENT_REQUIRED in str(response.json())
    assert Pair.objects.get().status == Pair.Status.DRAFT

    response = client.post(f"/api/v1/pairs/{pair_id}/consent/", {"consent_on": "2025-08-25"})
    assert response.status_code == 200, response.json()
    assert response.json()["consent_status"] == "given"
    response = client.post(f"/api/v1/pairs/{pair_id}/status/", {"to_status": "active"})
    assert response.status_code == 200 and response.json()["status"] == "active"


def test_active_pairs_without_consent_are_on_the_school_to_do_list(client, cast):
    legacy = PairFactory(
        programme__organisation=cast.school_a,
        consent_status=Pair.Consent.NONE,
        consent_on=None,
        mentee=young(cast.school_a, last_name="Безсогласия"),
    )
    kept = PairFactory(programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    page = client.get(reverse("monitoring:school_overview", args=[cast.school_a.pk]))
    html = page.content.decode()
    assert 'data-todo="active_without_consent"' in html
    assert reverse("pairs:detail", args=[legacy.pk]) in html
    assert (
        f'href="{reverse("pairs:detail", args=[kept.pk])}">'
        not in html.split('data-todo="active_without_consent"')[1].split("</ul>")[0]
    )
