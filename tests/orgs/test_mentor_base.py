"""The municipal mentor base, suggestions for a mentee and whole-cohort proposals."""

import datetime

import pytest
from django.urls import reverse

from orgs.models import DeficitArea, MatchingWeights, Subject
from orgs.services import mentor_profile_save
from tests.factories import StaffMemberFactory
from tests.pairs.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(cast):
    maths = Subject.objects.create(name="Математика")
    area = DeficitArea.objects.order_by("pk").first() or DeficitArea.objects.create(
        code="emotions", name="Эмоциональная саморегуляция"
    )
    in_a2 = StaffMemberFactory(
        organisation=cast.school_a2,
        last_name="Сетевая",
        category="highest",
        birth_date=datetime.date(1971, 4, 13),
    )
    mentor_profile_save(person=in_a2, subjects=[maths], deficit_areas=[area], capacity=2)
    in_c = StaffMemberFactory(organisation=cast.school_c, last_name="Чужая")
    mentor_profile_save(person=in_c, subjects=[maths], capacity=2)
    in_b = StaffMemberFactory(organisation=cast.school_b, last_name="Далёкая")
    mentor_profile_save(person=in_b, subjects=[maths], capacity=2)
    return {"maths": maths, "area": area, "in_a2": in_a2}


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
    url = reverse("orgs:suggest", args=[mentee.pk])
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
        reverse("orgs:suggest", args=[mentee.pk]), {"mentor": far.pk, "programme": programme.pk}
    )
    assert "не найден" in response.content.decode()
    assert not Pair.objects.exists()


def test_cohort_proposals_become_draft_pairs_in_bulk(client, cast, base):
    from pairs.models import Pair

    first, second = young(cast, "Первая"), young(cast, "Вторая")
    for person in (first, second):
        person.subjects.add(base["maths"])
    programme = ProgrammeFactory(organisation=cast.school_a)
    url = reverse("orgs:cohort", args=[cast.school_a.pk])
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
