"""The dates the portal can mean: years 1900 to 2099, in every web form and in the API.

A year like 153 is a typing slip (a missing digit), never a date of a school's work; saved, it
would print as ``DTSTART;VALUE=DATE:1530121`` in the calendar feed and skew every figure
counted by year. Web forms use the fields below (a ModelForm's ``Meta.formfield_callback =
dates.formfield`` gives its model's date fields the same, and list filters use
``DateFilter``), and the API's date field
(``mentorship/api/dates.py``) takes its years from here."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

FIRST_YEAR, LAST_YEAR = 1900, 2099
YEAR_MESSAGE = f"Укажите год от {FIRST_YEAR} до {LAST_YEAR}."


def within_years(day: datetime.date | None) -> bool:
    return day is None or FIRST_YEAR <= day.year <= LAST_YEAR


def validate_year(day: datetime.date | None) -> None:
    if not within_years(day):
        raise ValidationError(YEAR_MESSAGE, code="year")


class DateField(forms.DateField):
    default_validators = [validate_year]


class DateTimeField(forms.DateTimeField):
    default_validators = [validate_year]


class DateFilter(django_filters.DateFilter):
    """A list filter's date: a year out of range is the form's error, not an empty list."""

    field_class = DateField


def formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's fields, with the portal's date fields for the model's dates."""
    if isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateTimeField)
    elif isinstance(db_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    return db_field.formfield(**kwargs)
