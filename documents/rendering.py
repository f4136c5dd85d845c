"""One helper per output kind: a named template under ``templates/documents/`` plus a context
becomes HTML (preview), PDF (WeasyPrint) or DOCX (python-docx).

The DOCX is built from the very HTML the PDF is printed from, so both carry the same words.
User text only ever reaches the output through Django's autoescaping: it is never markup.
"""

from __future__ import annotations

import base64
import io
import logging
import re
from html.parser import HTMLParser

from django.template.loader import render_to_string
from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# WeasyPrint reports every layout step at INFO (even while importing); keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Imported at module level on purpose: the worker pays WeasyPrint's import once, not per task.
from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

SERIF = "Liberation Serif"  # Times New Roman's metrics (fonts-liberation2), Cyrillic included


def short_name(last_name: str, first_name: str = "", patronymic: str = "") -> str:
    """«Иванова А. С.» with no-break spaces, for PDF, DOCX and spreadsheets alike."""
    from orgs.models import StaffMember

    return StaffMember(last_name=last_name, first_name=first_name, patronymic=patronymic).short_name


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def pdf_fetcher() -> URLFetcher:
    """Only inline ``data:`` resources: the default fetcher would read local files
    (``file:///etc/passwd``) or internal addresses into the PDF."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=2)


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=pdf_fetcher(), base_url=None).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_html(template_name, context))


def render_docx(template_name: str, context: dict) -> bytes:
    return html_to_docx(render_html(template_name, context))


# --- HTML → DOCX -----------------------------------------------------------------------------
# The document templates use a small, fixed vocabulary (see templates/documents/_base.html):
# headings, paragraphs with an alignment class, bold, line breaks, tables with <colgroup>
# widths, a <thead> that repeats, rows that span all columns, page breaks and data: images.

_SPACES = re.compile(r"[ \t\r\n\f]+")  # not \s: it would eat the no-break spaces in names
_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
}
_BLOCKS = {"p", "h1", "h2", "h3", "li", "div"}
# Charts (inline SVG) stay in the PDF; the DOCX carries the same figures as tables.
_SKIP = {"head", "style", "script", "title", "svg"}
_WIDTH = re.compile(r"width:\s*([\d.]+)%")


class _Cell:
    def __init__(self, header: bool, colspan: int):
        self.header = header
        self.colspan = colspan
        self.lines: list[list[tuple[str, bool]]] = [[]]


class _DocxBuilder(HTMLParser):
    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.heading = False
        self.bold = 0
        self.skip = 0
        self.landscape = False
        self.table: dict | None = None
        self.cell: _Cell | None = None
        self.row: list[_Cell] | None = None
        self.in_head = False

    # paragraphs ------------------------------------------------------------------------
    def _new_paragraph(self, tag: str, classes: set[str]):
        paragraph = self.document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(0)
        if tag in {"h1", "h2", "h3"} or "center" in classes:
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            fmt.alignment = next(
                (_ALIGN[c] for c in classes if c in _ALIGN), WD_ALIGN_PARAGRAPH.JUSTIFY
            )
        if "indent" in classes:
            fmt.first_line_indent = Mm(12.5)
        if tag in {"h1", "h2", "h3"} or "gap" in classes:
            fmt.space_before = Pt(12)
            fmt.space_after = Pt(6)
        self.paragraph = paragraph
        self.heading = tag in {"h1", "h2", "h3"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "body" and "landscape" in classes:
            self._landscape()
        if tag in {"strong", "b", "th"}:
            self.bold += 1
        if tag == "table":
            self.table = {"widths": [], "head": [], "body": []}
        elif tag == "col" and self.table is not None:
            match = _WIDTH.search(attrs.get("style") or "")
            self.table["widths"].append(float(match[1]) if match else None)
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in {"td", "th"} and self.row is not None:
            self.cell = _Cell(header=self.in_head, colspan=int(attrs.get("colspan") or 1))
        elif self.cell is not None:
            if tag in {"br", "p", "div"} and self.cell.lines[-1]:
                self.cell.lines.append([])
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        elif tag == "img":
            self._image(attrs)
        elif tag in _BLOCKS:
            if "page-break" in classes:
                self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                self.paragraph = None
            elif tag != "div" or "line" in classes:
                self._new_paragraph(tag, classes)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip -= 1
            return
        if tag in {"strong", "b", "th"}:
            self.bold -= 1
        if tag in {"td", "th"} and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.table["head" if self.in_head else "body"].append(self.row)
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table" and self.table is not None:
            self._flush_table()
            self.table = None
        elif tag in _BLOCKS and self.cell is None:
            self.paragraph = None

    def handle_data(self, data):
        if self.skip:
            return
        text = _SPACES.sub(" ", data)
        if self.cell is not None:
            if text.strip() or self.cell.lines[-1]:
                self.cell.lines[-1].append((text, self.bold > 0))
            return
        if self.paragraph is None:
            if not text.strip():
                return
            self._new_paragraph("p", set())
        if not self.paragraph.runs:
            text = text.lstrip()
        if text:
            run = self.paragraph.add_run(text)
            run.bold = self.bold > 0 or self.heading

    # tables and images -------------------------------------------------------------------
    def _flush_table(self):
        rows = self.table["head"] + self.table["body"]
        columns = max((sum(c.colspan for c in row) for row in rows), default=0)
        if not columns:
            return
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        section = self.document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        widths = self.table["widths"] + [None] * columns
        column_widths = [int(usable * (widths[i] or 100 / columns) / 100) for i in range(columns)]
        # Row by row: python-docx's table.cell() and table.columns rescan the whole table on
        # every call, which made a 120-row table take seconds.
        for r, (row_element, row) in enumerate(zip(table.rows, rows, strict=True)):
            cells = row_element.cells
            for index, cell in enumerate(cells):
                cell.width = column_widths[index]
            if r < len(self.table["head"]):
                # Word repeats rows marked as header rows on every page, like <thead> in print.
                properties = row_element._tr.get_or_add_trPr()
                marker = OxmlElement("w:tblHeader")
                marker.set(qn("w:val"), "true")
                properties.append(marker)
            c = 0
            for cell in row:
                target = cells[c]
                if cell.colspan > 1:
                    target = target.merge(cells[min(c + cell.colspan, columns) - 1])
                paragraph = target.paragraphs[0]
                paragraph.paragraph_format.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER if cell.header else WD_ALIGN_PARAGRAPH.LEFT
                )
                for number, line in enumerate(cell.lines):
                    if number and line:
                        paragraph.add_run().add_break()
                    for position, (text, bold) in enumerate(line):
                        run = paragraph.add_run(text.lstrip() if position == 0 else text)
                        run.bold = bold or cell.header
                        run.font.size = Pt(12)
                c += cell.colspan
        self.paragraph = None

    def _image(self, attrs):
        source = attrs.get("src") or ""
        # Only inline images, as for the PDF: nothing is fetched from disk or network.
        if not source.startswith("data:image/png;base64,"):
            return
        data = base64.b64decode(source.split(",", 1)[1])
        self.document.add_picture(io.BytesIO(data), width=Mm(30))
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph = None

    def _landscape(self):
        section = self.document.sections[-1]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width


def _page_numbers(section) -> None:
    """Page numbers centred at the top from the second page, as in the PDF."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)


def html_to_docx(html: str) -> bytes:
    document = DocxDocument()
    section = document.sections[0]
    # GOST R 7.0.97-2016: A4; margins 20 mm top and bottom, 30 mm left, 10 mm right.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    style = document.styles["Normal"]
    style.font.name = SERIF
    style.font.size = Pt(14)
    # East-Asian and complex-script slots too, or Word substitutes its own font for Cyrillic.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), SERIF)
    document.core_properties.language = "ru-RU"
    _page_numbers(section)
    builder = _DocxBuilder(document)
    builder.feed(html)
    builder.close()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
