"""Requisites a records officer checks before signing, read back from the printed PDF: names
in the case the sentence needs, the head of the organisation as the staff list records them,
the place of issue."""

import datetime

import pytest

from documents import rendering, services
from documents.models import Kind
from orgs.models import Head, NameForm
from tests.documents.helpers import pdf_text
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db

DATE = datetime.date(2025, 9, 1)


@pytest.fixture
def school(cast):
    school = cast.school_a
    school.name = "МБОУ «Онгудайская СОШ им. С.Т. Пекпеева»"
    school.full_name = (
        "Муниципальное бюджетное общеобразовательное учреждение «Онгудайская средняя "
        "общеобразовательная школа имени С.Т. Пекпеева»"
    )
    school.settlement = "с. Онгудай"
    school.save()
    school.director = StaffMemberFactory(
        organisation=school,
        last_name="Высоцкая",
        first_name="Юлия",
        patronymic="Владимировна",
        position="Директор",
    )
    school.curator = StaffMemberFactory(
        organisation=school,
        last_name="Яковлев",
        first_name="Роман",
        patronymic="Геннадьевич",
        position="Заместитель директора по УВР",
    )
    school.mentor = StaffMemberFactory(
        organisation=school,
        last_name="Белова",
        first_name="Людмила",
        patronymic="Ивановна",
        position="Учитель физики",
    )
    return school


def printed(cast, school, kind, **params) -> str:
    document = services.document_create(
        issuer=school, kind=kind, date=DATE, title="", params=params, acting_user=cast.director_a
    )
    return pdf_text(rendering.html_to_pdf(services.preview_html(document)))


def test_an_order_names_the_school_and_the_curator_in_the_right_cases(cast, school):
    text = printed(cast, school, Kind.TARGET_MODEL, curator=[school.curator.pk])
    assert "Муниципальное бюджетное общеобразовательное учреждение «Онгудайская средняя" in text
    assert "с. Онгудай" in text
    assert "Внедрить в Онгудайской СОШ целевую модель" in text
    assert "педагогических работников в МБОУ «Онгудайская СОШ им. С.Т. Пекпеева»" in text
    assert (
        "Контроль за исполнением приказа возложить на заместителя директора по УВР "
        "Яковлева Р. Г." in text
    )
    assert "Директор ______________ Ю. В. Высоцкая" in text


def test_the_consent_is_addressed_to_the_head_in_the_dative_from_the_mentor(cast, school):
    text = printed(cast, school, Kind.CONSENT, staff=[school.mentor.pk])
    assert "Директору МБОУ «Онгудайская СОШ им. С.Т. Пекпеева» Ю. В. Высоцкой" in text
    assert "от Беловой Людмилы Ивановны, учителя физики" in text
    assert "Я, Белова Людмила Ивановна," in text


def test_the_agreement_names_the_employer_by_its_head_in_the_genitive(cast, school):
    text = printed(cast, school, Kind.AGREEMENT, staff=[school.mentor.pk])
    assert "(работодатель) в лице директора Высоцкой Юлии Владимировны" in text
    assert text.startswith("ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ")
    assert "с. Онгудай," in text


def test_an_acting_head_signs_within_their_dates(cast, school):
    acting = StaffMemberFactory(
        organisation=school,
        last_name="Шевчук",
        first_name="Анна",
        patronymic="Петровна",
        position="Заместитель директора по ВР",
    )
    Head.objects.create(
        organisation=school,
        staff=acting,
        acting=True,
        starts_on=datetime.date(2025, 8, 20),
        ends_on=datetime.date(2025, 9, 10),
    )
    text = printed(cast, school, Kind.CONSENT, staff=[school.mentor.pk])
    assert "И. о. директора МБОУ «Онгудайская СОШ им. С.Т. Пекпеева» А. П. Шевчук" in text
    order = printed(cast, school, Kind.TARGET_MODEL)
    assert "И. о. директора ______________ А. П. Шевчук" in order
    assert "Высоцкая" not in order


def test_the_pairs_order_names_the_pair_and_the_head_from_the_staff_list(cast, school):
    pair = PairFactory(programme__organisation=school, mentor=school.mentor)
    text = printed(cast, school, Kind.PAIRS, pairs=[pair.pk], curator=[school.curator.pk])
    assert "Белова Л. И., учитель физики" in text
    assert "Директор ______________ Ю. В. Высоцкая" in text


def test_a_curator_corrected_form_is_what_the_document_prints(cast, school):
    NameForm.objects.create(
        organisation=school, phrase="Онгудайская СОШ", case="loct", form="Онгудайской школе"
    )
    text = printed(cast, school, Kind.TARGET_MODEL)
    assert "Внедрить в Онгудайской школе целевую модель" in text
