"""The engine: PDFs and DOCX read back as text, page breaks, fonts and the URL fetcher."""

import io

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader

from documents import rendering

from .helpers import docx_text, pdf_pages, pdf_text

HOSTILE = [
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="http://127.0.0.1/">',
    "{{ settings.SECRET_KEY }}",
    "{% load %}",
]


def order(rows: int, grounds: str = "На основании Положения, в целях адаптации") -> dict:
    people = [
        (f"Наставникова{i}\u00a0А.\u00a0С.", f"Наставляемова{i}\u00a0Б.\u00a0В.")
        for i in range(rows)
    ]
    return {
        "doc": {
            "title": "О закреплении наставнических пар",
            "issuer_lines": ["МБОУ «Онгудайская СОШ им. С.Т. Пекпеева»"],
            "place": "Онгудайский район",
            "head": {"position": "Директор", "name": "Е.\u00a0А.\u00a0Смирнова"},
            "grounds": grounds,
            "points": [
                {
                    "text": "Закрепить наставнические пары:",
                    "subpoints": [],
                    "table": {
                        "columns": [
                            {"title": "№", "width": 6},
                            {"title": "Наставник, должность", "width": 47},
                            {"title": "Наставляемый, должность", "width": 47},
                        ],
                        "rows": [
                            {"cells": [f"{i + 1}.", f"{m}, учитель", f"{n}, учитель"]}
                            for i, (m, n) in enumerate(people)
                        ],
                    },
                }
            ],
            "control": "оставляю за собой.",
            "acquainted": [m for m, _ in people],
            "attachments": [],
        },
        "number": "45",
        "date": "01.09.2025",
    }


def test_an_order_prints_its_header_points_and_acknowledgements_in_pdf_and_docx():
    context = order(3)
    pdf = pdf_text(rendering.render_pdf("documents/print/order.html", context))
    docx = docx_text(rendering.render_docx("documents/print/order.html", context))
    for text in (pdf, docx):
        assert "ПРИКАЗ" in text
        assert "от 01.09.2025 № 45" in text
        assert "О закреплении наставнических пар" in text
        assert "ПРИКАЗЫВАЮ:" in text
        assert "С приказом ознакомлены:" in text
        assert "Директор ______________ Е. А. Смирнова" in text
        for i in range(3):
            assert f"Наставникова{i} А. С., учитель" in text
            assert f"Наставляемова{i} Б. В., учитель" in text
        assert "2. Контроль за исполнением приказа оставляю за собой." in text


def test_cyrillic_text_extracts_from_the_pdf_because_the_serif_font_is_embedded():
    data = rendering.render_pdf("documents/print/order.html", order(1))
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendant = font.get("/DescendantFonts")
            descriptor = (
                descendant[0].get_object()["/FontDescriptor"]
                if descendant
                else font["/FontDescriptor"]
            ).get_object()
            assert (
                "/FontFile2" in descriptor
                or "/FontFile3" in descriptor
                or "/FontFile" in descriptor
            )
    assert any("Liberation-Serif" in name for name in fonts), fonts
    assert "Онгудайская СОШ" in pdf_text(data)


def test_a_120_pair_order_breaks_across_pages_and_repeats_the_table_header():
    data = rendering.render_pdf("documents/print/order.html", order(120))
    pages = pdf_pages(data)
    table_pages = [page for page in pages if "учитель Наставляемова" in page]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert "№ Наставник, должность Наставляемый, должность" in page
    text = " ".join(pages)
    for i in range(120):
        assert f"Наставникова{i} А. С., учитель" in text
    docx = DocxDocument(io.BytesIO(rendering.render_docx("documents/print/order.html", order(120))))
    section = docx.sections[0]
    assert section.different_first_page_header_footer
    assert section.header._element.xpath(".//w:fldSimple[@w:instr='PAGE']")
    header = docx.tables[0].rows[0]._tr
    assert header.trPr is not None and header.trPr.xpath("./w:tblHeader")
    assert len(docx.tables[0].rows) == 121


def test_pages_after_the_first_are_numbered():
    pages = pdf_pages(rendering.render_pdf("documents/print/order.html", order(120)))
    assert not pages[0].endswith(" 1")
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(f" {number}")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_printed_literally_and_nothing_is_fetched_or_attached(hostile):
    context = order(2, grounds=f"На основании {hostile} в целях")
    context["doc"]["title"] = hostile
    context["doc"]["acquainted"].append(hostile)
    data = rendering.render_pdf("documents/print/order.html", context)
    reader = PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    text = pdf_text(data)
    assert hostile in text
    assert "root:" not in text
    assert hostile in docx_text(rendering.render_docx("documents/print/order.html", context))


def test_the_url_fetcher_refuses_local_files_even_in_markup():
    html = (
        '<html><head><link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="file:///etc/passwd"></head>'
        '<body><p>Текст</p><img src="file:///usr/share/pixmaps/debian-logo.png">'
        '<a rel="attachment" href="file:///etc/hostname">файл</a></body></html>'
    )
    reader = PdfReader(io.BytesIO(rendering.html_to_pdf(html)))
    assert reader.attachments == {}
    assert not reader.pages[0]["/Resources"].get("/XObject")


def test_short_names_glue_initials_with_no_break_spaces():
    assert rendering.short_name("Тадыева", "Аруна", "Сергеевна") == "Тадыева\u00a0А.\u00a0С."
