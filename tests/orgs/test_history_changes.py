"""The audit history reads every kind of change django-auditlog records (many-to-many ones
too) on every page and export, and hides from each viewer exactly what the card hides."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from orgs.models import StaffMember, Subject
from tests.factories import StaffMemberFactory
from tests.hardening.urlconf import cast_users

pytestmark = pytest.mark.django_db

HISTORIES = ("orgs:history", "orgs:municipality_history")


def history_urls(cast):
    return [
        reverse("orgs:history", args=[cast.school_a.pk]),
        reverse("orgs:municipality_history", args=[cast.m1.pk]),
    ]


def every_page(client, url) -> list[str]:
    """The history page by page until the last, plus its two exports, as text."""
    first = client.get(url)
    if first.status_code != 200:
        return []
    pages = [first.content.decode()]
    last = first.context["page"].paginator.num_pages
    for number in range(2, last + 1):
        response = client.get(url, {"page": number})
        assert response.status_code == 200, (url, number)
        pages.append(response.content.decode())
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200, url
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    pages.append(
        "\n".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row if c)
    )
    text = client.get(url, {"export": "csv"})
    assert text.status_code == 200, url
    pages.append("\n".join(";".join(r) for r in csv.reader(io.StringIO(text.content.decode()))))
    return pages


def test_many_to_many_changes_are_read_on_every_page_and_export(client, cast):
    maths, physics = (
        Subject.objects.get_or_create(name="Математика")[0],
        Subject.objects.get_or_create(name="Физика")[0],
    )
    people = StaffMemberFactory.create_batch(30, organisation=cast.school_a)
    for person in people:  # more than two pages of entries, m2m ones among them
        person.subjects.add(maths, physics)
        person.subjects.remove(physics)
    cast.teacher_a.subjects.add(maths)
    cast.teacher_a.subjects.clear()
    assert LogEntry.objects.filter(changes__icontains='"m2m"').count() > 60, list(
        LogEntry.objects.values_list("changes", flat=True)[:5]
    )

    for user in cast_users(cast).values():
        client.force_login(user)
        for url in history_urls(cast):
            pages = every_page(client, url)
            if not pages:
                continue
            everything = "\n".join(pages)
            assert "добавлено: Математика, Физика" in everything or (
                "добавлено: Физика, Математика" in everything
            ), (user, url)
            assert "удалено: Физика" in everything
            assert "предметы" in everything.lower()


def test_an_unknown_shape_of_change_is_shown_not_a_server_error(client, cast):
    person = cast.teacher_a
    person.position = "Методист"
    person.save()
    entry = LogEntry.objects.filter(object_pk=str(person.pk)).latest("pk")
    entry.changes = {"position": {"type": "новое"}, "subjects": "строка", "x": [1, 2, 3]}
    entry.save()
    client.force_login(cast.curator_a)
    for url in history_urls(cast)[:1]:
        assert every_page(client, url)


RESTRICTED = {
    # field: (as the card shows it, as the history shows it)
    "birth_date": ("17.05.1991", "1991-05-17"),
    "email": ("secret.teacher@example.ru", "secret.teacher@example.ru"),
    "phone": ("+7 913 000-11-22", "+7 913 000-11-22"),
}


def test_the_history_hides_exactly_what_the_card_hides(client, cast):
    person = cast.teacher_a
    person.birth_date = datetime.date(1991, 5, 17)
    person.email = RESTRICTED["email"][0]
    person.phone = RESTRICTED["phone"][0]
    person.save()
    seen_somewhere = {field: set() for field in RESTRICTED}
    for name, user in cast_users(cast).items():
        client.force_login(user)
        card = client.get(reverse("orgs:staff_card", args=[person.pk]))
        card_text = card.content.decode() if card.status_code == 200 else ""
        for url in history_urls(cast):
            history = "\n".join(every_page(client, url))
            if not history:
                continue
            for field, (on_card, in_history) in RESTRICTED.items():
                shown = in_history in history
                assert shown == (on_card in card_text), (name, url, field)
                if shown:
                    seen_somewhere[field].add(name)
    # Both sides of the rule happen: the curator sees the birth date, the methodist does not.
    assert "curator_a" in seen_somewhere["birth_date"]
    assert "methodist_m1" not in seen_somewhere["birth_date"]
    assert seen_somewhere["email"] >= {"curator_a", "methodist_m1"}


def test_a_methodist_sees_that_the_record_changed_but_not_the_birth_date(client, cast):
    person = cast.teacher_a
    person.birth_date = datetime.date(1991, 5, 17)
    person.position = "Завуч"
    person.save()
    client.force_login(cast.methodist_m1)
    page = client.get(reverse("orgs:municipality_history", args=[cast.m1.pk])).content.decode()
    assert "Учитель → Завуч" in page
    assert not re.search(r"дата рождения", page)
    assert StaffMember.objects.get(pk=person.pk).birth_date == datetime.date(1991, 5, 17)
