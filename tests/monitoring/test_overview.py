"""The municipality overview: every figure known by hand, the same in the page, XLSX and CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from orgs.models import Organisation
from pairs.models import LogEntry, PlanActivity
from tests.factories import OrganisationFactory, StaffMemberFactory
from tests.pairs.factories import LogEntryFactory, PairFactory, PlanActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YOUNG_START = TODAY - datetime.timedelta(days=200)


@pytest.fixture
def school_a_data(cast):
    """School A: 4 teachers, 2 young specialists, 1 of them mentored in an active pair with
    a plan of 4 activities (1 done, 1 overdue), 2 lesson visits this school year."""
    young1 = StaffMemberFactory(organisation=cast.school_a, career_started_on=YOUNG_START)
    StaffMemberFactory(organisation=cast.school_a, career_started_on=YOUNG_START)
    mentor = StaffMemberFactory(organisation=cast.school_a)
    pair = PairFactory(
        programme__organisation=cast.school_a,
        mentor=mentor,
        mentee=young1,
        status="active",
        starts_on=TODAY - datetime.timedelta(days=60),
        planned_end_on=TODAY + datetime.timedelta(days=10),
    )
    plan = PlanFactory(pair=pair, mentee=young1, status="active")
    PlanActivityFactory(
        plan=plan,
        status=PlanActivity.Status.DONE,
        done_on=TODAY,
        due_on=TODAY - datetime.timedelta(days=5),
    )
    PlanActivityFactory(plan=plan, status="planned", due_on=TODAY - datetime.timedelta(days=3))
    PlanActivityFactory.create_batch(
        2, plan=plan, status="planned", due_on=TODAY + datetime.timedelta(days=20)
    )
    for _ in range(2):
        LogEntryFactory(pair=pair, kind=LogEntry.Kind.LESSON_VISIT, happened_on=TODAY)
    return pair


EXPECTED_A = {
    "teachers": 4,
    "young_specialists": 2,
    "young_with_mentor": 1,
    "match_rate": 50.0,
    "programmes": 1,
    "active_pairs": 1,
    "plan_completion": 25.0,
    "overdue_activities": 1,
    "lesson_visits": 2,
    "stalled_pairs": 0,
    "ending_soon": 1,
}


def test_every_figure_of_the_overview_is_right(client, cast, school_a_data):
    client.force_login(cast.methodist_m1)
    response = client.get(reverse("monitoring:municipality_overview", args=[cast.m1.pk]))
    rows = {place.short_name: figures for place, figures in response.context["rows"]}
    for column, expected in EXPECTED_A.items():
        assert getattr(rows["Онгудайская СОШ"], column) == expected, column
    assert rows["Еловская СОШ"].teachers == 1
    assert rows["Еловская СОШ"].match_rate is None  # no young specialists: nothing to divide
    assert response.context["totals"].teachers == 5


def test_the_xlsx_and_csv_carry_the_same_numbers(client, cast, school_a_data):
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    book = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Организация", "Педагогов", "Молодых специалистов"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Онгудайская СОШ")
    values = dict(zip(header, row, strict=True))
    assert values["Педагогов"] == 4 and isinstance(values["Педагогов"], int)
    assert values["Охват наставничеством, %"] == pytest.approx(0.5)  # shown as 50,0 %
    assert values["Просрочено"] == 1
    text = client.get(url, {"export": "csv"}).content.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    line = dict(zip(table[0], next(r for r in table if r[0] == "Онгудайская СОШ"), strict=True))
    assert line["Педагогов"] == "4" and line["Охват наставничеством, %"] == "50,0"


@pytest.mark.parametrize("schools", [5, 50])
def test_the_overview_costs_the_same_queries_for_5_or_50_schools(
    client, cast, schools, django_assert_num_queries
):
    for _ in range(schools - 2):
        school = OrganisationFactory(municipality=cast.m1)
        StaffMemberFactory(organisation=school)
    assert Organisation.objects.filter(municipality=cast.m1).count() == schools
    client.force_login(cast.methodist_m1)
    # session, user, memberships, municipality, organisations, then the figures: staff,
    # young with a mentor, programmes, pairs, activities, lesson visits.
    with django_assert_num_queries(11):
        response = client.get(reverse("monitoring:municipality_overview", args=[cast.m1.pk]))
    assert len(response.context["rows"]) == schools


def test_the_table_sorts_by_any_column(client, cast, school_a_data):
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    ordered = [p.short_name for p, _ in client.get(url, {"sort": "-teachers"}).context["rows"]]
    assert ordered == ["Онгудайская СОШ", "Еловская СОШ"]
    ordered = [p.short_name for p, _ in client.get(url, {"sort": "teachers"}).context["rows"]]
    assert ordered == ["Еловская СОШ", "Онгудайская СОШ"]


def test_the_region_overview_sums_municipalities(client, cast, school_a_data):
    client.force_login(cast.coordinator_r1)
    response = client.get(reverse("monitoring:region_overview", args=[cast.region1.pk]))
    rows = {str(place): figures for place, figures in response.context["rows"]}
    assert rows["Онгудайский район"].teachers == 5
    assert rows["Онгудайский район"].active_pairs == 1
    assert rows["Город Горно-Алтайск"].teachers == 1


def test_the_school_overview_lists_what_to_do(client, cast, school_a_data):
    client.force_login(cast.curator_a)
    response = client.get(reverse("monitoring:school_overview", args=[cast.school_a.pk]))
    todo = response.context["todo"]
    assert len(todo["young_without_mentor"]) == 1  # the second young specialist
    assert [a.due_on for a in todo["overdue_activities"]] == [TODAY - datetime.timedelta(days=3)]
    assert todo["pairs_ending_soon"] == [school_a_data]
    assert todo["pairs_without_plan"] == []
    assert response.context["figures"].match_rate == 50.0
    assert (
        client.get(reverse("monitoring:school_overview", args=[cast.school_b.pk])).status_code
        == 404
    )
