"""Municipal orders: Kedrovy's order No. 76 of 10.11.2021 and the methodist's register."""

import datetime

import pytest
from django.urls import reverse

from documents import services
from documents.models import Document, Kind

from .helpers import docx_text, pdf_text

pytestmark = pytest.mark.django_db

GROUNDS = (
    "На основании распоряжения Департамента общего образования Томской области от 13.04.2020 "
    "года № 305-р «Об утверждении региональной программы развития системы наставничества в "
    "сфере общего образования Томской области», в целях реализации распоряжения Правительства "
    "Российской Федерации от 31.12.2019 года №3273-р"
)
POINTS = """1. Утвердить дорожную карту по реализации муниципальной программы согласно приложению 1
2. Утвердить муниципальную программу согласно приложению 2
3. Руководителям образовательных организаций:
 - 3.1. обеспечить исполнение мероприятий программы и дорожной карты;
 - 3.2. обеспечить участие педагогов-наставников в мероприятиях программы;
 - 3.3. обеспечить сбор необходимой информации для формирования отчета."""


def kedrovy_order(cast) -> dict:
    return {
        "date": "2021-11-10",
        "title": "Об утверждении муниципальной программы «Развитие наставничества в системе "
        "образования муниципального образования «Город Кедровый» на 2020-2024 годы»",
        "grounds": GROUNDS,
        "points": POINTS,
        "control": "возложить на Зинченко Н.А., методиста отдела образования",
        "signer_position": "Руководитель отдела образования",
        "signer_name": "Е.А.Смирнова",
        "place": "г. Кедровый",
        "acquainted_text": "Зинченко Н.А.\nДурникова А.В.\nМакринский А.Н.",
        "programme_title": "Муниципальная программа «Развитие наставничества»",
        "programme_text": "Цель программы: развитие системы наставничества.\n\nЗадачи: ...",
    }


def test_a_methodist_produces_the_kedrovy_order_that_reads_like_order_no_76(
    client, cast, django_capture_on_commit_callbacks
):
    from monitoring.effectiveness.services import road_map_load_seed

    cast.m3.education_authority = "Отдел образования Администрации МО «Город Кедровый»"
    cast.m3.save()
    road_map = road_map_load_seed(municipality=cast.m3)
    client.force_login(cast.methodist_m3)
    url = reverse("documents:municipality_create", args=[cast.m3.pk, Kind.ROADMAP_ORDER])
    assert client.get(url).status_code == 200
    response = client.post(url, kedrovy_order(cast))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.organisation is None and document.municipality == cast.m3
    with django_capture_on_commit_callbacks(execute=True):
        issued = client.post(
            reverse("documents:issue", args=[document.pk]),
            {"number": "76", "date": "2021-11-10"},
            follow=True,
        )
    assert "Документ издан" in issued.content.decode(), issued.content.decode()[-3000:]
    document.refresh_from_db()
    pdf = pdf_text(document.pdf.read())
    docx = docx_text(document.docx.read())
    for text in (pdf, docx):
        assert "Отдел образования Администрации МО «Город Кедровый» Томская область" in text
        assert "ПРИКАЗ от 10.11.2021 № 76 г. Кедровый Об утверждении муниципальной" in text
        assert GROUNDS in text
        assert "ПРИКАЗЫВАЮ: 1. Утвердить дорожную карту" in text
        assert "3. Руководителям образовательных организаций: 3.1. обеспечить исполнение" in text
        assert "3.3. обеспечить сбор необходимой информации для формирования отчета." in text
        assert "4. Контроль за исполнением приказа возложить на Зинченко Н.А., методиста" in text
        assert "Руководитель отдела образования ______________ Е. А. Смирнова" in text
        assert "С приказом ознакомлены:" in text
        for name in ("Зинченко Н.А.", "Дурникова А.В.", "Макринский А.Н."):
            assert f"{name} ______________" in text
        assert "Приложение 1" in text and "Приложение 2" in text
        assert "Цель программы: развитие системы наставничества." in text
    # Appendix 1 is the seeded road map: every stage and item of Kedrovy's order.
    flat = " ".join(pdf.split())
    for section in road_map.sections.prefetch_related("items"):
        assert " ".join(section.title.split()) in flat
        for item in section.items.all():
            assert " ".join(item.activity.split()[:6]) in flat, item.activity


def test_the_municipal_register_is_the_methodists_and_not_the_schools(client, cast):
    document = services.document_create(
        issuer=cast.m1,
        kind=Kind.ROADMAP_ORDER,
        date=datetime.date(2025, 11, 1),
        title="",
        params={},
        acting_user=cast.methodist_m1,
    )
    url = reverse("documents:municipality", args=[cast.m1.pk])
    client.force_login(cast.methodist_m1)
    assert "Об утверждении дорожной карты" in client.get(url).content.decode()
    client.force_login(cast.coordinator_r1)
    assert client.get(url).status_code == 200
    client.force_login(cast.director_a)
    assert client.get(url).status_code == 403  # sees the municipality, not its register
    assert client.get(reverse("documents:detail", args=[document.pk])).status_code == 404
    client.force_login(cast.methodist_m3)
    assert client.get(url).status_code == 404
    client.force_login(cast.coordinator_r1)
    create = reverse("documents:municipality_create", args=[cast.m1.pk, Kind.ROADMAP_ORDER])
    assert client.get(create).status_code == 403
