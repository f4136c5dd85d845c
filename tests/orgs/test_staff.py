"""The curator's staff list, card, add, edit and leave."""

import datetime

import pytest
from django.urls import reverse

from orgs.models import StaffMember
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def page(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def names(response):
    return [p.last_name for p in response.context["page"]]


def test_the_list_filters_by_name_young_specialist_status_and_mentoring(client, cast):
    young = StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Молодова",
        career_started_on=TODAY - datetime.timedelta(days=300),
    )
    StaffMemberFactory(
        organisation=cast.school_a, last_name="Ушедшая", employment_status="left", left_on=TODAY
    )
    PairFactory(
        programme__organisation=cast.school_a, mentor=cast.teacher_a, mentee=young, status="active"
    )
    url = "orgs:staff"
    assert set(names(page(client, cast.curator_a, url, cast.school_a.pk))) == {
        "Тадыева",
        "Молодова",
    }  # working staff by default
    assert names(
        page(client, cast.curator_a, url, cast.school_a.pk, q="Мол", employment_status="")
    ) == ["Молодова"]
    assert names(
        page(
            client,
            cast.curator_a,
            url,
            cast.school_a.pk,
            young_specialist="true",
            employment_status="",
        )
    ) == ["Молодова"]
    assert names(page(client, cast.curator_a, url, cast.school_a.pk, employment_status="left")) == [
        "Ушедшая"
    ]
    assert names(
        page(client, cast.curator_a, url, cast.school_a.pk, is_mentor="true", employment_status="")
    ) == ["Тадыева"]
    assert names(
        page(client, cast.curator_a, url, cast.school_a.pk, has_mentor="true", employment_status="")
    ) == ["Молодова"]


@pytest.mark.parametrize("size", [10, 200])
def test_the_list_keeps_a_constant_number_of_queries(client, cast, size, django_assert_num_queries):
    StaffMemberFactory.create_batch(size, organisation=cast.school_a)
    client.force_login(cast.curator_a)
    # session, user, memberships, organisation, subject choices of the filter, count,
    # page rows (with mentoring flags), subjects prefetch: the same for 10 and 200 people.
    with django_assert_num_queries(8):
        response = client.get(reverse("orgs:staff", args=[cast.school_a.pk]))
    assert response.status_code == 200
    assert len(response.context["page"]) == min(size + 1, 50)


def test_a_curator_adds_a_teacher_with_russian_validation(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:staff_create", args=[cast.school_a.pk])
    bad = client.post(
        url,
        {
            "last_name": "Новикова",
            "first_name": "Анна",
            "position": "Учитель",
            "category": "none",
            "birth_date": "2005-01-01",
            "career_started_on": "2010-09-01",
        },
    )
    assert "Педагогический стаж не может начаться до 16 лет." in bad.content.decode()
    assert not StaffMember.objects.filter(last_name="Новикова").exists()
    client.post(
        url,
        {
            "last_name": "Новикова",
            "first_name": "Анна",
            "position": "Учитель",
            "category": "none",
            "career_started_on": "2025-09-01",
        },
    )
    person = StaffMember.objects.get(last_name="Новикова")
    assert person.organisation == cast.school_a and person.municipality == cast.m1


def test_marking_as_left_keeps_the_person_and_refuses_future_dates(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:staff_leave", args=[cast.teacher_a.pk])
    client.post(url, {"left_on": (TODAY + datetime.timedelta(days=5)).isoformat()})
    assert StaffMember.objects.get(pk=cast.teacher_a.pk).employment_status == "works"
    client.post(url, {"left_on": TODAY.isoformat(), "reason": "переезд"})
    person = StaffMember.objects.get(pk=cast.teacher_a.pk)
    assert (person.employment_status, person.left_on, person.leave_reason) == (
        "left",
        TODAY,
        "переезд",
    )


def test_readers_see_the_card_without_personal_data_and_may_not_write(client, cast):
    cast.teacher_a.email = "tadyeva@school.ru"
    cast.teacher_a.save()
    own = page(client, cast.curator_a, "orgs:staff_card", cast.teacher_a.pk).content.decode()
    assert "tadyeva@school.ru" in own
    methodist = page(client, cast.methodist_m1, "orgs:staff_card", cast.teacher_a.pk)
    assert methodist.status_code == 200
    assert "tadyeva@school.ru" not in methodist.content.decode()
    assert (
        client.post(
            reverse("orgs:staff_edit", args=[cast.teacher_a.pk]), {"last_name": "Иная"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("orgs:staff_leave", args=[cast.teacher_a.pk]), {"left_on": TODAY.isoformat()}
        ).status_code
        == 403
    )
    assert StaffMember.objects.get(pk=cast.teacher_a.pk).employment_status == "works"


def test_outsiders_get_404_for_the_list_and_the_card(client, cast):
    assert page(client, cast.curator_b, "orgs:staff", cast.school_a.pk).status_code == 404
    response = page(client, cast.curator_b, "orgs:staff_card", cast.teacher_a.pk)
    assert response.status_code == 404
    assert cast.teacher_a.last_name not in response.content.decode()
