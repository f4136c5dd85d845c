"""Reverse (digital) mentoring: a young specialist mentors an experienced colleague in the
subject or digital tools they teach, and in no other form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orgs.models import Subject
from pairs import services
from pairs.models import Pair, PlanTemplate

from .factories import ProgrammeFactory
from .test_views import pair_post, young

pytestmark = pytest.mark.django_db


@pytest.fixture
def digital_native(cast):
    person = young(cast.school_a, last_name="Цифрова")
    person.subjects.add(Subject.objects.get_or_create(name="Информатика")[0])
    return person


@pytest.mark.parametrize("form", [f for f in Pair.Format.values if f != Pair.Format.REVERSE])
def test_a_young_specialist_mentors_in_no_other_form(cast, digital_native, form):
    programme = ProgrammeFactory(organisation=cast.school_a)
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            programme=programme,
            mentors=[digital_native],
            mentees=[cast.teacher_a],
            acting_user=cast.curator_a,
            format=form,
        )
    assert "может быть только в реверсивном (цифровом) наставничестве" in " ".join(
        error.value.messages
    )
    assert not Pair.objects.exists()


def test_a_young_specialist_mentors_an_experienced_teacher_in_reverse_mentoring(
    client, cast, digital_native, shipped_templates
):
    programme = ProgrammeFactory(organisation=cast.school_a)
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:create", args=[cast.school_a.pk]),
        pair_post(programme, [digital_native], [cast.teacher_a], format="reverse"),
    )
    assert response.status_code == 302
    pair = Pair.objects.get()
    assert pair.members.get(role="mentor").staff == digital_native
    # Its plan starts from the reverse mentoring template.
    page = client.get(reverse("pairs:plan_create", args=[pair.pk])).content.decode()
    reverse_template = PlanTemplate.objects.get(code="reverse-digital")
    assert f'<option value="{reverse_template.pk}" selected>' in page


def test_a_young_mentor_without_a_subject_is_refused_in_the_form(client, cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    newcomer = young(cast.school_a, last_name="Безпредметная")
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:create", args=[cast.school_a.pk]),
        pair_post(programme, [newcomer], [cast.teacher_a], format="reverse"),
    )
    assert "Укажите предмет в карточке сотрудника." in response.content.decode()
    assert not Pair.objects.exists()


def test_an_experienced_teacher_still_mentors_in_any_form(cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    pair = services.pair_create(
        programme=programme,
        mentors=[cast.teacher_a],
        mentees=[young(cast.school_a)],
        acting_user=cast.curator_a,
        format=Pair.Format.FLASH,
        starts_on=datetime.date(2025, 9, 1),
    )
    assert pair.format == Pair.Format.FLASH
