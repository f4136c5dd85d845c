"""Retention of young specialists with and without a mentor, by hiring year, computed by
hand from a small staff list and compared cell by cell."""

import datetime

import pytest

from monitoring.outcomes import retention
from orgs.models import StaffMember
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


def hire(cast, year, *, left_on=None, career_years=0, mentored=False, school=None):
    person = StaffMemberFactory(
        organisation=school or cast.school_a,
        hired_on=datetime.date(year, 9, 1),
        career_started_on=datetime.date(year - career_years, 9, 1),
        employment_status=StaffMember.Status.LEFT if left_on else StaffMember.Status.WORKS,
        left_on=left_on,
    )
    if mentored:
        PairFactory(programme__organisation=person.organisation, mentee=person)
    return person


def test_retention_by_hiring_year_with_and_without_a_mentor(cast):
    # 2022 hires: mentored — one stays, one leaves after 1.5 years; not mentored — one
    # leaves after 5 months, one after 2.5 years.
    hire(cast, 2022, mentored=True)
    hire(cast, 2022, mentored=True, left_on=datetime.date(2024, 3, 1))
    hire(cast, 2022, left_on=datetime.date(2023, 2, 1))
    hire(cast, 2022, left_on=datetime.date(2025, 3, 1))
    # 2025 hire: only its first year has passed on TODAY.
    hire(cast, 2025, mentored=True)
    # Not a young specialist when hired (career of 10 years): not counted.
    hire(cast, 2022, career_years=10, left_on=datetime.date(2022, 12, 1))
    # Another municipality: not counted.
    hire(cast, 2022, school=cast.school_c, left_on=datetime.date(2022, 12, 1))
    rows = {r.year: r for r in retention("municipality", [cast.m1.pk], today=TODAY)}
    assert set(rows) == {2022, 2025}
    with_mentor, without = rows[2022].with_mentor, rows[2022].without_mentor
    assert (with_mentor.hired, with_mentor.eligible, with_mentor.retained) == (
        2,
        (2, 2, 2),
        (2, 1, 1),
    )
    assert with_mentor.rates == (100.0, 50.0, 50.0)
    assert (without.hired, without.eligible, without.retained) == (2, (2, 2, 2), (1, 1, 0))
    assert without.rates == (50.0, 50.0, 0.0)
    assert rows[2025].with_mentor.eligible == (1, 0, 0)
    assert rows[2025].with_mentor.rates == (100.0, None, None)
    assert rows[2025].without_mentor.hired == 0
