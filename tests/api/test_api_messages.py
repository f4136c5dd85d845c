"""Every API message is Russian: 404s (never Django's «No StaffMember matches the given
query.»), bodies that are not JSON, validation, filters, methods and credentials. Generated
over every resource the router registers, so a new one is covered too."""

import re

import pytest
from rest_framework.test import APIClient

from mentorship.api.urls import router
from tests.api.test_api import api_as

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
# Quoted values (a method, a choice the caller sent) and these names may stay Latin.
ALLOWED = re.compile(r"\"[^\"]*\"|«[^»]*»|'[^']*'|\bJSON\b|\bAPI\b|\bToken\b")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def texts(body):
    if isinstance(body, dict):
        for value in body.values():
            yield from texts(value)
    elif isinstance(body, list):
        for value in body:
            yield from texts(value)
    elif isinstance(body, str):
        yield body


def assert_russian(response, what):
    body = response.json()
    found = list(texts(body))
    assert found, (what, body)
    for text in found:
        assert CYRILLIC.search(text), (what, text)
        assert not LATIN_WORD.search(ALLOWED.sub("", text)), (what, text)


RESOURCES = {prefix: viewset for prefix, viewset, _ in router.registry}


@pytest.mark.parametrize("prefix", RESOURCES)
def test_every_api_error_of_every_resource_is_in_russian(cast, prefix):
    client = api_as(cast.curator_a)
    # A resource without a list (activities) is reached through its items only.
    url = f"/api/v1/{prefix}/" if hasattr(RESOURCES[prefix], "list") else f"/api/v1/{prefix}/1/"
    missing = client.get(f"/api/v1/{prefix}/999999/")
    assert missing.status_code == 404
    assert_russian(missing, "404")
    assert "matches the given query" not in missing.content.decode()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(url, data="{not json", content_type="application/json")
        assert response.status_code in {400, 403, 404, 405}, (method, response.status_code)
        assert_russian(response, method)
    empty = client.post(url, data={}, format="json")
    assert empty.status_code in {400, 403, 404, 405}
    assert_russian(empty, "empty body")
    if hasattr(RESOURCES[prefix], "list"):
        assert_russian(client.get(url, {"page": 999}), "page")


def test_a_body_that_is_not_json_is_named_in_russian(cast):
    response = api_as(cast.curator_a).post(
        "/api/v1/programmes/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Тело запроса не разобрано: ожидается корректный JSON."}


def test_validation_and_filter_messages_are_in_russian(cast):
    client = api_as(cast.curator_a)
    response = client.post("/api/v1/programmes/", {"title": ""}, format="json")
    assert response.status_code == 400
    assert_russian(response, "validation")
    response = client.get("/api/v1/pairs/", {"status": "ерунда", "organisation": "абв"})
    assert response.status_code == 400
    assert_russian(response, "filters")


def test_credentials_are_refused_in_russian(cast):
    assert_russian(APIClient().get("/api/v1/staff/"), "no credentials")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert_russian(client.get("/api/v1/staff/"), "bad token")


def test_a_dashboard_of_a_foreign_place_answers_404_in_russian(cast):
    response = api_as(cast.curator_a).get(f"/api/v1/dashboards/organisation/{cast.school_b.pk}/")
    assert response.status_code == 404
    assert_russian(response, "dashboard")
