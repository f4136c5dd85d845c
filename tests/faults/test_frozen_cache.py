"""A frozen cache Redis (SIGSTOP: connections open, nothing answers) costs a page at most one
short timeout: after the first one the process skips the cache (mentorship/cache.py).

The Redis is the test's own, on a free port; the backend and its options are the production
ones (settings.REDIS_CACHE_OPTIONS)."""

from __future__ import annotations

import logging
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from mentorship import cache as breaker_module
from pairs.models import Pair
from tests.pairs.factories import PairFactory

from .own_redis import own_redis

pytestmark = pytest.mark.django_db
PASSWORD = "demo-mentor-2026"
# Scheduling noise on a loaded two-core machine; the failure this guards against cost
# seconds per page (every cache call waited 2 s, one after another).
SLACK = 0.5


@pytest.fixture
def frozen_able_cache(tmp_path):
    with own_redis(tmp_path) as server:
        config = {
            "default": {
                "BACKEND": "mentorship.cache.BreakerRedisCache",
                "LOCATION": server.url,
                "OPTIONS": settings.REDIS_CACHE_OPTIONS,
            },
            "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }
        with override_settings(
            CACHES=config,
            SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        ):
            breaker_module._breakers.clear()
            yield server
            breaker_module._breakers.clear()


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _slowest(client, url, times=3) -> float:
    slowest = 0.0
    for _ in range(times):
        caches["local"].clear()
        elapsed, response = _timed(lambda: client.get(url))
        assert response.status_code == 200
        slowest = max(slowest, elapsed)
    return slowest


def test_the_cache_timeout_is_tens_of_milliseconds():
    assert settings.REDIS_CACHE_OPTIONS["SOCKET_TIMEOUT"] <= 0.1
    assert settings.REDIS_CACHE_OPTIONS["SOCKET_CONNECT_TIMEOUT"] <= 0.1


def test_a_page_with_the_cache_frozen_costs_at_most_one_timeout(cast, frozen_able_cache, caplog):
    for _ in range(3):
        PairFactory(programme__organisation=cast.school_a)
    client = Client()
    client.force_login(cast.curator_a)
    url = reverse("pairs:list", args=[cast.school_a.pk])
    # The usual budget: the page rendered afresh with a healthy cache (every write bumps the
    # versions in its key, so each of these renders).
    client.get(url)
    usual = 0.0
    for _ in range(3):
        Pair.objects.filter(programme__organisation=cast.school_a).update(title="обновлено")
        usual = max(usual, _slowest(client, url, times=1))
    assert caches["default"].get("probe") is None  # the cache answers

    frozen_able_cache.freeze()
    timeout = settings.REDIS_CACHE_OPTIONS["SOCKET_TIMEOUT"]
    with caplog.at_level(logging.ERROR, logger="mentorship.cache"):
        first = _slowest(client, url, times=1)
        later = _slowest(client, url, times=5)
    print(
        f"usual {usual * 1000:.0f} ms, frozen: first {first * 1000:.0f} ms, "
        f"later {later * 1000:.0f} ms (timeout {timeout * 1000:.0f} ms)"
    )
    assert first <= usual + timeout + SLACK
    assert later <= usual + SLACK
    # Exactly one call waited for its timeout; every other one skipped the cache.
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    assert "is not answering" in caplog.records[0].getMessage()


def test_a_login_with_the_cache_frozen_costs_at_most_one_timeout(cast, frozen_able_cache):
    cast.curator_a.set_password(PASSWORD)
    cast.curator_a.save()
    login = reverse("login")

    def sign_in():
        client = Client()
        return client.post(login, {"username": "curator_a", "password": PASSWORD})

    usual = max(_timed(sign_in)[0] for _ in range(3))
    frozen_able_cache.freeze()
    timeout = settings.REDIS_CACHE_OPTIONS["SOCKET_TIMEOUT"]
    elapsed, response = _timed(sign_in)
    assert response.status_code == 302, response.content.decode()[:2000]
    print(f"login usual {usual * 1000:.0f} ms, frozen {elapsed * 1000:.0f} ms")
    assert elapsed <= usual + timeout + SLACK
    # The session was stored in the database: the next page knows who this is.
    client = Client()
    client.post(login, {"username": "curator_a", "password": PASSWORD})
    assert client.get(reverse("home")).status_code in (200, 302)


@override_settings(CACHE_BREAKER_SECONDS=0.3)
def test_the_breaker_closes_when_the_cache_answers_again(frozen_able_cache):
    cache = caches["default"]
    cache.set("k", "v")
    frozen_able_cache.freeze()
    assert cache.get("k") is None  # the timeout: a miss
    started = time.perf_counter()
    assert cache.get("k") is None  # open: a miss at once
    assert time.perf_counter() - started < 0.01
    frozen_able_cache.thaw()
    time.sleep(0.35)
    assert cache.get("k") == "v"  # one probe goes through and closes the breaker
    assert cache.get("k") == "v"
