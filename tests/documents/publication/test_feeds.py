"""The news feeds as a feed reader sees them (parsed with feedparser), and the pages that
advertise them to browsers and readers."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents.publication import services
from documents.publication.models import NewsItem
from tests.html import elements

from .test_publishing import municipality_url, pages, school_url  # noqa: F401  (fixture)

feedparser = pytest.importorskip("feedparser", reason="feedparser is a dev dependency")

pytestmark = pytest.mark.django_db


def news(cast, title, **fields):
    item = NewsItem(title=title, text="…", published_on=datetime.date(2026, 10, 2), **fields)
    return services.news_save(news=item, place=cast.m1, acting_user=cast.methodist_m1)


def atom(host="testserver"):
    url = reverse("public:municipality_atom", args=["ongudai"])
    response = Client().get(url, HTTP_HOST=host)
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return feedparser.parse(response.content)


@pytest.mark.usefixtures("pages")
def test_every_atom_entry_says_when_it_was_updated(cast):
    edited = news(cast, "Слёт наставников")
    news(cast, "Конкурс «Наставник года»")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    NewsItem.objects.update(updated_at=yesterday)
    first = {e.title: e for e in atom().entries}
    assert set(first) == {"Слёт наставников", "Конкурс «Наставник года»"}
    assert all(e.get("updated_parsed") for e in first.values())

    edited.text = "Программа слёта дополнена."
    services.news_save(news=edited, place=cast.m1, acting_user=cast.methodist_m1)
    again = {e.title: e for e in atom().entries}
    assert again["Слёт наставников"].updated_parsed > first["Слёт наставников"].updated_parsed
    assert again["Слёт наставников"].id == first["Слёт наставников"].id


@pytest.mark.usefixtures("pages")
def test_entry_ids_carry_the_portal_host_not_the_requests(cast, settings):
    news(cast, "Слёт наставников")
    settings.PORTAL_HOST = "portal.example.ru"
    settings.ALLOWED_HOSTS = ["portal.example.ru", "10.0.0.5"]
    public, internal = atom("portal.example.ru"), atom("10.0.0.5")
    assert public.entries[0].id.startswith("tag:portal.example.ru,2026-10-02:")
    assert public.entries[0].id == internal.entries[0].id
    rss = Client().get(
        reverse("public:municipality_feed", args=["ongudai"]), HTTP_HOST="portal.example.ru"
    )
    rss = feedparser.parse(rss.content)
    assert rss.entries[0].id == public.entries[0].id


@pytest.mark.usefixtures("pages")
@pytest.mark.parametrize("url", [municipality_url, school_url])
def test_a_public_page_advertises_both_news_feeds(url):
    body = Client().get(url()).content.decode()
    advertised = {link["type"]: link["href"] for link in elements(body, "link", rel="alternate")}
    shown = {a["type"]: a["href"] for a in elements(body, "a") if "type" in a}
    assert advertised == shown
    assert set(advertised) == {"application/rss+xml", "application/atom+xml"}
    for kind, href in advertised.items():
        feed = Client().get(href)
        assert feed.status_code == 200 and feed["Content-Type"].startswith(kind)
        assert not feedparser.parse(feed.content).bozo


def test_my_mentoring_advertises_the_calendar_once_it_has_a_link(client, cast):
    client.force_login(cast.mentor_a)
    before = client.get(reverse("pairs:my")).content.decode()
    assert not elements(before, "link", rel="alternate")
    client.post(reverse("pairs:my_settings"), {"action": "calendar_renew"})
    body = client.get(reverse("pairs:my")).content.decode()
    (link,) = elements(body, "link", rel="alternate", type="text/calendar")
    (shown,) = elements(body, "a", type="text/calendar")
    assert link["href"] == shown["href"]
    client.logout()
    feed = client.get(link["href"])
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
