"""Every template writes dates as ``{{ day|ru_date }}``: what Django's ``date:"d.m.Y"``
writes, in the current time zone (mentorship/template_dates.py)."""

import datetime

import pytest
from django.template import Context, Template

UTC = datetime.UTC


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 1, 2),
        datetime.date(987, 12, 31),
        # 22:30 in UTC is already the next day in Moscow, the portal's time zone.
        datetime.datetime(2026, 12, 31, 22, 30, tzinfo=UTC),
        datetime.datetime(2026, 3, 8, 9, 0),
        None,
        "",
        "2026-01-02",
    ],
)
def test_a_date_reads_as_the_date_filter_writes_it(value):
    ours = Template("{{ value|ru_date }}").render(Context({"value": value}))
    djangos = Template('{{ value|date:"d.m.Y" }}').render(Context({"value": value}))
    assert ours == djangos


def test_a_moment_is_written_in_the_portals_time_zone():
    new_year_in_moscow = datetime.datetime(2026, 12, 31, 21, 5, tzinfo=UTC)
    assert Template("{{ value|ru_date }}").render(Context({"value": new_year_in_moscow})) == (
        "01.01.2027"
    )
