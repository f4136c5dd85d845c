"""The 400, 403, 404 and 500 pages are Russian pages of the portal, not Django's English
defaults."""

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from mentorship import urls as portal_urls

pytestmark = pytest.mark.django_db

ENGLISH = ("Not Found", "Forbidden", "Bad Request", "Server Error", "requested resource")


def assert_russian_page(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert heading in html, html[:500]
    assert '<html lang="ru">' in html
    for word in ENGLISH:
        assert word not in html, word


def test_a_missing_page_is_a_russian_page(client, cast):
    assert_russian_page(client.get("/no-such-page/"), 404, "Страница не найдена")
    client.force_login(cast.curator_a)
    response = client.get(reverse("orgs:workspace", args=[cast.school_b.pk]))
    assert_russian_page(response, 404, "Страница не найдена")
    assert "Кедровская СОШ" not in response.content.decode()


def test_a_refusal_is_a_russian_page_with_the_reason(client, cast):
    client.force_login(cast.curator_a)
    response = client.get(reverse("orgs:roles"))
    assert_russian_page(response, 403, "Доступ запрещён")
    assert "Назначать роли могут" in response.content.decode()


def test_a_stale_form_is_refused_on_a_russian_page(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "curator_a", "password": "x"})
    assert_russian_page(response, 403, "Страница устарела")


def test_a_malformed_request_is_a_russian_page(client):
    response = client.get("/", HTTP_HOST="bad host name")
    assert_russian_page(response, 400, "Неверный запрос")


def broken(request):
    raise RuntimeError("сбой")


urlpatterns = [path("broken/", broken)]
handler500 = portal_urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_a_russian_page(db):
    client = Client(raise_request_exception=False)
    assert_russian_page(client.get("/broken/"), 500, "Ошибка на сервере")


def test_the_portal_declares_its_own_error_pages():
    for code in (400, 403, 404, 500):
        assert getattr(portal_urls, f"handler{code}").startswith("mentorship.errors."), code
