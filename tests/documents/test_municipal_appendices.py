"""The municipal order approves exactly the appendices it has: the road map, the municipal
programme (goal, tasks, categories, model elements, forms, yearly targets) and the criteria
table, whose verbal scales stay verbal; without a road map it approves nothing it lacks."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from documents import rendering, services
from documents.demo import KEDROVY
from documents.models import Kind
from monitoring.effectiveness.services import criteria_set_load_seed, road_map_load_seed

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

PROGRAMME = (
    "«Развитие наставничества в системе образования муниципального образования «Город "
    "Кедровый» на 2020-2024 годы»"
)


def order(cast, municipality, **params):
    document = services.document_create(
        issuer=municipality,
        kind=Kind.ROADMAP_ORDER,
        date=datetime.date(2021, 11, 10),
        title=KEDROVY["title"],
        params=params,
        acting_user=cast.methodist_m3,
    )
    html = services.preview_html(document)
    return pdf_text(rendering.html_to_pdf(html)), docx_text(rendering.html_to_docx(html))


def test_the_kedrovy_order_approves_its_road_map_programme_and_criteria_as_appendices(cast):
    road_map_load_seed(municipality=cast.m3)
    criteria_set_load_seed(municipality=cast.m3, year=2021)
    params = {k: v for k, v in KEDROVY.items() if k != "title"}
    for text in order(cast, cast.m3, **params):
        assert (
            "ПРИКАЗЫВАЮ: 1. Утвердить дорожную карту по реализации муниципальной программы "
            f"{PROGRAMME} согласно приложению 1 к настоящему приказу. 2. Утвердить "
            f"муниципальную программу {PROGRAMME} согласно приложению 2 к настоящему приказу. "
            "3. Утвердить критерии эффективности системы наставничества на уровне "
            "образовательной организации согласно приложению 3 к настоящему приказу. "
            "4. Руководителям образовательных организаций:"
        ) in text
        assert "методиста отдела образования Администрации г.Кедрового" in text
        assert "Приложение 3" in text
        # Appendix 2: the programme from its data, with the yearly targets of Kedrovy's order.
        assert f"Муниципальная программа {PROGRAMME}" in text
        for heading in (
            "1. Цель программы",
            "2. Задачи программы",
            "3. Категории наставляемых",
            "4. Элементы модели наставничества",
            "5. Формы наставничества",
            "6. Ожидаемые результаты по годам",
        ):
            assert heading in text
        assert "Адаптация" in text and "Реверсивное" in text
        assert "удаленности, % 20 40 60 80 100" in text
        # Appendix 3: bands for the percentages, words for the verbal criteria.
        assert "100–80 %; 79–60 %; 59–40 %; 39 % и ниже" in text
        assert "Имеется / Отсутствует" in text
        assert "Положительная динамика / Стабильная динамика / Отрицательная динамика" in text


def test_a_municipality_without_a_road_map_gets_no_point_approving_a_missing_appendix(cast):
    pdf, docx = order(cast, cast.m3, signer_name="Смирнова Е. А.")
    for text in (pdf, docx):
        assert "Утвердить" not in text and "Приложение" not in text
        assert "ПРИКАЗЫВАЮ: 1. Руководителям образовательных организаций:" in text
        assert "______________ Е. А. Смирнова" in text
    with pytest.raises(ValidationError, match="ссылается на приложение 1"):
        order(
            cast,
            cast.m3,
            signer_name="Смирнова Е. А.",
            wording={"points": "Утвердить дорожную карту согласно приложению 1"},
        )


def test_a_municipal_order_without_a_signer_is_not_issued(cast):
    document = services.document_create(
        issuer=cast.m3,
        kind=Kind.ROADMAP_ORDER,
        date=datetime.date(2021, 11, 10),
        title="",
        params={},
        acting_user=cast.methodist_m3,
    )
    with pytest.raises(ValidationError, match="кто подписывает"):
        services.document_issue(
            document=document,
            number="76",
            date=document.date,
            verify_url="",
            acting_user=cast.methodist_m3,
        )
    document.refresh_from_db()
    assert document.status == document.Status.DRAFT and not document.number
