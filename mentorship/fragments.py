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

The view passes a function that builds the context, so that a cached page costs only the
read of its key (``orgs/cached_pages.py``). Three things differ between two responses of one
page and are filled in per response: the CSRF token (forms keep working), the flash
messages and the notifications bell (``documents/notifications.py``).
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
from django.shortcuts import render
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


def render_page(
    request,
    template_name: str,
    build_context: Callable[[], dict],
    *,
    versions: Sequence | None,
    vary: Sequence = (),
) -> HttpResponse:
    """``template_name`` rendered with ``build_context()``, from the cache when the same
    user, at the same version of their account, saw it at the same ``versions`` today.
    ``versions`` None renders without caching (no data versions outside PostgreSQL, or a
    form with errors). ``vary`` names whatever else the page depends on."""
    if versions is None:
        return render(request, template_name, build_context())
    key = _key(request, template_name, (versions, request.user.data_version), vary)
    stored = _get(key)
    if stored is None:
        stored = render_afresh(request, template_name, build_context)
        _set(key, stored)
    csrf_slot, messages_slot, bell_slot, html = stored
    html = html.replace(csrf_slot, get_token(request)).replace(messages_slot, _messages(request))
    if bell_slot in html:
        html = html.replace(bell_slot, _bell(request))
    return HttpResponse(html)


def render_afresh(request, template_name: str, build_context: Callable[[], dict]):
    """The body to cache: (CSRF stand-in, messages stand-in, bell stand-in, HTML). Every row
    it reads must be one whose writes raise a version in the key
    (``tests/test_cache_contract.py``)."""
    csrf_slot, messages_slot, bell_slot = (secrets.token_hex(SLOT_BYTES) for _ in range(3))
    context = {
        **build_context(),
        "csrf_token": csrf_slot,
        "messages_slot": messages_slot,
        "bell_slot": bell_slot,
    }
    return csrf_slot, messages_slot, bell_slot, render_to_string(template_name, context, request)


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
