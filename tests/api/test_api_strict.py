"""A request says what it means or is refused: every list of the router is walked with an
unknown parameter, a repeated one, page numbers and sizes out of range and ids that are not
numbers (400 in Russian), and the schema documents exactly the parameters the server takes."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from mentorship.api.urls import router
from tests.api.test_api import api_as
from tests.api.test_api_messages import assert_russian

pytestmark = pytest.mark.django_db

LISTS = [prefix for prefix, viewset, _ in router.registry if hasattr(viewset, "list")]


@pytest.mark.parametrize("prefix", LISTS)
def test_every_list_refuses_what_it_does_not_understand(cast, prefix):
    client = api_as(cast.coordinator_r1)
    url = f"/api/v1/{prefix}/"
    assert client.get(url).status_code == 200
    for query in (
        {"organisaton": "1"},  # a typo would otherwise return every row as if filtered
        {"page_size": "0"},
        {"page_size": "201"},
        {"page_size": "много"},
        {"page": "0"},
        {"page": "-1"},
        {"ordering": "пароль"},
    ):
        response = client.get(url, query)
        assert response.status_code == 400, (query, response.content)
        assert_russian(response, query)
    assert client.get(f"{url}?page=1&page=2").status_code == 400
    assert client.get(url, {"page": "999"}).status_code == 404
    assert client.get(url, {"page_size": "200", "page": "1"}).status_code == 200


def test_an_id_filter_takes_numbers_and_a_missing_row_matches_nothing(cast):
    client = api_as(cast.coordinator_r1)
    response = client.get("/api/v1/organisations/", {"municipality": "999999"})
    assert response.status_code == 200 and response.json()["results"] == []
    for bad in ("abc", "-1", "0", "99999999999"):
        response = client.get("/api/v1/organisations/", {"municipality": bad})
        assert response.status_code == 400, bad
        assert "Укажите номер записи" in response.content.decode()


def test_a_detail_takes_no_parameters(cast):
    response = api_as(cast.curator_a).get(
        f"/api/v1/staff/{cast.teacher_a.pk}/", {"organisation": cast.school_a.pk}
    )
    assert response.status_code == 400
    assert "нет параметров" in response.content.decode()


def test_a_year_153_is_refused_in_every_date_of_a_request(cast):
    client = api_as(cast.curator_a)
    body = {
        "organisation": cast.school_a.pk,
        "last_name": "Проверкина",
        "first_name": "Анна",
        "position": "Учитель",
    }
    for field in ("birth_date", "hired_on", "career_started_on"):
        for bad in ("0153-01-21", "20240101", "2024-02-30", "2100-01-01"):
            response = client.post("/api/v1/staff/", {**body, field: bad}, format="json")
            assert response.status_code == 400, (field, bad)
            assert "с 1900 по 2099 год" in response.json()[field][0]
    assert client.post("/api/v1/staff/", {**body, "hired_on": "2024-02-29"}).status_code == 201


def test_the_schema_documents_exactly_the_query_parameters_the_server_takes(cast):
    """Every documented parameter is accepted and every other one refused, so the schema
    and the strict check can never drift apart (a new filter is documented by itself)."""
    from django.urls import resolve
    from rest_framework.test import APIRequestFactory

    schema = SchemaGenerator().get_schema(request=None, public=True)
    factory = APIRequestFactory()
    checked = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            url = path.replace("{id}", "1")
            match = resolve(url)
            view_class = match.func.cls
            view = view_class()
            actions = getattr(match.func, "actions", None)
            view.action = actions.get(method) if actions else None
            view.request = factory.generic(method.upper(), url)
            view.format_kwarg = None
            assert view.known_query_parameters() == documented, (method, path)
            checked += 1
    assert checked >= 30


def test_an_empty_parameter_is_refused_rather_than_meaning_all(cast):
    response = api_as(cast.coordinator_r1).get("/api/v1/organisations/", {"municipality": ""})
    assert response.status_code == 400
    assert "Пустое значение" in response.content.decode()
