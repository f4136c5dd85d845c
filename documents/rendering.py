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
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

# WeasyPrint reports every layout step at INFO (even while importing); keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Imported at module level on purpose: the worker pays WeasyPrint's import once, not per task.
from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

SERIF = "Liberation Serif"  # Times New Roman's metrics (fonts-liberation2), Cyrillic included
# Where Liberation Serif is missing (Word on Windows) the font table names the metric twin.
SERIF_ALTERNATIVE = "Times New Roman"
LANGUAGE = "ru-RU"
# The PDF's line height (``line-height: 1.2``) in points, for body text and table text.
BODY_LINE = Pt(14 * 1.2)
CELL_LINE = Pt(12 * 1.2)


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
        self.section_row = False
        self.heading_size = None
        self.div_depth = 0
        self.landscape_depth = 0
        # After a landscape block the next content opens a portrait section.
        self.portrait_pending = False
        self.letters = 0

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
        # The same spacing as the print stylesheet (_base.html), so both paginate alike.
        if tag == "h1":
            fmt.space_before, fmt.space_after = Pt(14), Pt(8)
        elif tag in {"h2", "h3"}:
            fmt.space_before, fmt.space_after = Pt(12), Pt(8)
        elif "gap" in classes:
            fmt.space_before = Pt(12)
        # A heading or a lead-in line («С приказом ознакомлены:») never ends a page alone.
        if tag in {"h1", "h2", "h3"} or "keep" in classes:
            fmt.keep_with_next = True
        self.paragraph = paragraph
        self.heading = tag in {"h1", "h2", "h3"}
        self.heading_size = Pt(16) if tag == "h1" else None
        if "small" in classes:
            self.heading_size = Pt(11)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "body" and "landscape" in classes:
            self._landscape()
        if tag == "div" and "landscape" in classes:
            self._start_section(landscape=True)
            self.landscape_depth = self.div_depth + 1
        if tag == "div" and "letter" in classes:
            # Bundled letters: each in a section of its own numbered from its first page, as
            # the print stylesheet's ``letter`` pages are, so each can be signed and filed alone.
            if self.letters:
                self._start_section(landscape=False, restart_numbers=True)
            self.letters += 1
        if tag == "div":
            self.div_depth += 1
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
            self.section_row = "section" in classes
        elif tag in {"td", "th"} and self.row is not None:
            self.cell = _Cell(
                header=self.in_head or self.section_row, colspan=int(attrs.get("colspan") or 1)
            )
        elif self.cell is not None:
            if tag in {"br", "p", "div"} and self.cell.lines[-1]:
                self.cell.lines.append([])
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        elif tag == "img":
            self._image(attrs)
        elif tag in _BLOCKS:
            if "page-break" in classes:
                if not self.portrait_pending:
                    self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                self.paragraph = None
            elif tag != "div" or "line" in classes:
                self._open_portrait()
                self._new_paragraph(tag, classes)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip -= 1
            return
        if tag in {"strong", "b", "th"}:
            self.bold -= 1
        if tag == "div":
            self.div_depth -= 1
            if self.landscape_depth and self.div_depth < self.landscape_depth:
                self.landscape_depth = 0
                self.portrait_pending = True
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
            self._open_portrait()
            self._new_paragraph("p", set())
        if not self.paragraph.runs:
            text = text.lstrip()
        if text:
            run = self.paragraph.add_run(text)
            run.bold = self.bold > 0 or self.heading
            if self.heading_size:
                run.font.size = self.heading_size

    # tables and images -------------------------------------------------------------------
    def _flush_table(self):
        rows = self.table["head"] + self.table["body"]
        columns = max((sum(c.colspan for c in row) for row in rows), default=0)
        if not columns:
            return
        self._open_portrait()
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        section = self.document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        widths = self.table["widths"] + [None] * columns
        column_widths = [int(usable * (widths[i] or 100 / columns) / 100) for i in range(columns)]
        _fixed_grid(table, column_widths)
        text_style = self.document.styles[TABLE_TEXT].style_id
        head_rows = len(self.table["head"])
        # Row by row: python-docx's table.cell() and table.columns rescan the whole table on
        # every call, which made a 120-row table take seconds.
        for r, (row_element, row) in enumerate(zip(table.rows, rows, strict=True)):
            cells = row_element.cells
            for index, cell in enumerate(cells):
                cell.width = column_widths[index]
            properties = row_element._tr.get_or_add_trPr()
            # A row stays on one page, as ``tr { break-inside: avoid }`` does in print.
            properties.append(_on("w:cantSplit"))
            if r < head_rows:
                # Word repeats rows marked as header rows on every page, like <thead> in print.
                properties.append(_on("w:tblHeader"))
            c = 0
            for cell in row:
                target = cells[c]
                if cell.colspan > 1:
                    target = target.merge(cells[min(c + cell.colspan, columns) - 1])
                paragraph = target.paragraphs[0]
                # The style's id straight into the XML: python-docx's ``paragraph.style``
                # searches every style per call, which tripled a long table's time.
                paragraph._p.style = text_style
                if cell.header:
                    # Header and stage rows: bold and centred, as in the PDF.
                    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    if r >= head_rows:
                        # A stage row starts its items on the same page.
                        paragraph.paragraph_format.keep_with_next = True
                for number, line in enumerate(cell.lines):
                    if number and line:
                        paragraph.add_run().add_break()
                    for position, (text, bold) in enumerate(line):
                        run = paragraph.add_run(text.lstrip() if position == 0 else text)
                        run.bold = bold or cell.header
                c += cell.colspan
        self.paragraph = None

    def _image(self, attrs):
        source = attrs.get("src") or ""
        # Only inline images, as for the PDF: nothing is fetched from disk or network.
        if not source.startswith("data:image/png;base64,"):
            return
        data = base64.b64decode(source.split(",", 1)[1])
        self._open_portrait()
        self.document.add_picture(io.BytesIO(data), width=Mm(30))
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph = None

    def _landscape(self):
        section = self.document.sections[-1]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width

    def _start_section(self, landscape: bool, restart_numbers: bool = False):
        """A wide table (a road map) gets landscape pages of its own, as ``@page wide`` in
        print; the section break is also its page break. ``restart_numbers``: the section's
        pages count from 1 and its first page has no number (the next bundled letter)."""
        body = self.document.element.body
        if body.sectPr is not None and len(body) > 1 and body[-2].tag == qn("w:p"):
            last = body[-2]
            if not last.xpath("string(.)").strip() and last.xpath(".//w:br[@w:type='page']"):
                body.remove(last)  # the page break the template put before the block
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        # A continuing section numbers its first page too; a new letter does not.
        section.different_first_page_header_footer = restart_numbers
        # The new section's properties are a copy of the previous one's: drop its restart.
        for numbering in section._sectPr.findall(qn("w:pgNumType")):
            section._sectPr.remove(numbering)
        if restart_numbers:
            _restart_page_numbers(section)
        if (section.orientation == WD_ORIENT.LANDSCAPE) != landscape:
            section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = section.page_height, section.page_width
        self.paragraph = None

    def _open_portrait(self):
        if self.portrait_pending:
            self.portrait_pending = False
            self._start_section(landscape=False)


TABLE_TEXT = "Table Text"


def _restart_page_numbers(section) -> None:
    """``w:pgNumType w:start="1"`` in its place in the section properties (after the
    margins, before the columns, as the schema orders them)."""
    properties = section._sectPr
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    following = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:docGrid")
    for tag in following:
        successor = properties.find(qn(tag))
        if successor is not None:
            successor.addprevious(numbering)
            return
    properties.append(numbering)


def _on(tag: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element


def _fixed_grid(table, column_widths: list[int]) -> None:
    """The column widths of the ``<colgroup>`` in the grid itself: LibreOffice and Word lay a
    table out from ``w:tblGrid`` and made every column equal without it."""
    tbl = table._tbl
    for grid_column, width in zip(tbl.tblGrid.gridCol_lst, column_widths, strict=True):
        grid_column.w = width
    properties = tbl.tblPr
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(sum(Emu(w).twips for w in column_widths)))
    total.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")
    # The print stylesheet's cell padding: 2 pt above and below, 3 pt at the sides.
    for side, points in (("top", 2), ("left", 3), ("bottom", 2), ("right", 3)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(points * 20))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    for element in (total, layout, margins):
        existing = properties.find(element.tag)
        if existing is not None:
            properties.remove(existing)
    # Schema order inside w:tblPr: tblStyle, …, jc, …, tblLayout, tblCellMar, tblLook.
    style = properties.find(qn("w:tblStyle"))
    style.addnext(total)
    justification = properties.find(qn("w:jc"))
    (justification if justification is not None else total).addnext(layout)
    layout.addnext(margins)


def _font_table(document) -> None:
    """Declare the serif in the font table with its Times New Roman twin and Cyrillic
    charset, so a computer without Liberation Serif substitutes a font of the same metrics."""
    from lxml import etree

    for relationship in document.part.rels.values():
        if relationship.reltype.endswith("/fontTable"):
            part = relationship.target_part
            root = etree.fromstring(part.blob)
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), SERIF)
            for tag, value in (
                ("w:altName", SERIF_ALTERNATIVE),
                ("w:panose1", "02020603050405020304"),
                ("w:charset", "CC"),
                ("w:family", "roman"),
                ("w:pitch", "variable"),
            ):
                etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
        elif relationship.reltype.endswith("/stylesWithEffects"):
            part = relationship.target_part
            part._blob = part.blob.replace(b'w:val="en-US"', f'w:val="{LANGUAGE}"'.encode())


def _defaults(document) -> None:
    """Russian, Liberation Serif 14 pt, the PDF's line height and no space after paragraphs
    as the document's defaults (python-docx's template says en-US, Calibri, 1.15 lines)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = run_defaults.find(qn("w:rFonts"))
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), SERIF)
    language = run_defaults.find(qn("w:lang"))
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    style = document.styles["Normal"]
    style.font.name = SERIF
    style.font.size = Pt(14)
    # East-Asian and complex-script slots too, or Word substitutes its own font for Cyrillic.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), SERIF)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    style.element.get_or_add_rPr().append(language)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    style.paragraph_format.line_spacing = BODY_LINE
    style.paragraph_format.space_after = Pt(0)
    # Widows and orphans as in print (two lines each side of a page break).
    style.paragraph_format.widow_control = True

    table_text = document.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = style
    table_text.font.size = Pt(12)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    table_text.paragraph_format.line_spacing = CELL_LINE
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    settings = document.settings.element
    # Hyphenate like the PDF does (Word and LibreOffice with a Russian dictionary).
    hyphenation = _on("w:autoHyphenation")
    settings.find(qn("w:defaultTabStop")).addnext(hyphenation)
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE)


def _page_numbers(section) -> None:
    """Page numbers centred at the top from the second page, as in the PDF."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    # The number in 12 pt, as in the PDF's margin box: the field's result run carries the size.
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), "24")
        properties.append(size)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(properties)
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def html_to_docx(html: str) -> bytes:
    document = DocxDocument()
    section = document.sections[0]
    # GOST R 7.0.97-2016: A4; margins 20 mm top and bottom, 30 mm left, 10 mm right.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    _defaults(document)
    _font_table(document)
    document.core_properties.language = LANGUAGE
    _page_numbers(section)
    builder = _DocxBuilder(document)
    builder.feed(html)
    builder.close()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
