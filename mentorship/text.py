"""Text people type, cleaned in one place before anything stores it.

Control characters (``\\x07``, ``\\x0b``, ``\\x01``...) pasted into a name or a title are
invisible on a page but are not allowed in XML: every later Word or PDF document naming that
text failed to render. Lone surrogates from a JSON ``\\ud800`` cannot even be stored.

``install()`` (called once at start-up, from orgs.apps) makes every Django form text field
(``forms.CharField`` and its kinds: e-mail, URL, slug, textarea...) and every REST framework
text field strip them as part of their own cleaning, so all forms, the admin and the API
take the same rule without each declaring it. Tabs and line breaks stay: they are text.
The API measures a text's length as sent, before the cleaning, and refuses a number where
text is expected (its schema promises both).
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


def _length_checked_as_sent(run_validation):
    """The API's schema promises ``maxLength`` of the text as sent: a longer request is
    refused even where stripping control characters would have made it fit."""

    def checked(self, data=_NOTHING):
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        # A number or a yes/no where the schema says text is a client's mistake, not text.
        if isinstance(data, (bool, int, float)):
            self.fail("invalid")
        return run_validation(self, data) if data is not _NOTHING else run_validation(self)

    checked.checks_length_as_sent = True
    return checked


_NOTHING = object()


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
    current = serializers.CharField.run_validation
    if not getattr(current, "checks_length_as_sent", False):
        serializers.CharField.run_validation = _length_checked_as_sent(current)
