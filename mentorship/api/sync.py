"""Filters of the API lists, each refusing what it cannot understand (400 in Russian) rather
than ignoring it, and described in the schema exactly as far as they accept.

What a regional system needs to keep a copy in step: every row says when it last changed
(``updated_at``), and a list answers only the rows changed since a moment
(``updated_since``, ISO 8601 with a time zone, e.g. 2026-12-01T00:00:00+07:00)."""

import datetime
import re

import django_filters
from django import forms
from django.db import models
from django_filters.rest_framework import FilterSet
from django_filters.rest_framework.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orgs import identifiers
from orgs.schoolyear import SchoolYear

from .dates import date_pattern

TRUE_WORDS = ("1", "true", "True", "yes", "да")
FALSE_WORDS = ("0", "false", "False", "no", "нет")
MAX_ID = 2**31 - 1
YEARS = (2000, 2099)

# The moments PostgreSQL can compare, as the schema shows them: real dates of 2000–2099,
# seconds with an optional fraction, Z or an offset up to ±14:00.
MOMENT_PATTERN = (
    f"^{date_pattern(('20',))}"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
    r"(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9]|[+-]14:00)$"
)
MOMENT = re.compile(MOMENT_PATTERN)


class YesNoField(forms.Field):
    """1/0, true/false, yes/no, да/нет — a value outside them is refused, not ignored."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        raise forms.ValidationError("Укажите 1 или 0 (да или нет).")


@extend_schema_field({"type": "string", "enum": [*TRUE_WORDS, *FALSE_WORDS]})
class YesNoFilter(django_filters.Filter):
    field_class = YesNoField


class IdField(forms.Field):
    """A row number: a whole number from 1. A row that does not exist (or is not yours)
    simply matches nothing, as a filter should; a value that is not a number is refused."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value.isascii() and value.isdigit() and len(value) <= 10 and 1 <= int(value) <= MAX_ID:
            return int(value)
        raise forms.ValidationError("Укажите номер записи: целое число от 1.")


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    field_class = IdField


class YearField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        if value.isascii() and value.isdigit() and YEARS[0] <= int(value) <= YEARS[1]:
            return int(value)
        raise forms.ValidationError(f"Укажите год с {YEARS[0]} по {YEARS[1]}.")


@extend_schema_field({"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]})
class YearFilter(django_filters.Filter):
    field_class = YearField


CODE_NAMES = {
    "inn": "ИНН",
    "kpp": "КПП",
    "ogrn": "ОГРН",
    "oktmo": "Код ОКТМО",
    "personnel_number": "Табельный номер",
}


class CodeField(forms.Field):
    """Checked as sent, as the schema's pattern reads it: a code wrapped in spaces or
    control characters is refused, not trimmed into shape (nor into nothing, which would
    quietly drop the filter)."""

    def __init__(self, *args, pattern: str, what: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.pattern, self.what = re.compile(pattern), what

    def to_python(self, value):
        if value in (None, ""):
            return ""
        if not self.pattern.fullmatch(value):
            raise forms.ValidationError(f"{self.what}: неверный формат.")
        return value


class CodeFilter(django_filters.CharFilter):
    """An exact external id (ИНН, ОГРН, ОКТМО, табельный номер), in the format the schema
    shows; a well-formed id nobody has matches nothing."""

    field_class = CodeField

    def __init__(self, name: str, **kwargs):
        pattern = identifiers.PATTERNS[name]
        what = CODE_NAMES[name]
        super().__init__(field_name=name, pattern=pattern, what=what, **kwargs)
        extend_schema_field({"type": "string", "pattern": pattern})(self)


class MomentField(django_filters.fields.IsoDateTimeField):
    """A moment a database can compare with: the portal's years and a real time zone (a year
    202 or an offset of +20:47 is refused with a message, not sent to PostgreSQL)."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if not MOMENT.match(value):
            raise forms.ValidationError(
                "Укажите дату и время с часовым поясом, например «2026-12-01T00:00:00+07:00»."
            )
        moment = super().to_python(value)
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > datetime.timedelta(hours=14):
            raise forms.ValidationError("Часовой пояс должен быть от −14:00 до +14:00.")
        if not YEARS[0] <= moment.year <= YEARS[1]:
            raise forms.ValidationError("Укажите дату и время с 2000 по 2099 год.")
        return moment


@extend_schema_field({"type": "string", "pattern": MOMENT_PATTERN})
class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


# A school year is named by its first calendar year, as on the overview pages' year choice
# and in the dashboards' ``year``: 2025 is the 2025/26 school year.
SCHOOL_YEARS = (YEARS[0], YEARS[1] - 1)


class SchoolYearField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        low, high = SCHOOL_YEARS
        if value.isascii() and value.isdigit() and len(value) == 4 and low <= int(value) <= high:
            return SchoolYear(int(value))
        raise forms.ValidationError(
            f"Укажите учебный год его первым годом, с {low} по {high}: "
            "2025 — это 2025/26 учебный год."
        )


@extend_schema_field({"type": "integer", "minimum": SCHOOL_YEARS[0], "maximum": SCHOOL_YEARS[1]})
class SchoolYearFilter(django_filters.Filter):
    """Rows of a school year: those whose period (``start``–``end`` fields of the row)
    touches it, or, for rows kept per school year, those of that year."""

    field_class = SchoolYearField

    def __init__(self, *, start: str, end: str, open_start=False, open_end=False, **kwargs):
        super().__init__(field_name=start, **kwargs)
        self.start, self.end = start, end
        self.open_start, self.open_end = open_start, open_end

    def filter(self, qs, value):
        if value is None:
            return qs
        if self.start == self.end == "school_year":
            return qs.filter(school_year=value.start_year)
        return qs.filter(
            value.overlapping(
                self.start, self.end, open_start=self.open_start, open_end=self.open_end
            )
        )


FILTERS = {
    **FILTER_FOR_DBFIELD_DEFAULTS,
    models.ForeignKey: {"filter_class": IdFilter},
    models.OneToOneField: {"filter_class": IdFilter},
}


class PortalFilterSet(FilterSet):
    """Foreign keys filter by a plain number: a row that is missing or not yours matches
    nothing (the same answer), instead of a choice list that reveals which exist."""

    FILTER_DEFAULTS = FILTERS


class UpdatedSince(PortalFilterSet):
    """Adds ``updated_since`` to a list's filters."""

    updated_since = MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="изменённые с (ISO 8601, с часовым поясом)",
    )


UPDATED_AT = serializers.DateTimeField(
    read_only=True, help_text="Когда запись изменена последний раз."
)
