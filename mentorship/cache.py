"""The cache Redis with a circuit breaker: a frozen or dead cache costs a request at most one
short timeout, never one per cache call.

django-redis already turns a connection error into a cache miss (``IGNORE_EXCEPTIONS``), but
each call still waits for its own socket timeout: a page makes several calls, so a frozen
Redis added seconds to every page. Here the first failure opens the breaker for this process
and every cache call during the next ``CACHE_BREAKER_SECONDS`` is a miss at once; then one call
is let through to probe, and the breaker closes when it succeeds.

The state is per process and per cache address, shared by the process's threads (Django makes
one backend object per thread).
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)


class Breaker:
    """Open for ``seconds`` after a failure; one probe at a time afterwards."""

    def __init__(self):
        self._lock = threading.Lock()
        self.open_until = 0.0

    def allows(self) -> bool:
        with self._lock:
            now = time.monotonic()
            if now < self.open_until:
                return False
            if self.open_until:
                # Half-open: this caller probes; the others keep skipping until it answers.
                self.open_until = now + _seconds()
            return True

    def failed(self, location: str, error: Exception) -> None:
        with self._lock:
            was_open = bool(self.open_until)
            self.open_until = time.monotonic() + _seconds()
        if not was_open:
            logger.error(
                "cache Redis %s is not answering (%s): skipping the cache for %s s",
                location,
                error.__cause__ or error,
                _seconds(),
            )

    def succeeded(self, location: str) -> None:
        with self._lock:
            was_open = bool(self.open_until)
            self.open_until = 0.0
        if was_open:
            logger.warning("cache Redis %s answers again", location)

    @property
    def is_open(self) -> bool:
        return bool(self.open_until)


def _seconds() -> float:
    return float(getattr(settings, "CACHE_BREAKER_SECONDS", 30))


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, Breaker())


class _GuardedClient:
    """Stands in for django-redis's client: a call while the breaker is open fails at once,
    as a connection error, which the backend then treats as a miss."""

    def __init__(self, client, breaker: Breaker, location: str):
        self._client = client
        self._breaker = breaker
        self._location = location

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if not self._breaker.allows():
                error = ConnectionInterrupted(connection=None)
                error.__cause__ = ConnectionError("circuit breaker open")
                raise error
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._breaker.failed(self._location, error)
                raise
            self._breaker.succeeded(self._location)
            return result

        return call


class BreakerRedisCache(RedisCache):
    """django-redis's backend whose every call goes through the process's breaker."""

    @property
    def client(self):
        location = self._server if isinstance(self._server, str) else ",".join(self._server)
        return _GuardedClient(super().client, breaker_for(location), location)
