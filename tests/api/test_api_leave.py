"""Leaving has one set of rules: the staff page and ``POST /staff/{id}/leave/`` call the same
service, so every case below gives the same answer through both doors, and nothing is written
when it is refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from orgs.models import MentorProfile, StaffMember
from tests.api.test_api import api_as
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def through_the_page(client, cast, person, left_on, reason):
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("orgs:staff_leave", args=[person.pk]),
        {"left_on": left_on.isoformat(), "leave_reason": reason},
    )
    return response.status_code == 302, response.content.decode()


def through_the_api(client, cast, person, left_on, reason):
    response = api_as(cast.curator_a).post(
        f"/api/v1/staff/{person.pk}/leave/",
        {"left_on": left_on.isoformat(), "reason": reason},
        format="json",
    )
    # 409: the request is right, but the person's active pair refuses it for now.
    assert response.status_code in {200, 400, 409}, response.content
    return response.status_code == 200, response.content.decode()


DOORS = {"page": through_the_page, "api": through_the_api}


@pytest.mark.parametrize("door", DOORS)
def test_a_date_before_hiring_is_refused(client, cast, door):
    done, body = DOORS[door](client, cast, cast.teacher_a, datetime.date(2001, 1, 1), "ошибка")
    assert not done and "раньше даты приёма" in body
    assert StaffMember.objects.get(pk=cast.teacher_a.pk).employment_status == "works"


@pytest.mark.parametrize("door", DOORS)
def test_a_date_in_the_future_is_refused(client, cast, door):
    later = TODAY + datetime.timedelta(days=30)
    done, body = DOORS[door](client, cast, cast.teacher_a, later, "переезд")
    assert not done and "не может быть в будущем" in body
    assert StaffMember.objects.get(pk=cast.teacher_a.pk).employment_status == "works"


@pytest.mark.parametrize("door", DOORS)
def test_a_mentor_of_an_active_pair_cannot_leave_before_the_pair_ends(client, cast, door):
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    done, body = DOORS[door](client, cast, cast.teacher_a, TODAY, "переезд")
    assert not done and "действующих парах" in body and str(pair.pk) in body
    assert StaffMember.objects.get(pk=cast.teacher_a.pk).employment_status == "works"


@pytest.mark.parametrize("door", DOORS)
def test_leaving_takes_the_person_out_of_the_mentor_base(client, cast, door):
    profile = MentorProfile(staff=cast.teacher_a, is_available=True)
    profile.copy_tenant_keys()
    profile.save()
    done, _ = DOORS[door](client, cast, cast.teacher_a, TODAY, "переезд")
    assert done
    person = StaffMember.objects.get(pk=cast.teacher_a.pk)
    assert (person.employment_status, person.left_on, person.leave_reason) == (
        "left",
        TODAY,
        "переезд",
    )
    assert not MentorProfile.objects.get(staff=person).is_available


def test_the_api_asks_for_the_reason_as_the_page_does(cast):
    response = api_as(cast.curator_a).post(
        f"/api/v1/staff/{cast.teacher_a.pk}/leave/", {"left_on": TODAY.isoformat()}, format="json"
    )
    assert response.status_code == 400 and "reason" in response.json()
