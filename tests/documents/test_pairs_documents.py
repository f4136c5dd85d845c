"""Orders built from pairs and plans: every chosen pair, name and position is printed."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from documents import services
from documents.models import Document, Kind
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory, PlanActivityFactory, PlanFactory, ProgrammeFactory

from .helpers import docx_text, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


def make_pairs(cast, count: int, start: int = 0):
    programme = ProgrammeFactory(organisation=cast.school_a)
    return [
        PairFactory(
            programme=programme,
            mentor=StaffMemberFactory(
                organisation=cast.school_a, last_name=f"Наставникова{i}", position="Учитель физики"
            ),
            mentee=StaffMemberFactory(
                organisation=cast.school_a,
                last_name=f"Новикова{i}",
                position="Учитель начальных классов",
                career_started_on=datetime.date(2024, 9, 1),
            ),
        )
        for i in range(start, start + count)
    ]


def pairs_order(cast, pairs, kind=Kind.PAIRS) -> Document:
    document = services.document_create(
        issuer=cast.school_a,
        kind=kind,
        date=datetime.date(2025, 9, 15),
        title="",
        params={"pairs": [p.pk for p in pairs]},
        acting_user=cast.director_a,
    )
    job = services.document_issue(
        document=document,
        number="45-о",
        date=document.date,
        verify_url="",
        acting_user=cast.director_a,
    )
    services.render_job_run(job_id=job.pk)
    document.refresh_from_db()
    return document


def test_the_pairs_order_lists_every_chosen_pair_with_names_positions_and_acknowledgements(cast):
    pairs = make_pairs(cast, 4)
    unchosen = make_pairs(cast, 1, start=99)[0]
    document = pairs_order(cast, pairs)
    pdf = pdf_text(document.pdf.read())
    docx = docx_text(document.docx.read())
    for text in (pdf, docx):
        assert "ПРИКАЗ" in text and "от 15.09.2025 № 45-о" in text and "ПРИКАЗЫВАЮ:" in text
        assert "О закреплении наставнических пар" in text or "закреплении" in text
        assert "С приказом ознакомлены:" in text
        for pair in pairs:
            for member in pair.members.all():
                name = member.staff.short_name.replace("\u00a0", " ")
                assert f"{name}, {member.staff.position.lower()}" in text
                assert f"{name} ______________" in text  # a line in the acknowledgement list
        assert "«учитель – учитель»" in text
        assert "01.09.2025 – 31.08.2026" in text  # the period of the pair
        for member in unchosen.members.all():
            assert member.staff.last_name not in text


def test_a_120_pair_order_breaks_across_pages_with_repeated_headers_in_constant_queries(cast):
    small = make_pairs(cast, 10)
    large = small + make_pairs(cast, 110, start=10)

    def queries(pairs) -> int:
        document = services.document_create(
            issuer=cast.school_a,
            kind=Kind.PAIRS,
            date=datetime.date(2025, 9, 15),
            title="",
            params={"pairs": [p.pk for p in pairs]},
            acting_user=cast.director_a,
        )
        with CaptureQueriesContext(connection) as captured:
            services.preview_html(document)
        return len(captured)

    assert queries(small) == queries(large)
    document = pairs_order(cast, large)
    pages = pdf_pages(document.pdf.read())
    table_pages = [p for p in pages if "учитель начальных классов" in p]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert "Наставник, должность Наставляемый, должность" in page
    text = " ".join(pages)
    for i in range(120):
        assert f"Новикова{i} " in text


def test_the_programmes_order_attaches_every_plan(cast):
    pairs = make_pairs(cast, 2)
    for pair in pairs:
        plan = PlanFactory(pair=pair)
        PlanActivityFactory(plan=plan, title=f"Посещение уроков наставника {pair.pk}")
    document = pairs_order(cast, pairs, kind=Kind.PROGRAMMES)
    text = pdf_text(document.pdf.read())
    assert "Приложение 1" in text and "Приложение 2" in text
    for pair in pairs:
        assert f"Посещение уроков наставника {pair.pk}" in text


def test_a_pair_without_a_plan_cannot_have_its_plan_printed(client, cast):
    pair = make_pairs(cast, 1)[0]
    client.force_login(cast.curator_a)
    url = reverse("documents:organisation_create", args=[cast.school_a.pk, Kind.PLAN])
    response = client.post(url, {"date": "2025-09-15", "pairs": [pair.pk]})
    assert "ещё нет персонализированной программы" in response.content.decode()
    assert not Document.objects.exists()


def test_pairs_of_another_school_cannot_be_chosen(client, cast):
    foreign = PairFactory(programme=ProgrammeFactory(organisation=cast.school_b))
    client.force_login(cast.director_a)
    url = reverse("documents:organisation_create", args=[cast.school_a.pk, Kind.PAIRS])
    response = client.post(url, {"date": "2025-09-15", "pairs": [foreign.pk]})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Document.objects.exists()


def test_an_agreement_is_printed_for_each_mentor_of_the_chosen_pairs_with_term_and_pay(cast):
    pairs = make_pairs(cast, 2)
    pairs[0].extra_pay_amount = 3000
    pairs[0].save()
    document = pairs_order(cast, pairs, kind=Kind.AGREEMENT)
    pages = pdf_pages(document.pdf.read())
    assert len(pages) == 2
    for page, pair in zip(pages, pairs, strict=True):
        mentor = pair.members.get(role="mentor").staff
        mentee = pair.members.get(role="mentee").staff
        assert "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ" in page and "351.8" in page
        assert mentor.full_name in page
        assert mentee.short_name.replace("\u00a0", " ") in page
        assert "с 01.09.2025 по 31.08.2026" in page
    assert "3000,00 руб. в месяц" in pages[0]


HOSTILE = (
    '<link rel="attachment" href="file:///etc/passwd"> <img src="http://127.0.0.1/"> '
    "{{ settings.SECRET_KEY }} {% load %}"
)


@pytest.mark.parametrize(
    "kind", [Kind.PAIRS, Kind.PROGRAMMES, Kind.PLAN, Kind.CONSENT, Kind.AGREEMENT]
)
def test_hostile_names_positions_and_plan_texts_are_printed_literally(cast, kind):
    programme = ProgrammeFactory(organisation=cast.school_a, form="custom", custom_form=HOSTILE)
    pair = PairFactory(
        programme=programme,
        mentor=StaffMemberFactory(organisation=cast.school_a, position=HOSTILE),
        mentee=StaffMemberFactory(organisation=cast.school_a, last_name="Злова", position=HOSTILE),
    )
    plan = PlanFactory(pair=pair, goals=HOSTILE)
    PlanActivityFactory(plan=plan, title=HOSTILE, expected_result=HOSTILE)
    document = pairs_order(cast, [pair], kind=kind)
    pdf = document.pdf.read()

    assert PdfReader(io.BytesIO(pdf)).attachments == {}
    for text in (pdf_text(pdf), docx_text(document.docx.read())):
        # Narrow table columns wrap long words, so compare without spaces.
        squeezed = text.replace(" ", "")
        assert HOSTILE.replace(" ", "") in squeezed
        assert "root:x" not in text
