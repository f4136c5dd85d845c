"""Programmes and pairs over time: groups, closed programmes, who edits a programme, and
how a working pair's term may change."""

import datetime

import pytest
from django.urls import reverse

from pairs import services
from pairs.models import Pair, Programme
from tests.factories import StaffMemberFactory
from tests.forms import version_of

from .factories import (
    PairFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def test_a_group_has_several_mentees_and_becomes_a_group_format(cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    mentees = [StaffMemberFactory(organisation=cast.school_a) for _ in range(3)]
    group = services.pair_create(
        programme=programme,
        mentors=[cast.teacher_a],
        mentees=mentees,
        acting_user=None,
        title="Круг молодых учителей",
    )
    assert group.format == Pair.Format.GROUP
    assert group.members.filter(role="mentee").count() == 3


def test_a_closed_programme_takes_no_new_pairs(cast):
    programme = ProgrammeFactory(organisation=cast.school_a, status=Programme.Status.CLOSED)
    with pytest.raises(Exception) as error:
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_a],
            mentees=[StaffMemberFactory(organisation=cast.school_a)],
            acting_user=None,
        )
    assert "Программа завершена" in str(error.value)


def test_programme_edit_is_for_the_curator_only(client, cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    url = reverse("pairs:programme_edit", args=[programme.pk])
    client.force_login(cast.methodist_m1)
    assert client.get(url).status_code == 403
    client.force_login(cast.curator_b)
    assert client.post(url, {"title": "Чужая"}).status_code == 404
    client.force_login(cast.curator_a)
    response = client.post(
        url,
        {
            "title": "Программа 2025–2027",
            "form": "teacher_teacher",
            "starts_on": "2025-09-01",
            "ends_on": "2025-01-01",
            "status": "active",
        },
    )
    assert "Дата окончания должна быть позже даты начала." in response.content.decode()
    programme.refresh_from_db()
    assert programme.title != "Программа 2025–2027"


def test_a_working_pairs_term_changes_only_by_extension(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:edit", args=[pair.pk]),
        {
            "format": "traditional",
            "model_element": "training",
            "mentor_type": "subject",
            "mentee_category": "young_specialist",
            "planned_end_on": "2030-01-01",
            "consent_status": "given",
            "consent_on": "2025-08-28",
            "agreement_status": "signed",
            "agreement_on": "2025-08-29",
            "extra_pay_percent": "15",
            "row_version": version_of(client, reverse("pairs:edit", args=[pair.pk])),
        },
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.model_element == "training" and pair.extra_pay_percent == 15
    assert pair.planned_end_on == datetime.date(2026, 8, 31)
