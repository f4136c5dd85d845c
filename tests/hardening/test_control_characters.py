"""Control characters never get into the portal's text: every form and API text field strips
them (mentorship.text), and a document whose render fails anyway is not left «издан» without
files: it goes back to the drafts and its number is released."""

import datetime
import importlib
import json
import pkgutil

import pytest
from django import forms
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIClient

import documents
import mentorship
import monitoring
import orgs
import pairs
from documents import services as document_services
from documents.models import Document, Kind
from mentorship.api.models import ApiToken
from mentorship.text import CONTROL
from orgs.models import StaffMember
from tests.factories import StaffMemberFactory
from tests.forms import version_of

pytestmark = pytest.mark.django_db

HOSTILE = "Ива\x07но\x0bва\x01\x00 \x1b[31m\x7f\ud800"
CLEAN = "Иванова [31m"
PROJECT = (orgs, pairs, monitoring, documents, mentorship)


def _project_modules():
    for package in PROJECT:
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations" in info.name or info.name.endswith(
                ("tests", "celery", "wsgi", "asgi")
            ):
                continue
            try:
                importlib.import_module(info.name)
            except Exception:  # noqa: BLE001 - a module that needs a worker or a service
                continue


def _subclasses(base) -> list[type]:
    _project_modules()
    found, todo = [], [base]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.split(".")[0] in {p.__name__ for p in PROJECT}:
                found.append(cls)
    return found


FORMS = _subclasses(forms.BaseForm)
SERIALIZERS = _subclasses(serializers.BaseSerializer)


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_text_field_of_every_form_strips_control_characters(form_class):
    text_fields = {
        name: field
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField)
    }
    for name, field in text_fields.items():
        value = field.to_python(HOSTILE)
        assert not CONTROL.search(value), (form_class, name, value)


@pytest.mark.parametrize("serializer_class", SERIALIZERS, ids=lambda c: c.__name__)
def test_every_text_field_of_every_api_serializer_strips_control_characters(serializer_class):
    try:
        fields = serializer_class().fields
    except Exception:  # noqa: BLE001 - a serializer that needs its view's context
        pytest.skip(f"{serializer_class.__name__} builds its fields only inside a view")
    for name, field in fields.items():
        if isinstance(field, serializers.CharField) and not field.read_only:
            value = field.to_internal_value(HOSTILE)
            assert not CONTROL.search(value), (serializer_class, name, value)


def test_the_generated_lists_are_not_empty():
    assert len(FORMS) > 20 and len(SERIALIZERS) > 5


def test_a_name_typed_with_control_characters_is_stored_clean(client, cast):
    client.force_login(cast.curator_a)
    person = cast.teacher_a
    response = client.post(
        reverse("orgs:staff_edit", args=[person.pk]),
        {
            "last_name": "Тады\x07ева",
            "first_name": "Ай\x0bана",
            "position": "Учитель\x01",
            "category": person.category,
            "row_version": version_of(client, reverse("orgs:staff_edit", args=[person.pk])),
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    person.refresh_from_db()
    assert (person.last_name, person.first_name, person.position) == ("Тадыева", "Айана", "Учитель")


def test_the_api_stores_text_without_control_characters(cast):
    _, key = ApiToken.issue(user=cast.curator_a, name="тест")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    payload = {
        "organisation": cast.school_a.pk,
        "last_name": HOSTILE,
        "first_name": "Анна\x07",
        "position": "Учитель\x0b",
        "subjects": [],
        "career_started_on": "2025-09-01",
    }
    # As a client sends it: JSON escapes (\\u0007, \\ud800), which the parser turns back.
    created = client.post("/api/v1/staff/", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201, created.json()
    person = StaffMember.objects.get(pk=created.json()["id"])
    assert (person.last_name, person.first_name, person.position) == (CLEAN, "Анна", "Учитель")


def test_a_document_naming_old_unclean_text_is_never_issued_without_files(
    cast, django_capture_on_commit_callbacks, celery_eager, settings, tmp_path
):
    """Text stored before this rule (or by a bulk path) may still hold a control character;
    if the document cannot be printed it is a draft again, with its number free."""
    settings.MEDIA_ROOT = tmp_path / "media"
    curator = StaffMemberFactory(organisation=cast.school_a, position="Заместитель директора")
    StaffMember.objects.filter(pk=curator.pk).update(last_name="Курато\x07ва\x0b\x01")
    document = document_services.document_create(
        issuer=cast.school_a,
        kind=Kind.CURATOR,
        date=datetime.date(2025, 9, 1),
        title="",
        params={"curator": [curator.pk], "staff": [cast.teacher_a.pk]},
        acting_user=cast.director_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        document_services.document_issue(
            document=document,
            number="12",
            date=document.date,
            verify_url="",
            acting_user=cast.director_a,
        )
    document.refresh_from_db()
    # The printer refuses the character ("All strings must be XML compatible").
    assert document.status == Document.Status.DRAFT and document.number == ""
    assert not document.pdf and not document.docx
    assert "возвращён в черновики" in document.jobs.get().error


def test_the_api_refuses_text_longer_than_its_schema_allows_before_cleaning(cast):
    """The schema promises ``maxLength`` of the text as sent: one character too many is
    refused with the field's message, even when it is a control character the cleaning would
    drop, and nothing is stored."""
    _, key = ApiToken.issue(user=cast.curator_a, name="тест")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    limit = StaffMember._meta.get_field("position").max_length
    payload = {
        "organisation": cast.school_a.pk,
        "last_name": "Тадыева",
        "first_name": "Айана",
        "position": "У" * (limit - 1) + "\x07" + "й",
        "subjects": [],
        "career_started_on": "2025-09-01",
    }
    before = StaffMember.objects.count()
    refused = client.post("/api/v1/staff/", json.dumps(payload), content_type="application/json")
    assert refused.status_code == 400
    assert str(limit) in json.dumps(refused.json(), ensure_ascii=False)
    assert StaffMember.objects.count() == before
    payload["position"] = "У" * (limit - 1) + "\x07"
    stored = client.post("/api/v1/staff/", json.dumps(payload), content_type="application/json")
    assert stored.status_code == 201, stored.json()
    assert StaffMember.objects.get(pk=stored.json()["id"]).position == "У" * (limit - 1)
