"""The pages' date, ``02.01.2026``, as one filter every template has (a builtin library in
settings.TEMPLATES): ``{{ day|ru_date }}``.

It writes what Django's ``date:"d.m.Y"`` writes, without that filter's format and language
lookups on every value: a table shows dozens of dates, and they cost more than its rows'
other cells together."""

from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def ru_date(value) -> str:
    """A date or a moment (in the current time zone) as day.month.year; empty for none."""
    if not isinstance(value, datetime.date):
        return ""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
