"""Rendered pages, and what every request needs of its user, cached until the data they
show changes.

A page is cached under the data versions of the tenants it shows (``orgs/data_versions.py``:
PostgreSQL raises them on every write), the user who sees it and the version of their
account (their name, roles and settings in the navigation), today's date (what is overdue
changes at midnight), the query string and the code's release. A write therefore makes the
next view render afresh, and nothing needs to be invalidated by hand. Every table a cached
page reads raises a version in its key when written, whether it has tenant keys or is a link
table, a child or a catalogue reached through its owner; ``tests/test_cache_contract.py``
renders every cached page afresh and fails on a table that does not.

The view builds what the page shows only when the page is missing, so that a cached page
costs only the read of its key (``orgs/cached_pages.py``). Three things differ between two
responses of one page and are filled in per response: the CSRF token (forms keep working),
the flash messages and the notifications bell (``documents/notifications.py``).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Sequence
from functools import cache
from typing import TypeVar

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone

# Where {% csrf_token %} puts the token and base.html the messages, a cached body holds a
# random stand-in made for that one render and stored beside it: user text can never contain
# it, so nothing typed into a page can make the token or the messages appear inside it.
# Hex digits only, so that escaping leaves them alone.
SLOT_BYTES = 16

# A worker keeps its own copy of what it read for a minute: long enough for repeat views, and
# what the versions do not follow is at most this much staler than in the shared cache.
LOCAL_COPY_SECONDS = 60

T = TypeVar("T")


class CachedPage:
    """A page cached under the data versions of what it shows. The view asks for it first and
    builds what the page shows only when it is missing, then renders it::

        page = CachedPage(request, "pairs/pair_list.html", versions=on_page.versions)
        if not page.hit:
            page.render({...})
        return page.response()

    ``versions`` None renders without caching (no data versions outside PostgreSQL, or a form
    with errors); ``vary`` names whatever else the page depends on."""

    def __init__(self, request, template_name: str, *, versions: Sequence | None, vary=()):
        self.request, self.template_name = request, template_name
        self.key = None
        if versions is not None:
            self.key = _key(request, template_name, (versions, request.user.data_version), vary)
        self.stored = None if self.key is None else _get(self.key)

    @property
    def hit(self) -> bool:
        return self.stored is not None

    def render(self, context: dict) -> None:
        """The body from ``context``, kept under the key. Every row it shows must be one whose
        writes raise a version in the key (``tests/test_cache_contract.py``)."""
        csrf_slot, messages_slot, bell_slot = (secrets.token_hex(SLOT_BYTES) for _ in range(3))
        slots = {"csrf_token": csrf_slot, "messages_slot": messages_slot, "bell_slot": bell_slot}
        html = render_to_string(self.template_name, {**context, **slots}, self.request)
        self.stored = (csrf_slot, messages_slot, bell_slot, html)
        if self.key is not None:
            _set(self.key, self.stored)

    def response(self) -> HttpResponse:
        """The body with this response's CSRF token, flash messages and bell filled in."""
        request = self.request
        csrf_slot, messages_slot, bell_slot, html = self.stored
        html = html.replace(csrf_slot, get_token(request)).replace(
            messages_slot, _messages(request)
        )
        if bell_slot in html:
            html = html.replace(bell_slot, _bell(request))
        return HttpResponse(html)


def cached(parts: Sequence, build: Callable[[], T]) -> T:
    """``build()``, from the cache while ``parts`` (a version among them) stay the same."""
    if not enabled():
        return build()
    digest = hashlib.blake2b(repr((_release(), *parts)).encode(), digest_size=16).hexdigest()
    key = f"cached:{parts[0]}:{digest}"
    value = _get(key)
    if value is None:
        value = build()
        _set(key, value)
    return value


def _get(key: str):
    """From this worker's copy, else from the shared cache (then copied here)."""
    value = caches["local"].get(key)
    if value is None:
        value = caches["default"].get(key)
        if value is not None:
            caches["local"].set(key, value, LOCAL_COPY_SECONDS)
    return value


def _set(key: str, value) -> None:
    caches["default"].set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    caches["local"].set(key, value, LOCAL_COPY_SECONDS)


def _bell(request) -> str:
    """This response's notifications bell: what needs the person now reads other schools'
    and days' rows than the page's key follows, so it is never cached with the body."""
    from documents.notifications import render_bell

    return render_bell(request)


def _messages(request) -> str:
    """This response's flash messages; reading them here marks them shown."""
    pending = get_messages(request)
    return render_to_string("_messages.html", {"messages": pending}) if pending else ""


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0 and connection.vendor == "postgresql"


def _key(request, template_name: str, versions: Sequence, vary: Sequence) -> str:
    query = sorted(request.GET.lists())
    detail = repr((_release(), versions, vary, query, request.path)).encode()
    digest = hashlib.blake2b(detail, digest_size=16).hexdigest()
    return f"page:{template_name}:{request.user.pk}:{timezone.localdate():%Y%m%d}:{digest}"


@cache
def _release() -> str:
    """What a deployment changes: the database the versions count in, and the code (RELEASE,
    else the newest modification time of the project's templates and modules)."""
    code = settings.RELEASE
    if not code:
        newest = 0.0
        for top in ("templates", "orgs", "pairs", "monitoring", "documents", "mentorship"):
            for folder, _, files in os.walk(settings.BASE_DIR / top):
                for name in files:
                    if name.endswith((".html", ".py")):
                        newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime)
        code = str(newest)
    return f"{settings.DATABASES['default']['NAME']}:{code}"
