"""Reads of the pairs app that diagnostics needs (pairs sit below monitoring)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def pair_members(organisations):
    raise ValidationError("Пары наставничества ещё не подключены.")
