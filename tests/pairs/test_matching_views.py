"""The matching pages: ranked mentors for one mentee and whole-cohort proposals, accepted as
draft pairs; the old addresses under /orgs/ lead to them."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import StaffMemberFactory, mentor_base_people
from tests.pairs.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(cast):
    return mentor_base_people(cast)


def young(cast, name):
    person = StaffMemberFactory(
        organisation=cast.school_a,
        last_name=name,
        career_started_on=datetime.date.today() - datetime.timedelta(days=100),
    )
    return person


def test_suggestions_explain_scores_and_accepting_opens_a_draft_pair(client, cast, base):
    from pairs.models import Pair

    mentee = young(cast, "Молодая")
    mentee.subjects.add(base["maths"])
    mentee.needs.add(base["area"])
    programme = ProgrammeFactory(organisation=cast.school_a)
    client.force_login(cast.curator_a)
    url = reverse("pairs:suggest", args=[mentee.pk])
    body = client.get(url).content.decode()
    assert "Сетевая" in body and "совпадение предметов" in body and "Чужая" not in body
    response = client.post(url, {"mentor": base["in_a2"].pk, "programme": programme.pk})
    pair = Pair.objects.get(programme=programme)
    assert response.url == reverse("pairs:detail", args=[pair.pk])
    assert pair.status == "draft" and pair.format == "network"
    # the mentor's load now shows in the base
    body = client.get(reverse("orgs:mentor_base", args=[cast.m1.pk])).content.decode()
    assert "1 из 2" in body


def test_a_mentor_of_another_municipality_cannot_be_forced_in(client, cast, base):
    from pairs.models import Pair

    mentee = young(cast, "Молодая")
    programme = ProgrammeFactory(organisation=cast.school_a)
    far = StaffMemberFactory(organisation=cast.school_c)
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:suggest", args=[mentee.pk]), {"mentor": far.pk, "programme": programme.pk}
    )
    assert "не найден" in response.content.decode()
    assert not Pair.objects.exists()


def test_cohort_proposals_become_draft_pairs_in_bulk(client, cast, base):
    from pairs.models import Pair

    first, second = young(cast, "Первая"), young(cast, "Вторая")
    for person in (first, second):
        person.subjects.add(base["maths"])
    programme = ProgrammeFactory(organisation=cast.school_a)
    url = reverse("pairs:cohort", args=[cast.school_a.pk])
    client.force_login(cast.director_a)
    assert client.get(url).status_code == 200
    assert client.post(url, {"mentee": [first.pk], "programme": programme.pk}).status_code == 403
    client.force_login(cast.curator_a)
    body = client.get(url, {"mode": "everyone"}).content.decode()
    assert "Первая" in body and "Вторая" in body and "Сетевая" in body
    response = client.post(
        url, {"mode": "everyone", "mentee": [first.pk, second.pk], "programme": programme.pk}
    )
    assert response.status_code == 302
    assert Pair.objects.filter(programme=programme, status="draft").count() == 2
    # both now have a (draft) mentor: nobody is left to propose for
    assert "уже в парах" in client.get(url).content.decode()


def test_the_old_addresses_lead_to_the_pages_and_still_refuse_outsiders(client, cast):
    mentee = young(cast, "Молодая")
    client.force_login(cast.curator_a)
    old = f"/orgs/organisations/{cast.school_a.pk}/matching/?mode=everyone"
    response = client.get(old)
    assert response.status_code == 301
    assert response.url == reverse("pairs:cohort", args=[cast.school_a.pk]) + "?mode=everyone"
    response = client.get(f"/orgs/staff/{mentee.pk}/mentors/")
    assert response.url == reverse("pairs:suggest", args=[mentee.pk])
    client.force_login(cast.curator_b)
    assert client.get(old).status_code == 404
    assert client.get(f"/orgs/staff/{mentee.pk}/mentors/").status_code == 404
