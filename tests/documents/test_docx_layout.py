"""Every document kind, printed from demo-like data, reads the same in the WeasyPrint PDF and in
the DOCX as LibreOffice lays it out: about as many pages, the same words in the same order,
no word in a table broken across lines without a hyphen, and in both the requisites and the
declined names a records officer checks.

The kinds come from the register of kinds: a new kind fails here until it has a recipe."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from documents import rendering, services
from documents.models import Kind
from monitoring.effectiveness import services as effectiveness
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory, PlanActivityFactory, PlanFactory, ProgrammeFactory

from . import libreoffice
from .test_analytical_report import deficits_survey, fill
from .test_municipal_documents import kedrovy_order
from .test_requisites import LONG_MENTEES, bundled_agreements, letter_numbers

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(libreoffice.SOFFICE is None, reason="LibreOffice (soffice) не установлен"),
]

DATE = datetime.date(2025, 9, 15)
ACTIVITIES = [
    "Посещение уроков наставника и анализ их структуры",
    "Совместное проектирование технологической карты урока",
    "Консультация по оцениванию образовательных результатов обучающихся",
]


def school_people(cast):
    school = cast.school_a
    curator = StaffMemberFactory(
        organisation=school, position="Заместитель директора по УВР", last_name="Яковлева"
    )
    programme = ProgrammeFactory(organisation=school)
    pairs = []
    for surname, subject in (("Белова", "математики"), ("Кызлакова", "русского языка")):
        mentor = StaffMemberFactory(
            organisation=school, last_name=surname, position=f"Учитель {subject}"
        )
        pair = PairFactory(programme=programme, mentor=mentor, extra_pay_percent=15)
        plan = PlanFactory(pair=pair)
        for number, title in enumerate(ACTIVITIES):
            PlanActivityFactory(
                plan=plan,
                title=title,
                expected_result="Педагог применяет приёмы наставника на своих уроках",
                planned_month=datetime.date(2025, 10 + number, 1),
            )
        pairs.append(pair)
    mentors = [m.staff for p in pairs for m in p.members.all() if m.role == "mentor"]
    return curator, mentors, pairs


def recipes(cast) -> dict[str, tuple]:
    """For each kind: the issuer and the parameters a director or methodist would choose."""
    curator, mentors, pairs = school_people(cast)
    pair_ids = [p.pk for p in pairs]
    school = cast.school_a
    staff = {"curator": [curator.pk], "staff": [m.pk for m in mentors]}
    return {
        Kind.TARGET_MODEL: (school, {"curator": [curator.pk]}),
        Kind.REGULATION: (school, {"curator": [curator.pk]}),
        Kind.CURATOR: (school, staff),
        Kind.PAIRS: (school, {"curator": [curator.pk], "pairs": pair_ids}),
        Kind.PROGRAMMES: (school, {"pairs": pair_ids}),
        Kind.FINAL_EVENT: (school, staff),
        Kind.YOUNG_SPECIALISTS: (school, {"curator": [curator.pk]}),
        Kind.COUNCIL: (
            school,
            {"chair": "Комарова Е. А.", "secretary": "Яковлева Р. Г.", "present": "24 человека"},
        ),
        Kind.PLAN: (school, {"pairs": pair_ids[:1]}),
        Kind.CONSENT: (school, {"pairs": pair_ids}),
        Kind.AGREEMENT: (school, {"pairs": pair_ids}),
        Kind.CERTIFICATE: (school, {"staff": [mentors[0].pk]}),
        Kind.ROADMAP_ORDER: (cast.m3, _kedrovy(cast)),
        Kind.ANALYTICAL_REPORT: (cast.m1, _report(cast)),
    }


def _kedrovy(cast) -> dict:
    from monitoring.effectiveness.services import road_map_load_seed

    road_map_load_seed(municipality=cast.m3)
    params = kedrovy_order(cast)
    params.pop("date")
    params["wording"] = {"grounds": params.pop("grounds"), "points": params.pop("points")}
    return params


def _report(cast) -> dict:
    campaign = effectiveness.campaign_open(
        municipality=cast.m1, year=2026, acting_user=cast.methodist_m1
    )
    fill(campaign, cast.school_a, cast, percent=85, best=True)
    deficits_survey(cast)
    return {"campaign": campaign.pk, "signer_name": "Смирнова Е. А."}


def printed(cast) -> dict[str, tuple[bytes, bytes, bytes]]:
    """Per kind: the WeasyPrint PDF, the DOCX and LibreOffice's PDF of that DOCX. Both files
    come from the same HTML; charts are drawn only in the PDF (the DOCX gives their figures
    as tables), so the comparison prints that HTML without them."""
    kinds = recipes(cast)
    missing = set(Kind) - set(kinds)
    assert not missing, f"Нет данных для проверки видов документов: {sorted(missing)}"
    files = {}
    for kind, (issuer, params) in kinds.items():
        user = cast.director_a if issuer == cast.school_a else cast.methodist_m1
        document = services.document_create(
            issuer=issuer, kind=kind, date=DATE, title="", params=params, acting_user=user
        )
        services.document_issue(
            document=document,
            number=f"{len(files) + 1}-од",
            date=DATE,
            verify_url="https://portal.example/verify/1",
            acting_user=user,
        )
        document.refresh_from_db()
        context = services.print_context(document, document.snapshot)
        context.pop("charts", None)
        html = rendering.render_html(services.template_for(document.snapshot), context)
        files[str(kind)] = (rendering.html_to_pdf(html), rendering.html_to_docx(html))
    converted = libreoffice.convert({kind: docx for kind, (_, docx) in files.items()})
    return {kind: (pdf, docx, converted[kind]) for kind, (pdf, docx) in files.items()}


def table_cells(docx: bytes) -> list[str]:
    document = DocxDocument(io.BytesIO(docx))
    return [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def header_rows(docx: bytes) -> set[str]:
    """The text of the rows repeated at the top of every page a table spans: where a page
    ends is layout, so their repetitions are left out of the comparison."""
    document = DocxDocument(io.BytesIO(docx))
    return {
        libreoffice.squeezed([" ".join(cell.text for cell in row.cells)])
        for table in document.tables
        for row in table.rows
        if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
    }


def problems(pdf: bytes, docx: bytes, office_pdf: bytes) -> list[str]:
    found = []
    ours, theirs = libreoffice.page_texts(pdf), libreoffice.page_texts(office_pdf)
    if abs(len(ours) - len(theirs)) > 1:
        found.append(f"страниц: PDF {len(ours)}, LibreOffice {len(theirs)}")
    a, b = libreoffice.squeezed(ours), libreoffice.squeezed(theirs)
    for header in header_rows(docx):
        a, b = a.replace(header, ""), b.replace(header, "")
    if a != b:
        at = next(
            (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
        )
        found.append(
            f"текст расходится: PDF «…{a[at - 40 : at + 60]}…», "
            f"LibreOffice «…{b[at - 40 : at + 60]}…»"
        )
    for name, pages in (("PDF", ours), ("LibreOffice", theirs)):
        on_lines = libreoffice.words_on_lines(pages)
        broken = {
            word
            for cell in table_cells(docx)
            for word in libreoffice.words(cell)
            if word not in on_lines
        }
        if broken:
            found.append(f"{name}: слова в таблицах разорваны без переноса: {sorted(broken)[:8]}")
    return found


ORDER_REQUISITES = ["ПРИКАЗ", "от 15.09.2025 № {number}", "с. Онгудай", "Ю. В. Высоцкая"]
# What a records officer checks on each kind: number in its register, place, the signatory,
# and names in the case the sentence needs (dative «Директору … Высоцкой», genitive «в лице
# директора Высоцкой Юлии Владимировны», prepositional «в Онгудайской СОШ»).
REQUISITES = {
    Kind.TARGET_MODEL: [*ORDER_REQUISITES, "Внедрить в Онгудайской СОШ"],
    Kind.REGULATION: [*ORDER_REQUISITES, "УТВЕРЖДЕНО приказом"],
    Kind.CURATOR: ORDER_REQUISITES,
    Kind.PAIRS: ORDER_REQUISITES,
    Kind.PROGRAMMES: ORDER_REQUISITES,
    Kind.FINAL_EVENT: ORDER_REQUISITES,
    Kind.YOUNG_SPECIALISTS: ORDER_REQUISITES,
    Kind.COUNCIL: ["от 15.09.2025 № {number}", "ПОСТАНОВИЛИ"],
    Kind.PLAN: ["УТВЕРЖДАЮ", "Ю. В. Высоцкая"],
    Kind.CONSENT: ["Директору", "Ю. В. Высоцкой"],
    Kind.AGREEMENT: [
        "с. Онгудай",
        "в лице директора Высоцкой Юлии Владимировны, действующей на основании Устава",
    ],
    Kind.CERTIFICATE: ["№ {number}", "Ю. В. Высоцкая"],
    Kind.ROADMAP_ORDER: ["ПРИКАЗ", "№ {number}", "г. Кедровый"],
    Kind.ANALYTICAL_REPORT: ["АНАЛИТИЧЕСКАЯ СПРАВКА", "№ {number}", "Е. А. Смирнова"],
}


def test_every_kind_reads_the_same_in_the_pdf_and_in_libreoffice(cast, school):
    results = printed(cast)
    report = {kind: problems(*files) for kind, files in results.items()}
    for number, (kind, (pdf, _docx, office_pdf)) in enumerate(results.items(), start=1):
        for name, data in (("PDF", pdf), ("LibreOffice", office_pdf)):
            text = libreoffice.squeezed(libreoffice.page_texts(data))
            for expected in REQUISITES[kind]:
                wanted = expected.format(number=f"{number}-од")
                if libreoffice.squeezed([wanted]) not in text:
                    report[kind].append(f"{name}: нет «{wanted}»")
    failed = [f"{kind}: {line}" for kind, lines in report.items() for line in lines]
    assert not failed, "\n".join(failed)


def test_the_docx_declares_russian_the_serif_and_real_column_widths(cast):
    _, _, pairs = school_people(cast)
    document = services.document_create(
        issuer=cast.school_a,
        kind=Kind.PAIRS,
        date=DATE,
        title="",
        params={"pairs": [p.pk for p in pairs]},
        acting_user=cast.director_a,
    )
    data = rendering.html_to_docx(services.preview_html(document))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        fonts = archive.read("word/fontTable.xml").decode()
    assert 'w:lang w:val="ru-RU"' in styles and "en-US" not in styles
    assert 'w:name="Liberation Serif"' in fonts and 'w:altName w:val="Times New Roman"' in fonts
    word = DocxDocument(io.BytesIO(data))
    table = word.tables[0]
    widths = [column.w for column in table._tbl.tblGrid.gridCol_lst]
    # The pairs table's colgroup: 6 / 27 / 27 / 24 / 16 % of the text width.
    assert [round(w / sum(widths) * 100) for w in widths] == [6, 27, 27, 24, 16]
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    heading = next(p for p in word.paragraphs if p.text == "С приказом ознакомлены:")
    assert heading.paragraph_format.keep_with_next


def test_stage_rows_of_a_road_map_are_bold_and_centred(cast):
    curator, _, _ = school_people(cast)
    document = services.document_create(
        issuer=cast.school_a,
        kind=Kind.REGULATION,
        date=DATE,
        title="",
        params={"curator": [curator.pk]},
        acting_user=cast.director_a,
    )
    word = DocxDocument(io.BytesIO(rendering.html_to_docx(services.preview_html(document))))
    stage = next(
        cell.paragraphs[0]
        for row in word.tables[0].rows
        for cell in row.cells
        if cell.text == "Подготовительный этап"
    )
    assert stage.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in stage.runs)
    assert word.sections[-1].orientation == WD_ORIENT.PORTRAIT


def test_bundled_letters_restart_page_numbers_in_the_docx_as_in_the_pdf(cast, school):
    """Three two-page agreements in one DOCX: a section per letter, numbered from its own
    first page, which carries no number; LibreOffice prints them so."""
    html = bundled_agreements(cast, school, mentees=LONG_MENTEES)
    data = rendering.html_to_docx(html)
    word = DocxDocument(io.BytesIO(data))
    assert len(word.sections) == 3
    for section in word.sections[1:]:
        assert section.different_first_page_header_footer
        [numbering] = section._sectPr.findall(qn("w:pgNumType"))
        assert numbering.get(qn("w:start")) == "1"
    pages = [
        " ".join(page.split())
        for page in libreoffice.page_texts(
            libreoffice.convert({"letters": data})["letters"], keep_numbers=True
        )
    ]
    assert letter_numbers(pages) == ["—", "2", "—", "2", "—", "2"]
