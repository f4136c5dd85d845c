"""The page cache's contract: a cached page shows only rows whose writes raise a version in
its key. Every cached view is rendered afresh on the demo data with its SQL captured; every
table the body reads must raise a data version when written (a tenant's trigger, an account's,
a parent's for link and child tables) or be a summary whose stamp is in the key."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mentorship import fragments
from orgs import data_versions
from orgs.models import Municipality, Organisation, User
from pairs.models import Plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql("the data versions are raised by PostgreSQL triggers"),
]

ROOT = Path(__file__).resolve().parent.parent
TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')
SCHOOL, MUNICIPALITY = "Онгудайская СОШ", "Онгудайский район"


def _cached_views() -> set[str]:
    """Every view of the project that caches its page: it makes a ``CachedPage``, or calls a
    helper of its module that does, with ``versions`` that are not None."""

    def calls(function, names):
        return [
            call
            for call in ast.walk(function)
            if isinstance(call, ast.Call) and getattr(call.func, "id", "") in names
        ]

    def caching(call) -> bool:
        versions = [k.value for k in call.keywords if k.arg == "versions"]
        return bool(versions) and not (
            isinstance(versions[0], ast.Constant) and versions[0].value is None
        )

    found = set()
    for path in ROOT.glob("*/views.py"):
        functions = [n for n in ast.parse(path.read_text()).body if isinstance(n, ast.FunctionDef)]
        renderers = {"CachedPage"} | {f.name for f in functions if calls(f, {"CachedPage"})}
        for function in functions:
            if not function.name.startswith("_") and any(
                caching(call) for call in calls(function, renderers)
            ):
                found.add(f"{path.parent.name}.views.{function.name}")
    return found


def _routes(resolver=None, namespace=""):
    """URL name → dotted path of its view, for the whole URLconf."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            view = entry.callback
            name = getattr(view, "__name__", type(view).__name__)
            yield f"{namespace}{entry.name}", f"{view.__module__}.{name}"


def _pages() -> dict[str, tuple[str, str]]:
    """Each cached page of the demo: URL name → (login, URL)."""
    school = Organisation.objects.get(short_name=SCHOOL)
    plan = Plan.objects.filter(pair__programme__organisation=school).order_by("pk").first()
    mentor_plan = Plan.objects.filter(pair__members__staff__user__username="mentor.ongudai").first()
    municipality = Municipality.objects.get(name=MUNICIPALITY)
    return {
        "orgs:workspace": ("curator.ongudai", reverse("orgs:workspace", args=[school.pk])),
        "orgs:staff_list": ("curator.ongudai", reverse("orgs:staff_list", args=[school.pk])),
        "pairs:list": ("curator.ongudai", reverse("pairs:list", args=[school.pk])),
        "pairs:plan": ("curator.ongudai", reverse("pairs:plan", args=[plan.pk])),
        "pairs:plan (mentor)": ("mentor.ongudai", reverse("pairs:plan", args=[mentor_plan.pk])),
        "monitoring:school_overview": (
            "curator.ongudai",
            reverse("monitoring:school_overview", args=[school.pk]),
        ),
        "monitoring:municipality_overview": (
            "methodist.ongudai",
            reverse("monitoring:municipality_overview", args=[municipality.pk]),
        ),
    }


@pytest.fixture
def demo(db):
    call_command("seed_demo", allow_without_debug=True, stdout=io.StringIO())


def test_every_cached_view_is_checked_here():
    """A view that starts caching its page joins the contract below, or this fails."""
    checked = {name.split(" ")[0] for name in _PAGE_NAMES}
    views = dict(_routes())
    assert {views[name] for name in checked} == _cached_views()


_PAGE_NAMES = (
    "orgs:workspace",
    "orgs:staff_list",
    "pairs:list",
    "pairs:plan",
    "pairs:plan (mentor)",
    "monitoring:school_overview",
    "monitoring:municipality_overview",
)


def _watched() -> set[str]:
    return (
        data_versions.watched_tables()
        | data_versions.watched_tables("data_version_user_")
        | data_versions.watched_tables("data_version_parent_")
        | set(data_versions.OWN_VERSION_TABLES)
        | data_versions.DERIVED_TABLES
    )


def test_a_cached_page_reads_only_rows_whose_writes_raise_its_key(client, demo, monkeypatch):
    """One run over the demo (it takes a while to build) for every cached page."""
    read: dict[str, set[str]] = {}
    looked_up, rendered = fragments.CachedPage.__init__, fragments.CachedPage.render

    def look_up(self, *args, **kwargs):
        looked_up(self, *args, **kwargs)
        if not self.hit:  # what the view reads from here on is what the page shows
            self.captured = CaptureQueriesContext(connection)
            self.captured.__enter__()

    def render(self, context):
        rendered(self, context)
        self.captured.__exit__(None, None, None)
        tables = read.setdefault(page, set())
        tables.update(t for q in self.captured.captured_queries for t in TABLE.findall(q["sql"]))

    monkeypatch.setattr(fragments.CachedPage, "__init__", look_up)
    monkeypatch.setattr(fragments.CachedPage, "render", render)
    for page, (login, url) in _pages().items():
        client.force_login(User.objects.get(username=login))
        assert client.get(url).status_code == 200, page
        assert read.get(page), f"{page} was served without rendering"
    unwatched = {page: sorted(tables - _watched()) for page, tables in read.items()}
    assert unwatched == dict.fromkeys(read, [])
