"""Pages of the shell: who lands where, who may open what, and that foreign ids answer 404
without leaking data."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("curator_a", lambda c: reverse("orgs:workspace", args=[c.school_a.pk])),
        ("director_a", lambda c: reverse("documents:organisation", args=[c.school_a.pk])),
        ("psychologist_a", lambda c: reverse("monitoring:diagnostics", args=[c.school_a.pk])),
        ("methodist_m1", lambda c: reverse("monitoring:municipality_overview", args=[c.m1.pk])),
        ("coordinator_r1", lambda c: reverse("monitoring:region_overview", args=[c.region1.pk])),
        ("mentor_a", lambda c: reverse("pairs:my")),
        ("admin", lambda c: reverse("monitoring:country_overview")),
    ],
)
def test_each_role_lands_on_its_home_page(client, cast, who, expected):
    response = get(client, getattr(cast, who), reverse("home"))
    assert response.status_code == 302
    assert response.url == expected(cast)
    assert client.get(response.url).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, cast):
    url = reverse("orgs:workspace", args=[cast.school_a.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_login_page_speaks_russian(client, db):
    response = client.get(reverse("login"))
    assert "Вход в портал" in response.content.decode()
    assert 'lang="ru"' in response.content.decode()


def test_a_curator_sees_their_school_with_its_staff(client, cast):
    response = get(client, cast.curator_a, reverse("orgs:workspace", args=[cast.school_a.pk]))
    assert response.status_code == 200
    assert cast.teacher_a.full_name in response.content.decode()


@pytest.mark.parametrize(
    "outsider", ["curator_b", "methodist_m2", "methodist_m3", "coordinator_r2", "mentor_a"]
)
def test_outsiders_get_404_for_a_school_workspace_and_see_no_names(client, cast, outsider):
    response = get(
        client, getattr(cast, outsider), reverse("orgs:workspace", args=[cast.school_a.pk])
    )
    assert response.status_code == 404
    assert cast.teacher_a.last_name not in response.content.decode()


def test_a_curator_cannot_open_another_school_of_the_same_municipality(client, cast):
    response = get(client, cast.curator_a, reverse("orgs:workspace", args=[cast.school_a2.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "reader", ["methodist_m1", "coordinator_r1", "director_a", "psychologist_a"]
)
def test_readers_in_scope_open_a_school_workspace(client, cast, reader):
    response = get(
        client, getattr(cast, reader), reverse("orgs:workspace", args=[cast.school_a.pk])
    )
    assert response.status_code == 200


def test_the_municipality_overview_counts_teachers_and_young_specialists(client, cast):
    import datetime

    from tests.factories import StaffMemberFactory

    StaffMemberFactory(organisation=cast.school_a, career_started_on=datetime.date.today())
    response = get(
        client, cast.methodist_m1, reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    )
    rows = {str(place): figures for place, figures in response.context["rows"]}
    assert rows["Онгудайская СОШ"].teachers == 2
    assert rows["Онгудайская СОШ"].young_specialists == 1
    assert rows["Еловская СОШ"].teachers == 1
    assert response.context["totals"].teachers == 3


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("methodist_m1", 200),
        ("coordinator_r1", 200),
        ("curator_a", 403),
        ("director_a", 403),
        ("methodist_m2", 404),
        ("methodist_m3", 404),
        ("coordinator_r2", 404),
    ],
)
def test_the_municipality_overview_is_for_its_methodist_and_coordinator(client, cast, who, status):
    response = get(
        client, getattr(cast, who), reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator_r1", 200), ("methodist_m1", 403), ("coordinator_r2", 404), ("curator_b", 404)],
)
def test_the_region_overview_is_for_its_coordinator(client, cast, who, status):
    response = get(
        client, getattr(cast, who), reverse("monitoring:region_overview", args=[cast.region1.pk])
    )
    assert response.status_code == status


def test_the_country_overview_is_for_site_administrators_only(client, cast):
    assert (
        get(client, cast.coordinator_r1, reverse("monitoring:country_overview")).status_code == 403
    )
    assert get(client, cast.admin, reverse("monitoring:country_overview")).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("director_a", 200),
        ("curator_a", 200),
        ("methodist_m1", 200),
        ("psychologist_a", 403),
        ("curator_b", 404),
        ("methodist_m3", 404),
    ],
)
def test_school_documents_are_for_its_director_curator_and_supervisors(client, cast, who, status):
    response = get(
        client, getattr(cast, who), reverse("documents:organisation", args=[cast.school_a.pk])
    )
    assert response.status_code == status


def test_navigation_shows_only_what_the_role_may_open(client, cast):
    html = get(
        client, cast.curator_a, reverse("orgs:workspace", args=[cast.school_a.pk])
    ).content.decode()
    assert reverse("orgs:workspace", args=[cast.school_a.pk]) in html
    assert reverse("monitoring:municipality_overview", args=[cast.m1.pk]) not in html
    assert reverse("admin:index") not in html


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, cast):
    response = get(client, cast.curator_a, reverse("orgs:workspace", args=[cast.school_a.pk]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "<script>" not in response.content.decode()
