"""Markup rules every template keeps, checked over the whole templates folder so the next
template is caught too."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
BARE_HTMX_ATTRIBUTE = re.compile(r"(?<![\w-])hx-[a-z-]+\s*=")


def test_htmx_attributes_use_their_valid_data_form():
    """``hx-get`` is not valid HTML (the Nu checker reports it); htmx reads ``data-hx-get``."""
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if BARE_HTMX_ATTRIBUTE.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


EMPTY_HEADER = re.compile(r"<th(\s[^>]*)?>\s*</th>")


def test_no_table_header_is_empty():
    """A column of buttons still has a name for screen readers (axe: empty-table-header)."""
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if EMPTY_HEADER.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
