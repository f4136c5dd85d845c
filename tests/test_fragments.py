"""Pages cached under data versions (mentorship/fragments.py): a repeat view costs a handful
of queries, yet every write, every user, every change of a role and every browser sees what
it should."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import Membership, Role, User
from pairs.models import Pair
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory, PlanFactory

CACHED_ONLY_ON_POSTGRESQL = "pages are cached only where PostgreSQL's triggers raise data versions"


def get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


@pytest.mark.postgresql(CACHED_ONLY_ON_POSTGRESQL)
def test_a_repeat_view_is_cheap_and_a_write_shows_at_once(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    url = reverse("pairs:list", args=[cast.school_a.pk])

    def status_shown(page):
        link = reverse("pairs:detail", args=[pair.pk])
        return re.search(rf'href="{link}"[^>]*>([^<]+)</a>', page)[1]

    first, rendered = get(client, url)
    assert status_shown(first) == "действует"
    again, cached = get(client, url)
    assert cached < rendered
    assert status_shown(again) == "действует"

    # A write that sends no signals at all still reaches the next view.
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.TERMINATED)
    assert status_shown(get(client, url)[0]) == "прекращена досрочно"


def test_each_user_sees_the_body_made_for_their_rights(client, cast):
    url = reverse("pairs:list", args=[cast.school_a.pk])
    client.force_login(cast.curator_a)
    assert "Новая пара" in get(client, url)[0]
    client.force_login(cast.director_a)  # reads the same school, may not create pairs
    assert "Новая пара" not in get(client, url)[0]
    client.force_login(cast.curator_b)  # another region: the cache changes nothing
    assert client.get(url).status_code == 404


def test_a_form_in_a_cached_body_carries_the_viewers_own_csrf_token(cast):
    plan = PlanFactory(pair__programme__organisation=cast.school_a)
    url = reverse("pairs:plan", args=[plan.pk])
    add = reverse("pairs:activity_add", args=[plan.pk])
    tokens = []
    for _ in range(2):  # two browsers of one curator: the second is served from the cache
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(cast.curator_a)
        page = browser.get(url).content.decode()
        form = re.search(rf'action="{add}"[^>]*>(.*?)</form>', page, re.S)[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        response = browser.post(
            add,
            {
                "csrfmiddlewaretoken": token,
                "direction": "methods",
                "title": f"Мастер-класс {len(tokens) + 1}",
                "form": "master_class",
                "stage": "interim",
                "responsible": "mentor",
                "planned_month": "2025-10",
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
        tokens.append(token)
    assert plan.activities.count() == 2
    assert tokens[0] != tokens[1]


@pytest.mark.postgresql(CACHED_ONLY_ON_POSTGRESQL)
def test_the_workspace_shows_a_new_teacher_on_the_next_view(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:workspace", args=[cast.school_a.pk])
    page, rendered = get(client, url)
    assert "Кедрова" not in page
    assert get(client, url)[1] < rendered  # from the cache
    StaffMemberFactory(organisation=cast.school_a, last_name="Кедрова")
    assert "Кедрова" in get(client, url)[0]


def test_the_municipality_overview_follows_a_write_in_any_of_its_schools(client, cast):
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])

    def teachers_of_a2():
        page = get(client, url)[0]
        row = re.search(rf'<tr data-place="{cast.school_a2.pk}">(.*?)</tr>', page, re.S)[1]
        return re.findall(r">\s*(\d+)\s*<", row)[0]

    assert teachers_of_a2() == "1"
    assert teachers_of_a2() == "1"  # from the cache
    StaffMemberFactory(organisation=cast.school_a2)
    assert teachers_of_a2() == "2"


@pytest.mark.parametrize(
    "name", ["orgs:workspace", "pairs:list", "orgs:staff_list", "monitoring:school_overview"]
)
def test_with_caching_off_every_view_renders(client, cast, settings, name):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.force_login(cast.curator_a)
    url = reverse(name, args=[cast.school_a.pk])
    assert get(client, url)[1] == get(client, url)[1]


def test_a_withdrawn_role_counts_on_the_very_next_request(client, cast):
    """The memberships come from the cache too, yet a role taken away in any way (here
    without a signal) closes the school at once, cached pages included."""
    client.force_login(cast.curator_a)
    url = reverse("pairs:list", args=[cast.school_a.pk])
    get(client, url)
    get(client, url)  # the page and the memberships from the cache
    Membership.objects.filter(user=cast.curator_a).update(is_active=False)
    assert client.get(url).status_code == 404


def test_a_granted_role_shows_in_the_navigation_at_once(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("pairs:list", args=[cast.school_a.pk])
    assert "Муниципалитет:" not in get(client, url)[0]
    Membership.objects.bulk_create(
        [
            Membership(
                user=cast.curator_a, role=Role.METHODIST, region=cast.region1, municipality=cast.m1
            )
        ]
    )
    page = get(client, url)[0]
    assert f"Муниципалитет: {cast.m1}" in page
    municipality = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    assert client.get(municipality).status_code == 200


def test_a_renamed_account_shows_its_new_name_at_once(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:staff_list", args=[cast.school_a.pk])
    get(client, url)
    User.objects.filter(pk=cast.curator_a.pk).update(last_name="Кедрова", first_name="Анна")
    assert "Кедрова Анна" in get(client, url)[0]


@pytest.mark.postgresql(CACHED_ONLY_ON_POSTGRESQL)
def test_a_message_shows_once_on_a_cached_page(client, cast):
    """The digest switch redirects back to the cached pair list with a message: the page
    shows the switch turned off and the message, and a reload shows the message no more."""
    client.force_login(cast.curator_a)
    url = reverse("pairs:list", args=[cast.school_a.pk])
    assert "Отключить сводку" in get(client, url)[0]
    client.post(reverse("pairs:my_settings"), {"action": "digest_off", "next": url})
    page, rendered_with_message = get(client, url)
    message = re.compile(r'role="alert">\s*Еженедельная сводка отключена.')
    assert message.search(page) and "Включить" in page
    # Stored with a slot where the message was: the reloads come from the cache without it.
    for _ in range(2):
        again, queries = get(client, url)
        assert not message.search(again) and 'role="alert"' not in again
        assert "Включить" in again
        assert queries < rendered_with_message


@pytest.mark.postgresql(CACHED_ONLY_ON_POSTGRESQL)
def test_text_typed_into_a_cached_page_never_turns_into_the_token_or_the_messages(client, cast):
    """Whatever a name holds, the stand-ins a cached body is stored with are made afresh for
    each render, so the viewer's CSRF token and messages appear only where the page puts them."""
    client.force_login(cast.curator_a)
    url = reverse("orgs:staff_list", args=[cast.school_a.pk])
    get(client, url)  # a body in the cache, with its stand-ins
    guesses = ("csrfslotfragmentcache", "messagesslotfragmentcache")
    for guess in guesses:
        StaffMemberFactory(organisation=cast.school_a, last_name=f"Иванов{guess}")
    for _ in range(2):  # rendered afresh after the write, then from the cache
        page = get(client, url)[0]
        for guess in guesses:
            assert f"Иванов{guess}" in page
