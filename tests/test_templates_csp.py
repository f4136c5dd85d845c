"""Templates run under a CSP without inline scripts: no <script> blocks with code and no
on* event attributes anywhere (json_script data blocks are fine: they are not executed)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def test_no_template_carries_inline_scripts_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or EVENT_ATTRIBUTE.search(text) or "hx-on" in text:
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert not offenders, f"Move scripts into static files: {offenders}"
