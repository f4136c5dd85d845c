"""Rendered page bodies cached until the data they show changes.

A body is cached under the data versions of the tenants it shows (``orgs/data_versions.py``:
PostgreSQL raises them on every write), the user who sees it, today's date (what is overdue
changes at midnight), the query string and the code's release. A write therefore makes the
next view render afresh, and nothing needs to be invalidated by hand. What the versions do
not follow — reference data without a tenant key (subjects, instruments' questions), the
names of another school's network mentors and of user accounts — reaches a cached body
within ``FRAGMENT_CACHE_SECONDS``.

The view passes a function that builds the context, so that a cached body costs no queries
at all. A form in a cached body keeps working: the body is stored with a placeholder where
the CSRF token goes, and each response gets its own user's token.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

# Stands where {% csrf_token %} puts the token; letters only, so escaping leaves it alone.
CSRF_SLOT = "csrfslotfragmentcache"


def render_cached(
    request,
    template_name: str,
    build_context: Callable[[], dict],
    *,
    versions: Sequence | None,
    vary: Sequence = (),
) -> SafeString:
    """``template_name`` rendered with ``build_context()``, from the cache when the same
    user saw it at the same ``versions`` today. ``versions`` None renders without caching
    (no data versions outside PostgreSQL). ``vary`` names whatever else the body depends on."""
    # Safe: rendered by the template engine, which escaped it.
    if versions is None:
        return mark_safe(render_to_string(template_name, build_context(), request))  # noqa: S308
    key = _key(request, template_name, versions, vary)
    html = shared_cache.get(key)
    if html is None:
        html = render_to_string(
            template_name, {**build_context(), "csrf_token": CSRF_SLOT}, request
        )
        shared_cache.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    if CSRF_SLOT in html:
        html = html.replace(CSRF_SLOT, get_token(request))
    return mark_safe(html)  # noqa: S308 - the engine's output, with a token of letters


def organisation_versions(organisation) -> tuple | None:
    """The versions of what an organisation's pages show: its own rows, its municipality's
    and its region's (campaigns, road maps, templates shared with it). Read from the rows
    the view has already loaded (``select_related("municipality", "region")``)."""
    if not enabled():
        return None
    return (
        "organisation",
        organisation.pk,
        organisation.data_version,
        organisation.municipality.data_version,
        organisation.region.data_version,
    )


def enabled() -> bool:
    return settings.FRAGMENT_CACHE_SECONDS > 0 and connection.vendor == "postgresql"


def _key(request, template_name: str, versions: Sequence, vary: Sequence) -> str:
    query = sorted(request.GET.lists())
    detail = repr((_release(), versions, vary, query, request.path)).encode()
    digest = hashlib.blake2b(detail, digest_size=16).hexdigest()
    return f"fragment:{template_name}:{request.user.pk}:{timezone.localdate():%Y%m%d}:{digest}"


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
