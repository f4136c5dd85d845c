"""What a document needs is in its request's schema (one body per group of kinds, chosen by
«kind») and the server asks exactly that: a certificate names its mentor in «staff», the
curator's order its «curator»; a number already taken is the register's state (409)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from documents.models import Document
from tests.api.test_api import api_as

pytestmark = pytest.mark.django_db


def _post(client, **body):
    return client.post("/api/v1/documents/", body, format="json")


def test_the_schema_says_which_kinds_need_whom():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    mapping = components["NewDocumentRequest"]["discriminator"]["mapping"]

    def required(kind):
        return set(components[mapping[kind].split("/")[-1]].get("required", []))

    assert {"staff", "organisation", "kind"} <= required("certificate")
    assert "curator" in required("curator")
    assert "pairs" in required("pairs")
    assert not {"pairs", "staff", "curator"} & required("target_model")


def test_a_certificate_without_its_mentor_is_refused_and_with_one_is_issued(
    cast, celery_eager, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = api_as(cast.curator_a)
    school = cast.school_a.pk
    response = _post(client, organisation=school, kind="certificate")
    assert response.status_code == 400
    assert "staff" in response.json()
    assert not Document.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, organisation=school, kind="certificate", staff=[cast.teacher_a.pk])
    assert response.status_code == 202, response.json()
    assert Document.objects.get().params["staff"] == [cast.teacher_a.pk]
    response = _post(client, organisation=school, kind="curator", curator=cast.teacher_a.pk)
    assert response.status_code == 202, response.json()


def test_a_number_already_taken_this_year_is_a_conflict(
    cast, celery_eager, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = api_as(cast.curator_a)
    body = {"organisation": cast.school_a.pk, "kind": "target_model", "number": "7-од"}
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, **body, date="2025-09-01").status_code == 202
    response = _post(client, **body, date="2025-10-01")
    assert response.status_code == 409
    assert "уже есть" in response.json()["number"][0]
    assert Document.objects.count() == 1


def test_control_characters_in_free_parameters_and_subject_names_are_cleaned_not_fatal(
    cast, celery_eager, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = api_as(cast.curator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            organisation=cast.school_a.pk,
            kind="target_model",
            params={"note\x00": ["a\x00b", {"c": "\x07d"}]},
        )
    assert response.status_code == 202, response.json()
    assert Document.objects.get().params == {"note": ["ab", {"c": "d"}]}
    response = client.patch(
        f"/api/v1/staff/{cast.teacher_a.pk}/", {"subjects": ["Мате\x00матика"]}, format="json"
    )
    assert response.status_code in (200, 400), response.content
    assert "subjects" in response.json()
