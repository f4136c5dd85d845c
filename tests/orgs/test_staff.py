"""The curator's staff list, forms, leaving and the staff card."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import StaffMember, Subject
from tests.factories import StaffMemberFactory
from tests.forms import version_of

pytestmark = pytest.mark.django_db


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_a_curator_finds_a_teacher_by_name_and_filters_by_subject(client, cast):
    maths = Subject.objects.create(name="Математика")
    target = StaffMemberFactory(organisation=cast.school_a, last_name="Тюхтенева")
    target.subjects.add(maths)
    StaffMemberFactory(organisation=cast.school_a, last_name="Ытыгашева")
    url = reverse("orgs:staff_list", args=[cast.school_a.pk])
    body = get(client, cast.curator_a, url, q="Тюхт").content.decode()
    assert "Тюхтенева" in body and "Ытыгашева" not in body
    body = get(client, cast.curator_a, url, subject=maths.pk).content.decode()
    assert "Тюхтенева" in body and "Ытыгашева" not in body


def test_young_specialist_filter_and_left_staff(client, cast):
    StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Молодая",
        career_started_on=datetime.date.today() - datetime.timedelta(days=200),
    )
    StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Ушедшая",
        employment_status="left",
        left_on=datetime.date(2024, 6, 1),
    )
    url = reverse("orgs:staff_list", args=[cast.school_a.pk])
    body = get(client, cast.curator_a, url, young="on").content.decode()
    assert "Молодая" in body and "Тадыева" not in body
    body = get(client, cast.curator_a, url, employment_status="left").content.decode()
    assert "Ушедшая" in body and "Молодая" not in body


def test_a_director_reads_the_list_but_may_not_add(client, cast):
    url = reverse("orgs:staff_list", args=[cast.school_a.pk])
    assert get(client, cast.director_a, url).status_code == 200
    client.force_login(cast.director_a)
    response = client.post(
        reverse("orgs:staff_add", args=[cast.school_a.pk]),
        {"last_name": "Новая", "first_name": "Анна", "position": "Учитель", "category": "none"},
    )
    assert response.status_code == 403
    assert not StaffMember.objects.filter(last_name="Новая").exists()


def test_outsiders_get_404_for_the_list_and_the_card(client, cast):
    for user in (cast.curator_b, cast.methodist_m2):
        assert (
            get(client, user, reverse("orgs:staff_list", args=[cast.school_a.pk])).status_code
            == 404
        )
        response = get(client, user, reverse("orgs:staff_card", args=[cast.teacher_a.pk]))
        assert response.status_code == 404
        assert "Тадыева" not in response.content.decode()


def test_a_curator_adds_a_teacher_and_sees_the_card(client, cast):
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("orgs:staff_add", args=[cast.school_a.pk]),
        {
            "last_name": "Кудачина",
            "first_name": "Айана",
            "patronymic": "Петровна",
            "position": "Учитель начальных классов",
            "category": "none",
            "birth_date": "1999-03-02",
            "hired_on": "2024-09-01",
            "career_started_on": "2024-09-01",
        },
    )
    person = StaffMember.objects.get(last_name="Кудачина")
    assert response.url == reverse("orgs:staff_card", args=[person.pk])
    body = client.get(response.url).content.decode()
    assert "молодой специалист" in body
    assert "01.09.2027" in body  # young specialist until
    assert person.organisation == cast.school_a and person.municipality == cast.m1


def test_a_bad_form_says_what_is_wrong_and_writes_nothing(client, cast):
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("orgs:staff_add", args=[cast.school_a.pk]),
        {"first_name": "Анна", "position": "Учитель", "category": "none", "email": "нет"},
    )
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    assert StaffMember.objects.filter(organisation=cast.school_a).count() == 1


def test_editing_keeps_the_person_and_changes_the_field(client, cast):
    client.force_login(cast.curator_a)
    person = cast.teacher_a
    data = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "position": "Заместитель директора",
        "category": "highest",
        "row_version": version_of(client, reverse("orgs:staff_edit", args=[person.pk])),
    }
    client.post(reverse("orgs:staff_edit", args=[person.pk]), data)
    person.refresh_from_db()
    assert person.position == "Заместитель директора" and person.category == "highest"


def test_marking_as_left_keeps_the_person_with_date_and_reason(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:staff_leave", args=[cast.teacher_a.pk])
    response = client.post(url, {"left_on": "2025-06-30", "leave_reason": "переезд"})
    assert response.status_code == 302
    person = StaffMember.objects.get(pk=cast.teacher_a.pk)
    assert person.employment_status == "left"
    assert person.left_on == datetime.date(2025, 6, 30) and person.leave_reason == "переезд"
    body = client.get(reverse("orgs:staff_card", args=[person.pk])).content.decode()
    assert "30.06.2025" in body


def test_leaving_before_being_hired_is_refused(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:staff_leave", args=[cast.teacher_a.pk])
    response = client.post(url, {"left_on": "2001-01-01", "leave_reason": "ошибка"})
    assert "раньше даты приёма" in response.content.decode()
    assert StaffMember.objects.get(pk=cast.teacher_a.pk).employment_status == "works"


def test_a_psychologist_cannot_mark_anyone_as_left(client, cast):
    client.force_login(cast.psychologist_a)
    url = reverse("orgs:staff_leave", args=[cast.teacher_a.pk])
    assert client.post(url, {"left_on": "2025-06-30", "leave_reason": "x"}).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("route", ["list", "search", "card"])
def test_list_search_and_card_keep_a_constant_query_count(client, cast, route):
    maths = Subject.objects.create(name="Математика")

    def url():
        if route == "card":
            return reverse("orgs:staff_card", args=[cast.teacher_a.pk])
        base = reverse("orgs:staff_list", args=[cast.school_a.pk])
        return base + ("?q=а&sort=-career&young=" if route == "search" else "")

    client.force_login(cast.curator_a)
    for _ in range(9):
        StaffMemberFactory(organisation=cast.school_a).subjects.add(maths)
    client.get(reverse("ping"))  # reads the memberships once; later requests take them cached
    small = _queries(client, url())
    for _ in range(190):
        StaffMemberFactory(organisation=cast.school_a).subjects.add(maths)
    assert StaffMember.objects.filter(organisation=cast.school_a).count() == 200
    assert _queries(client, url()) == small


def test_a_long_staff_list_pages_forward_and_back_keeping_its_filter(client, cast):
    StaffMemberFactory.create_batch(55, organisation=cast.school_a, position="Учитель физики")
    client.force_login(cast.curator_a)
    url = reverse("orgs:staff_list", args=[cast.school_a.pk])
    first = client.get(url, {"position": "физики"}).content.decode()
    assert "1 из 2" in first
    assert 'href="?position=%D1%84%D0%B8%D0%B7%D0%B8%D0%BA%D0%B8&amp;page=2">Вперёд' in first
    second = client.get(url, {"position": "физики", "page": 2}).content.decode()
    assert "2 из 2" in second and 'page=1">Назад' in second
    assert second.count("Учитель физики") == 5
