"""Each computed indicator of Kedrovy's criteria table, from fixture data, at every band edge."""

import datetime

import pytest

from monitoring.effectiveness.models import Event, Participation
from monitoring.effectiveness.scales import percent_band
from monitoring.effectiveness.selectors import compute_indicator, mentoring_years
from orgs.models import StaffMember
from tests.pairs.factories import PairFactory, ProgrammeFactory

from .factories import event, staff, take_part

YEAR = 2026
EDGES = [(80, "100–80 %"), (79, "79–60 %"), (60, "79–60 %"), (59, "59–40 %"),
         (40, "59–40 %"), (39, "39 % и ниже")]  # fmt: skip
# Young specialists hired 3–5 years before the end of 2026, career started on hiring.
HIRED_YOUNG = {
    "hired_on": datetime.date(2022, 9, 1),
    "career_started_on": datetime.date(2022, 9, 1),
}
YOUNG = {"hired_on": datetime.date(2025, 9, 1), "career_started_on": datetime.date(2025, 9, 1)}


@pytest.mark.parametrize(("percent", "band"), EDGES)
def test_retention_of_young_specialists_lands_in_its_band(cast, percent, band):
    staff(cast.school_a2, percent, **HIRED_YOUNG)
    staff(cast.school_a2, 100 - percent, employment_status="left",
          left_on=datetime.date(2024, 6, 30), **HIRED_YOUNG)  # fmt: skip
    staff(cast.school_a2, 3)  # veterans and recent hires do not count
    staff(cast.school_a2, 2, **YOUNG)
    got = compute_indicator("young_retention", organisation=cast.school_a2, year=YEAR)
    assert got.value == percent
    assert percent_band(got.value).label == band
    assert "Принято молодых специалистов 3–5 лет назад: 100" in got.note


@pytest.mark.parametrize(("percent", "band"), EDGES)
def test_share_of_young_specialists_lands_in_its_band(cast, percent, band):
    staff(cast.school_a2, percent, **YOUNG)
    staff(cast.school_a2, 100 - percent - 1)
    staff(
        cast.school_a2, 5, employment_status="left", left_on=datetime.date(2026, 1, 9), **YOUNG
    )  # who left are not counted
    # cast.teacher_a2 is the 100th teacher
    got = compute_indicator("young_share", organisation=cast.school_a2, year=YEAR)
    assert (got.value, percent_band(got.value).label) == (percent, band)


@pytest.mark.parametrize(("percent", "band"), EDGES)
def test_contest_participation_of_young_specialists_lands_in_its_band(cast, percent, band):
    young = staff(cast.school_a2, 100, **YOUNG)
    take_part(event(cast.school_a2), young[:percent])
    regional = event(cast.school_a2, level=Event.Level.REGIONAL, title="Региональный конкурс")
    take_part(regional, young[percent:])  # only school and municipal contests count
    got = compute_indicator("young_contests", organisation=cast.school_a2, year=YEAR)
    assert (got.value, percent_band(got.value).label) == (percent, band)


def test_an_organisation_without_young_specialists_has_no_ratio(cast):
    share = compute_indicator("young_share", organisation=cast.school_c, year=YEAR)
    assert share.value == 0  # one veteran teacher, no young specialists
    assert compute_indicator("young_retention", organisation=cast.school_c, year=YEAR) is None


def test_approved_programme_is_present_only_with_an_approval_order(cast):
    ProgrammeFactory(organisation=cast.school_a, approval_order="")
    got = compute_indicator("approved_programme", organisation=cast.school_a, year=YEAR)
    assert got.value == 0
    ProgrammeFactory(organisation=cast.school_a, approval_order="Приказ № 12 от 01.09.2025")
    got = compute_indicator("approved_programme", organisation=cast.school_a, year=YEAR)
    assert got.value == 1
    assert got.note == "Утверждённых программ наставничества: 1"


def test_mentor_talks_training_and_contests_count_mentors_only(cast):
    pair = PairFactory(programme=ProgrammeFactory(organisation=cast.school_a))
    mentor = pair.members.get(role="mentor").staff
    mentee = pair.members.get(role="mentee").staff
    seminar = event(cast.school_a, kind=Event.Kind.SEMINAR, title="Семинар")
    take_part(seminar, [mentor, mentee], role=Participation.Role.SPEAKER)
    take_part(event(cast.school_a, kind=Event.Kind.PUBLICATION, title="Статья"), [mentor])
    take_part(event(cast.school_a, kind=Event.Kind.COURSE, title="Курсы 36 ч"), [mentor])
    take_part(event(cast.school_a, title="Наставник года"), [mentor])
    talks = compute_indicator("mentor_talks", organisation=cast.school_a, year=YEAR)
    assert talks.value == 2
    assert compute_indicator("mentors_trained", organisation=cast.school_a, year=YEAR).value == 1
    assert compute_indicator("mentor_contests", organisation=cast.school_a, year=YEAR).value == 1
    assert compute_indicator("mentor_talks", organisation=cast.school_a, year=2025).value == 0


def test_years_of_mentoring_come_from_pairs(cast):
    mentor = StaffMember.objects.get(pk=cast.teacher_a.pk)
    for start in (2019, 2021):
        PairFactory(
            programme=ProgrammeFactory(organisation=cast.school_a),
            mentor=mentor,
            starts_on=datetime.date(start, 9, 1),
            ended_on=datetime.date(start + 1, 5, 31),
            status="completed",
        )
    # 2019, 2020, 2021, 2022: four calendar years, one short of the state award's five
    assert mentoring_years(mentor, on=datetime.date(2026, 1, 1)) == 4
