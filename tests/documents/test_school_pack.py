"""The school pack reads as real local acts: the Положение written out in full, the council
protocol with its procedure and quorum, the supplementary agreement with its requisites."""

import datetime

import pytest

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
