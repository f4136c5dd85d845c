"""The public index of municipalities, and a school page that names its curator and how to
reach them."""

import pytest
from django.test import Client
from django.urls import reverse

from documents.publication import services

pytestmark = pytest.mark.django_db


def test_the_index_lists_municipalities_that_publish_a_page(cast):
    services.page_save(place=cast.m1, acting_user=cast.methodist_m1, slug="ongudai", published=True)
    services.page_save(place=cast.school_a, acting_user=cast.curator_a, slug="sosh", published=True)
    services.page_save(place=cast.m2, acting_user=cast.methodist_m2, slug="gorno", published=False)
    response = Client().get("/nastavnichestvo/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{reverse("public:municipality", args=["ongudai"])}"' in page
    assert "Онгудайский район" in page and "страниц школ: 1" in page
    assert "Республика Алтай" in page
    assert "Город Горно-Алтайск" not in page


def test_the_index_says_so_when_nothing_is_published(db):
    page = Client().get("/nastavnichestvo/").content.decode()
    assert "Пока ни одно муниципальное образование не опубликовало страницу." in page


def test_a_school_page_names_the_curator_and_a_contact(cast):
    services.page_save(place=cast.m1, acting_user=cast.methodist_m1, slug="ongudai", published=True)
    services.page_save(
        place=cast.school_a,
        acting_user=cast.curator_a,
        slug="sosh",
        published=True,
        curator_name="Кызылова Айана Петровна",
        curator_position="заместитель директора по УВР",
        curator_contact="kyzylova@ongudai-school.ru",
    )
    page = Client().get(reverse("public:organisation", args=["ongudai", "sosh"])).content.decode()
    assert "<strong>Кызылова Айана Петровна</strong>, заместитель директора по УВР" in page
    assert 'href="mailto:kyzylova@ongudai-school.ru"' in page
