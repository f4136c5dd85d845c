"""The municipal mentor base and the weights of the matching score."""

import pytest
from django.urls import reverse

from orgs.models import MatchingWeights
from tests.factories import mentor_base_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(cast):
    return mentor_base_people(cast)


def test_a_curator_sees_mentors_of_other_schools_of_the_municipality_without_birth_dates(
    client, cast, base
):
    client.force_login(cast.curator_a)
    body = client.get(reverse("orgs:mentor_base", args=[cast.m1.pk])).content.decode()
    assert "Сетевая" in body and "Еловская СОШ" in body and "Математика" in body
    assert "0 из 2" in body
    assert "13.04.1971" not in body and "1971" not in body
    assert "Чужая" not in body and "Далёкая" not in body  # other municipalities never appear


def test_the_base_filters_by_area_and_category(client, cast, base):
    client.force_login(cast.methodist_m1)
    url = reverse("orgs:mentor_base", args=[cast.m1.pk])
    assert "Сетевая" in client.get(url, {"area": base["area"].pk}).content.decode()
    assert "Сетевая" not in client.get(url, {"category": "first"}).content.decode()


def test_other_municipalities_get_404_and_a_director_403(client, cast, base):
    url = reverse("orgs:mentor_base", args=[cast.m1.pk])
    for outsider in (cast.curator_b, cast.methodist_m2):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(cast.director_a)
    assert client.get(url).status_code == 403


def test_a_methodist_adjusts_the_weights_and_a_curator_may_not(client, cast):
    url = reverse("orgs:weights", args=[cast.m1.pk])
    client.force_login(cast.curator_a)
    assert (
        client.post(url, {"subject": 10, "needs": 10, "experience": 10, "capacity": 10}).status_code
        == 403
    )
    client.force_login(cast.methodist_m1)
    response = client.post(url, {"subject": 0, "needs": 0, "experience": 0, "capacity": 0})
    assert "Хотя бы один вес" in response.content.decode()
    assert not MatchingWeights.objects.exists()
    client.post(url, {"subject": 70, "needs": 10, "experience": 10, "capacity": 10})
    assert MatchingWeights.objects.get(municipality=cast.m1).subject == 70


def test_the_demo_fills_the_mentor_base_once(client):
    import io

    from django.core.management import call_command

    from orgs.models import MentorProfile, Municipality, User

    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    count = MentorProfile.objects.count()
    assert count > 0
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    assert MentorProfile.objects.count() == count
    methodist = User.objects.filter(memberships__role="methodist").first()
    municipality = Municipality.objects.get(pk=methodist.memberships.first().municipality_id)
    client.force_login(methodist)
    body = client.get(reverse("orgs:mentor_base", args=[municipality.pk])).content.decode()
    assert "База наставников" in body and "из" in body
