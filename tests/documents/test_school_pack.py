"""The school pack reads as real local acts: the Положение written out in full, the council
protocol with its procedure and quorum, the supplementary agreement with its requisites."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from documents import rendering, services
from documents.models import Kind
from tests.factories import StaffMemberFactory

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db


def printed(cast, kind, **params) -> tuple[str, str]:
    document = services.document_create(
        issuer=cast.school_a,
        kind=kind,
        date=datetime.date(2025, 9, 1),
        title="",
        params=params,
        acting_user=cast.director_a,
    )
    html = services.preview_html(document)
    return pdf_text(rendering.html_to_pdf(html)), docx_text(rendering.html_to_docx(html))


def test_the_regulation_is_written_out_with_every_part_a_regulation_has(cast):
    curator = StaffMemberFactory(organisation=cast.school_a, position="Заместитель директора")
    for text in printed(cast, Kind.REGULATION, curator=[curator.pk]):
        for heading in (
            "1. Общие положения",
            "2. Основные понятия",
            "3. Цели и задачи наставничества",
            "4. Формы наставничества",
            "5. Организация наставничества",
            "6. Права и обязанности наставника",
            "7. Права и обязанности наставляемого",
            "8. Права и обязанности куратора",
            "9. Поощрение наставников",
            "10. Ожидаемые результаты",
            "11. Документы системы наставничества",
        ):
            assert heading in text
        assert "формы и порядок организации наставничества в " in text
        assert "(далее — организация)" in text
        assert "статьёй 351.8 Трудового кодекса" in text
        assert "6.1. Наставник обязан:" in text and "7.2. Наставляемый вправе:" in text


def test_the_council_protocol_records_quorum_hearing_decision_and_vote(cast):
    params = {
        "chair": "Комарова Е. А.",
        "secretary": "Яковлева Р. Г.",
        "members": 24,
        "present_count": 20,
        "speaker": "Яковлева Р. Г., заместитель директора по УВР",
        "spoke": "Белова Л. И., учитель математики",
        "abstained": 1,
    }
    for text in printed(cast, Kind.COUNCIL, **params):
        assert "Присутствовали 20 из 24 членов педагогического совета. Кворум имеется" in text
        assert "ПОВЕСТКА ДНЯ: 1. Об утверждении Положения" in text
        assert (
            "По вопросу 1 СЛУШАЛИ: Яковлева Р. Г., заместитель директора по УВР, о проекте "
            "Положения"
        ) in text
        assert "ВЫСТУПИЛИ: Белова Л. И., учитель математики" in text
        assert "ПОСТАНОВИЛИ: Рекомендовать руководителю утвердить Положение" in text
        assert "ГОЛОСОВАЛИ: за — 19, против — 0, воздержались — 1." in text
        assert "По вопросу 2" in text


def test_a_council_without_a_quorum_gets_no_protocol(cast):
    with pytest.raises(ValidationError, match="Кворума нет: присутствуют 12 из 24"):
        printed(cast, Kind.COUNCIL, chair="Комарова Е. А.", members=24, present_count=12)


def test_the_agreement_names_the_contract_the_statute_and_the_copies(cast):
    mentor = StaffMemberFactory(
        organisation=cast.school_a, position="Учитель физики", hired_on=datetime.date(2015, 8, 25)
    )
    StaffMemberFactory(
        organisation=cast.school_a,
        position=cast.school_a.head_position or "Директор",
        last_name="Комарова",
        first_name="Елена",
        patronymic="Анатольевна",
    )
    pdf, docx = printed(cast, Kind.AGREEMENT, staff=[mentor.pk], contract_number="17")
    for text in (pdf, docx):
        assert "к трудовому договору от 25.08.2015 № 17" in text
        assert "действующей на основании Устава" in text
        assert "неотъемлемой частью трудового договора от 25.08.2015 № 17" in text
        assert "составлено в двух экземплярах, имеющих одинаковую юридическую силу" in text


def test_the_young_specialists_order_lists_each_with_their_mentor_or_the_gap(cast):
    from tests.pairs.factories import PairFactory, ProgrammeFactory

    mentor = StaffMemberFactory(
        organisation=cast.school_a, last_name="Белова", position="Учитель математики"
    )
    paired = StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Попова",
        position="Учитель начальных классов",
        career_started_on=datetime.date(2024, 9, 1),
    )
    alone = StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Ахматова",
        position="Учитель истории",
        career_started_on=datetime.date(2025, 8, 25),
    )
    PairFactory(
        programme=ProgrammeFactory(organisation=cast.school_a), mentor=mentor, mentee=paired
    )
    for text in printed(cast, Kind.YOUNG_SPECIALISTS):
        assert "ПРИКАЗ" in text and "Об организации работы с молодыми специалистами" in text
        assert "статьёй 351.8 Трудового кодекса" in text
        short = paired.short_name.replace("\u00a0", " ")
        assert (
            f"{short}, учитель начальных классов 1 год {mentor.short_name}".replace("\u00a0", " ")
            in text
        )
        assert (
            f"{alone.short_name}, учитель истории менее года не назначен".replace("\u00a0", " ")
            in text
        )
        assert "молодым специалистам, за которыми наставник не закреплён (1 чел.)" in text
        assert "С приказом ознакомлены:" in text
