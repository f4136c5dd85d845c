"""No page shows one element id twice (a label would point at the wrong field), generated over
the URL configuration: every page without an id and every page of a school-A object
(``tests/isolation/victims``), as each role of the cast that works with it sees it."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from orgs.models import Role
from tests.factories import UserFactory, member
from tests.html import duplicate_ids
from tests.isolation.objects import activity
from tests.isolation.urlwalk import OBJECT_ID, walk
from tests.isolation.victims import VICTIMS

pytestmark = pytest.mark.django_db

# Machine answers (the API, health checks, the admin) are not pages people read.
SKIPPED = ("admin:", "api", "health", "schema", "swagger", "redoc")
ROLES = ("curator", "director", "methodist", "mentor", "mentee", "coordinator")


def _pages(cast) -> list[str]:
    urls = []
    for name, pattern in walk(get_resolver().url_patterns):
        if name is None or name.startswith(SKIPPED) or OBJECT_ID.search(pattern):
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    for name, victim in VICTIMS.items():
        if name.startswith(SKIPPED):
            continue
        urls.append(reverse(name, kwargs=victim.kwargs(cast)))
    return sorted(set(urls))


def _user(cast, role):
    pair = activity(cast).plan.pair
    if role == "mentor":
        pair.members.create(staff=cast.teacher_a, role="mentor", organisation=pair.organisation)
        return cast.mentor_a
    if role == "mentee":
        mentee = pair.members.get(role="mentee").staff
        return UserFactory(username="mentee_a", staff_member=mentee)
    return {
        "curator": cast.curator_a,
        "director": cast.director_a,
        "methodist": cast.methodist_m1,
        "coordinator": cast.coordinator_r1,
    }[role]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_repeats_an_element_id(client, cast, role):
    user = _user(cast, role)
    member(Role.CURATOR, cast.school_a2, username="curator_a2")
    client.force_login(user)
    offenders, seen = {}, 0
    for url in _pages(cast):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        repeated = duplicate_ids(response.content.decode())
        if repeated:
            offenders[url] = repeated
    assert seen >= 3, "the role should see some pages"
    assert not offenders, offenders
