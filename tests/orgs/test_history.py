"""The audit history as curators and methodists read it, and its export for an inspection."""

import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.models import StaffMember
from tests.factories import StaffMemberFactory
from tests.forms import version_of

pytestmark = pytest.mark.django_db


def edit_position(client, person, position):
    data = {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "position": position,
        "category": person.category,
        "row_version": version_of(client, reverse("orgs:staff_edit", args=[person.pk])),
    }
    response = client.post(reverse("orgs:staff_edit", args=[person.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_curator_sees_who_changed_what_and_from_where(client, cast):
    client.force_login(cast.curator_a)
    edit_position(client, cast.teacher_a, "Заместитель директора")
    page = client.get(reverse("orgs:history", args=[cast.school_a.pk])).content.decode()
    assert "должность:</span> Учитель → Заместитель директора" in page
    assert cast.curator_a.get_full_name() in page
    assert "127.0.0.1" in page
    # Filtered to the one person's record.
    filtered = client.get(
        reverse("orgs:history", args=[cast.school_a.pk]),
        {"model": "orgs.staffmember", "object_pk": cast.teacher_a.pk, "action": "1"},
    ).content.decode()
    assert filtered.count("<tr>") == 2  # header and the one update


def test_the_methodist_sees_the_municipality_and_downloads_it(client, cast):
    client.force_login(cast.curator_a)
    edit_position(client, cast.teacher_a, "Методист школы")
    client.force_login(cast.methodist_m1)
    url = reverse("orgs:municipality_history", args=[cast.m1.pk])
    page = client.get(url).content.decode()
    assert "Учитель → Методист школы" in page
    assert cast.teacher_a2.last_name in page  # the other school of the municipality
    assert cast.teacher_c.last_name not in page  # another municipality
    book = openpyxl.load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Когда", "Кто", "Действие")
    changed = [r for r in rows if r[5] and "Методист школы" in r[5]]
    assert changed and changed[0][1] == cast.curator_a.get_full_name()
    assert re.match(r"\d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d", changed[0][0])
    csv_text = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "Учитель → Методист школы" in csv_text


def test_a_bad_filter_value_is_explained_and_changes_nothing(client, cast):
    client.force_login(cast.curator_a)
    response = client.get(
        reverse("orgs:history", args=[cast.school_a.pk]), {"date_from": "31.02.2026"}
    )
    assert response.status_code == 200
    assert "Введите правильную дату." in response.content.decode()


def test_the_history_page_costs_the_same_queries_for_5_and_50_entries(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("orgs:history", args=[cast.school_a.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    StaffMemberFactory.create_batch(4, organisation=cast.school_a)
    client.get(reverse("ping"))  # reads the memberships once; later requests take them cached
    few = queries()
    StaffMemberFactory.create_batch(45, organisation=cast.school_a)
    assert StaffMember.objects.filter(organisation=cast.school_a).count() == 50
    assert queries() == few
