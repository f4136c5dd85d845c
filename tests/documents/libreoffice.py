"""The DOCX as others' software lays it out: LibreOffice converts it to PDF, and the pages are
read back as text the way the WeasyPrint PDF is."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from pypdf import PdfReader

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# WeasyPrint breaks a word with U+2010 (hyphen), a writer with «-» or a soft hyphen.
_LINE_END_HYPHEN = re.compile(r"(\w)[\u2010\u00ad-]\n\s*(\w)")
_WORD = re.compile(r"\w+")
_NOT_TEXT = re.compile(r"[\s\u2010\u00ad-]+")


def convert(files: dict[str, bytes], timeout: int = 240) -> dict[str, bytes]:
    """Every DOCX to PDF in one LibreOffice run (its start costs seconds), with a profile of
    its own so parallel runs do not share (and lock) one user installation."""
    with tempfile.TemporaryDirectory(prefix="lo-") as folder:
        root = Path(folder)
        sources = []
        for stem, data in files.items():
            path = root / f"{stem}.docx"
            path.write_bytes(data)
            sources.append(str(path))
        profile = (root / f"profile-{uuid.uuid4().hex}").as_uri()
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(root / "out"),
                *sources,
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return {stem: (root / "out" / f"{stem}.pdf").read_bytes() for stem in files}


def page_texts(pdf: bytes, *, keep_numbers: bool = False) -> list[str]:
    """Each page's text with its lines, without the page number printed at its top (unless
    ``keep_numbers``)."""
    pages = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        lines = [line for line in page.extract_text().splitlines() if line.strip()]
        if number > 1 and not keep_numbers:
            for index in (0, -1):
                if lines and lines[index].strip() == str(number):
                    lines.pop(index)
                    break
        pages.append("\n".join(lines))
    return pages


def squeezed(pages: list[str]) -> str:
    """The words in order with nothing between them: line breaks, hyphenation and spacing
    are the layout's, not the text's."""
    return _NOT_TEXT.sub("", "\n".join(pages).replace("\u00a0", " "))


def words_on_lines(pages: list[str]) -> set[str]:
    """Every word as printed on the lines, words hyphenated at a line end joined again."""
    text = "\n".join(pages)
    return set(_WORD.findall(text)) | set(_WORD.findall(_LINE_END_HYPHEN.sub(r"\1\2", text)))


def words(text: str) -> list[str]:
    return _WORD.findall(text)
