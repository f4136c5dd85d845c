"""The organisation's requisites page: official names, place, head and the cases of names,
checked and corrected by the curator or the director."""

import datetime

import pytest
from django.urls import reverse

from orgs.models import Head, NameForm, Organisation
from tests.factories import StaffMemberFactory
from tests.forms import page_form

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_declined_forms_and_the_head_from_the_staff_list(client, cast):
    StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Высоцкая",
        first_name="Юлия",
        patronymic="Владимировна",
        position="Директор",
    )
    client.force_login(cast.curator_a)
    page = client.get(reverse("orgs:requisites", args=[cast.school_a.pk])).content.decode()
    assert "Онгудайской СОШ" in page
    assert "Директор: <strong>Высоцкая Юлия Владимировна</strong>" in page
    assert "Высоцкой Юлии Владимировне" in page


def test_a_curator_corrects_a_case_and_sets_the_place(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:requisites", args=[cast.school_a.pk])
    response = client.post(
        url,
        {
            "action": "case",
            "phrase": "Онгудайская СОШ",
            "case": "loct",
            "form": "Онгудайской школе",
        },
    )
    assert response.status_code == 302
    assert NameForm.objects.get(organisation=cast.school_a).form == "Онгудайской школе"
    assert "исправлено вручную" in client.get(url).content.decode()
    names = page_form(
        client,
        url,
        full_name="Муниципальное бюджетное общеобразовательное учреждение",
        short_name="Онгудайская СОШ",
        settlement="с. Онгудай",
        head_position="Директор",
    )
    assert names["action"] == "names"
    assert client.post(url, names).status_code == 302
    assert Organisation.objects.get(pk=cast.school_a.pk).settlement == "с. Онгудай"


def test_a_head_from_another_school_is_refused(client, cast):
    stranger = StaffMemberFactory(organisation=cast.school_b, position="Директор")
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("orgs:requisites", args=[cast.school_a.pk]),
        {"action": "head", "staff": stranger.pk, "starts_on": "2025-09-01"},
    )
    assert response.status_code == 200
    assert not Head.objects.exists()


def test_an_acting_head_is_recorded_with_dates(client, cast):
    deputy = StaffMemberFactory(organisation=cast.school_a, position="Заместитель директора")
    client.force_login(cast.director_a)
    client.post(
        reverse("orgs:requisites", args=[cast.school_a.pk]),
        {
            "action": "head",
            "staff": deputy.pk,
            "acting": "on",
            "starts_on": "2025-09-01",
            "ends_on": "2025-09-30",
        },
    )
    head = Head.objects.get(organisation=cast.school_a)
    assert (head.acting, head.ends_on) == (True, datetime.date(2025, 9, 30))


def test_a_psychologist_reads_but_does_not_change(client, cast):
    client.force_login(cast.psychologist_a)
    url = reverse("orgs:requisites", args=[cast.school_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "case", "phrase": "x", "case": "gent", "form": "y"})
    assert response.status_code == 403
    assert not NameForm.objects.exists()
