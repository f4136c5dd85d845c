"""Text people type, cleaned in one place before anything stores it.

Control characters (``\\x07``, ``\\x0b``, ``\\x01``...) pasted into a name or a title are
invisible on a page but are not allowed in XML: every later Word or PDF document naming that
text failed to render. Lone surrogates from a JSON ``\\ud800`` cannot even be stored.

``install()`` (called once at start-up, from orgs.apps) makes every Django form text field
(``forms.CharField`` and its kinds: e-mail, URL, slug, textarea...) and every REST framework
text field strip them as part of their own cleaning, so all forms, the admin and the API
take the same rule without each declaring it. Tabs and line breaks stay: they are text.
The staff import reads its cells through ``clean`` too.
"""

from __future__ import annotations

import re

# Everything XML 1.0 refuses, plus the C1 controls, which no one types on purpose.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(value: str) -> str:
    """``value`` without control characters (tab, line feed and carriage return kept)."""
    return CONTROL.sub("", value)


def _cleaning(to_python):
    def cleaned(self, value):
        result = to_python(self, value)
        if not isinstance(result, str):
            return result
        result = clean(result)
        # Whitespace that stood next to a control character is trimmed as the field would.
        if getattr(self, "strip", False) or getattr(self, "trim_whitespace", False):
            result = result.strip()
        return result

    cleaned.__wrapped__ = to_python
    cleaned.strips_control_characters = True
    return cleaned


def install() -> None:
    """Idempotent: wraps the text fields' own conversion once."""
    from django import forms
    from rest_framework import serializers

    for cls, method in (
        (forms.CharField, "to_python"),
        (serializers.CharField, "to_internal_value"),
    ):
        current = getattr(cls, method)
        if not getattr(current, "strips_control_characters", False):
            setattr(cls, method, _cleaning(current))
