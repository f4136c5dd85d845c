"""Dates the portal can use, and the schema saying exactly which: a calendar date from 1900
to 2099 (a year 153 would print as ``DTSTART;VALUE=DATE:1530121`` in the calendar feed, and
PostgreSQL would store it happily), written ``ГГГГ-ММ-ДД``."""

import re

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# The same years as every web form's date (one rule).
from mentorship.dates import FIRST_YEAR, LAST_YEAR


def date_pattern(centuries: tuple[str, ...]) -> str:
    """A regular expression of real calendar dates (no 30 February, 29 February only in
    leap years) of the given centuries, e.g. ``("19", "20")`` for 1900–2099."""
    century = "|".join(centuries)
    long_months = "(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
    short_months = "(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    february = "02-(0[1-9]|1[0-9]|2[0-8])"
    leap_years = f"({century})(0[48]|[2468][048]|[13579][26])"
    if "20" in centuries:
        leap_years = f"{leap_years}|2000"
    return f"(({century})[0-9]{{2}}-({long_months}|{short_months}|{february})|({leap_years})-02-29)"


CENTURIES = tuple(str(c) for c in range(FIRST_YEAR // 100, LAST_YEAR // 100 + 1))
DATE_PATTERN = f"^{date_pattern(CENTURIES)}$"
DATE = re.compile(DATE_PATTERN)
REFUSED = f"Укажите дату с {FIRST_YEAR} по {LAST_YEAR} год в виде ГГГГ-ММ-ДД."


@extend_schema_field(
    {"type": "string", "pattern": DATE_PATTERN, "description": "Дата ГГГГ-ММ-ДД, 1900–2099."}
)
class PortalDateField(serializers.DateField):
    """DRF's date field, refusing years the portal cannot mean."""

    def to_internal_value(self, value):
        # The schema's own pattern decides what is a date, so the two can never disagree.
        if not isinstance(value, str) or not DATE.match(value):
            raise serializers.ValidationError(REFUSED)
        return super().to_internal_value(value)


class PortalModelSerializer(serializers.ModelSerializer):
    """A model serializer whose date fields are ``PortalDateField``."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: PortalDateField,
    }
