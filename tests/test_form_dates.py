"""Every date a web form takes is a year from 1900 to 2099, as in the API.

Generated over every form class of the project: its modules are imported and each Form or
ModelForm with a date or date-time field is checked, so the next form with a date is
covered without a line here."""

from __future__ import annotations

import copy
import datetime
import importlib
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework import serializers

from mentorship import dates
from mentorship.api.dates import PortalDateField
from pairs.models import LogEntry
from tests.pairs.factories import PairFactory

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("orgs", "pairs", "monitoring", "documents", "mentorship")
# The API's parameters and fields follow its schema (mentorship/api/dates.py), which takes
# its years from the same rule.
NOT_WEB = "mentorship.api"


def web(cls) -> bool:
    module = cls.__module__
    return module.split(".")[0] in PACKAGES and not module.startswith(NOT_WEB)


OUT_OF_RANGE = ["0153-01-21", "1899-12-31", "2100-01-01", "21.01.0153", "01.09.3025"]


def project_forms() -> list[type[forms.BaseForm]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "management" in parts:
                continue
            importlib.import_module(".".join(p for p in parts if p != "__init__"))
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if web(sub) and hasattr(sub, "base_fields"):
                found.add(sub)
    return sorted(found, key=lambda form: (form.__module__, form.__qualname__))


def project_filtersets() -> list[type[django_filters.FilterSet]]:
    project_forms()  # imports every module
    found, todo = [], [django_filters.FilterSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if web(sub):
                found.append(sub)
    return sorted(found, key=lambda filterset: (filterset.__module__, filterset.__qualname__))


def date_fields():
    """Every date field of a form, and of a list's filters (their form is built per list)."""
    fields = [
        (form, name, field) for form in project_forms() for name, field in form.base_fields.items()
    ]
    fields += [
        # A copy: a filter keeps the field it built, and the class's own would then be
        # shared by every list built after this test.
        (filterset, name, copy.deepcopy(each).field)
        for filterset in project_filtersets()
        for name, each in filterset.base_filters.items()
    ]
    return [
        pytest.param(field, id=f"{owner.__module__}.{owner.__qualname__}.{name}")
        for owner, name, field in fields
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]


def test_the_forms_are_found():
    names = {form.__qualname__ for form in project_forms()}
    assert {"LogEntryForm", "StaffMemberForm", "ActivityForm"} <= names
    assert len(date_fields()) > 20


@pytest.mark.parametrize("field", date_fields())
def test_a_date_field_refuses_a_year_outside_1900_to_2099(field):
    for typed in OUT_OF_RANGE:
        with pytest.raises(ValidationError) as refused:
            field.clean(typed)
        assert refused.value.messages == ["Укажите год от 1900 до 2099."], typed
    cleaned = field.clean("2026-09-01")
    day = cleaned.date() if isinstance(cleaned, datetime.datetime) else cleaned
    assert day == datetime.date(2026, 9, 1)


def test_the_api_takes_the_same_years():
    api = PortalDateField()
    for year in (dates.FIRST_YEAR, dates.LAST_YEAR):
        assert api.to_internal_value(f"{year}-03-01").year == year
    for year in (dates.FIRST_YEAR - 1, dates.LAST_YEAR + 1):
        with pytest.raises(serializers.ValidationError, match="1900"):
            api.to_internal_value(f"{year}-03-01")


@pytest.mark.django_db
def test_a_mentor_logging_a_meeting_in_year_153_is_told_and_nothing_is_saved(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    client.force_login(cast.mentor_a)
    response = client.post(
        reverse("pairs:log_add", args=[pair.pk]),
        {"kind": "meeting", "happened_on": "0153-01-21", "topic": "Первая встреча"},
    )
    assert response.status_code == 400
    assert "Укажите год от 1900 до 2099." in response.content.decode()
    assert not LogEntry.objects.filter(pair=pair).exists()
