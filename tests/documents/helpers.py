"""Reading generated files back as text, the way a person reading them would."""

import io
import re

from docx import Document as DocxDocument
from pypdf import PdfReader

_SPACES = re.compile(r"\s+")
# WeasyPrint hyphenates (``hyphens: auto``) with U+2010, a character typed text never has.
_HYPHENATED = re.compile(r"\u2010\s*\n\s*")


def normalise(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


def pdf_pages(data: bytes) -> list[str]:
    return [
        normalise(_HYPHENATED.sub("", page.extract_text()))
        for page in PdfReader(io.BytesIO(data)).pages
    ]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))


def docx_text(data: bytes) -> str:
    document = DocxDocument(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    parts.append(cell.text)
    return normalise(" ".join(parts))
