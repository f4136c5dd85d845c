"""Every URL pattern of the portal, as every role of the cast and as nobody, with junk in every
path part and in every query parameter its view reads: never a server error. Malformed input
is the client's mistake (400 or 404), not the portal's.

Generated from the URLconf (tests.hardening.urlconf) and from the views' source (which query
parameters each module reads, and the filters its filter sets declare), so a new page or a
new parameter is walked too. Sampled to stay quick: each role sends every parameter of every
pattern once (each parameter a different junk value), every path part gets every junk value
through some role, and each parameter alone gets two junk values as the site administrator.
"""

from __future__ import annotations

import inspect
import re
import sys
from functools import cache
from urllib.parse import quote

import django_filters
import pytest
from django.test import Client

from tests.hardening.urlconf import Route, cast_users, kind_of, routes
from tests.monitoring.diagnostics.factories import launch
from tests.pairs.factories import PairFactory, PlanActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db

JUNK = ["\x00", "abc", "-1", str(10**20), "я" * 2000, "☃ 𝔘ñí\u202e"]

# Routes the walk leaves out: Django's own admin (locked to site administrators, walked by
# its own test) and the format-suffix copies of the API routes (the same views).
# /health/ready answers 503 by design when a dependency is down (tests/ops/test_health.py).
SKIPPED = re.compile(r"^admin/|\(\?P<format>|^health/ready")

GET_READ = [
    re.compile(r"""(?:GET|query_params)\.(?:get|getlist|pop)\(\s*["'](\w+)["']"""),
    re.compile(r"""(?:GET|query_params)\[\s*["'](\w+)["']\s*\]"""),
    re.compile(r"""["'](\w+)["']\s+(?:not\s+)?in\s+(?:self\.)?request\.(?:GET|query_params)"""),
]


def _filter_sets_in(module) -> list[type]:
    found = []
    for value in vars(module).values():
        if inspect.isclass(value) and issubclass(value, django_filters.FilterSet):
            found.append(value)
        elif inspect.ismodule(value):
            found += [
                v
                for v in vars(value).values()
                if inspect.isclass(v)
                and issubclass(v, django_filters.FilterSet)
                and v.__module__ == value.__name__
            ]
    return found


@cache
def _params_of_module(name: str) -> tuple[str, ...]:
    module = sys.modules[name]
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return ()
    names = {match for pattern in GET_READ for match in pattern.findall(source)}
    for filterset in _filter_sets_in(module):
        names |= set(filterset.base_filters)
    return tuple(sorted(names))


def params_of(route: Route) -> tuple[str, ...]:
    """The query parameters the route's view (its module) reads, and its filters'."""
    view = route.view
    cls = getattr(view, "cls", None) or getattr(view, "view_class", None)
    names = set(_params_of_module(view.__module__))
    if cls is not None:
        names |= set(_params_of_module(cls.__module__))
        filterset = getattr(cls, "filterset_class", None)
        if filterset is not None:
            names |= set(filterset.base_filters)
        names |= set(getattr(cls, "filterset_fields", None) or ())
        names |= {"page", "page_size", "ordering", "search"} & set(
            _params_of_module(cls.__module__) or ("page",)
        )
    return tuple(sorted(names))


def path_for(route: Route, values: dict[str, str]) -> str:
    """The route with ``values`` put into its path parts, whatever they match."""
    path = route.route
    for part in route.parts:
        value = quote(values[part], safe="")
        path = re.sub(rf"<(?:\w+:)?{part}>", value, path)
        path = re.sub(rf"\(\?P<{part}>[^)]*\)", value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


@pytest.fixture
def world(cast):
    """The cast plus one of each thing a path names, all at school A."""
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    plan = PlanFactory(pair=pair)
    activity = PlanActivityFactory(plan=plan)
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    return {
        "organisations": cast.school_a.pk,
        "organisation": cast.school_a.pk,
        "municipalities": cast.m1.pk,
        "municipality": cast.m1.pk,
        "regions": cast.region1.pk,
        "region": cast.region1.pk,
        "staff": cast.teacher_a.pk,
        "pairs": pair.pk,
        "plans": plan.pk,
        "activities": activity.pk,
        "programmes": pair.programme_id,
        "campaigns": campaign.pk,
        "answer": campaign.invitations.get().pk,
    }


def real_values(route: Route, world: dict) -> dict[str, str]:
    return {part: str(world.get(kind_of(route.route, part), 1)) for part in route.parts}


WALKED = [r for r in routes() if not SKIPPED.search(r.route)]


def test_the_walk_covers_the_urlconf_and_finds_the_parameters():
    assert len(WALKED) > 150
    by_name = {r.name: r for r in WALKED}
    assert "q" in params_of(by_name["pairs:staff_search"])
    assert {"organisation", "before"} <= set(params_of(by_name["monitoring:diagnostics:compare"]))
    assert "organisation" in params_of(by_name["monitoring:diagnostics:campaign_create"])


@pytest.mark.parametrize("route", WALKED, ids=str)
def test_junk_in_any_path_part_or_query_parameter_is_never_a_server_error(world, cast, route):
    clients = {"": Client(raise_request_exception=False)}  # nobody signed in first
    for name, user in cast_users(cast).items():
        clients[name] = Client(raise_request_exception=False)
        clients[name].force_login(user)
    params = params_of(route)
    real = real_values(route, world)
    failures = []

    def get(client, path, query=None):
        response = client.get(path, query or {})
        if response.status_code >= 500:
            shown = {k: v[:20] for k, v in (query or {}).items()}
            failures.append((response.status_code, path[:120], shown))

    for i, client in enumerate(clients.values()):
        if route.parts and i % 2:
            # Junk in the path parts: each junk value through one of every six clients.
            get(client, path_for(route, dict.fromkeys(route.parts, JUNK[i // 2 % len(JUNK)])))
        else:
            # Junk in every query parameter at once, each a different junk value.
            query = {name: JUNK[(i + k) % len(JUNK)] for k, name in enumerate(params)}
            get(client, path_for(route, real), query)
    # One parameter at a time too, as the account that passes every access check (a view
    # may stop at the first bad parameter and never read the next): two junk values each,
    # all six over the parameters of the route.
    for k, name in enumerate(params):
        for junk in (JUNK[k % len(JUNK)], JUNK[(k + 3) % len(JUNK)]):
            get(clients["admin"], path_for(route, real), {name: junk})
    assert not failures, failures
