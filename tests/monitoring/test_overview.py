"""The municipality overview: every figure known by hand, the same in the page, XLSX and CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mentorship import fragments
from monitoring.models import (
    MunicipalitySummary,
    OrganisationSummary,
    PairsSummary,
    RetentionSummary,
)
from monitoring.selectors import overview_figures, pairs_without_plan, school_todo
from monitoring.services import overview_summary_refresh
from monitoring.tasks import refresh_overview_summaries
from orgs.models import Organisation, StaffMember
from orgs.schoolyear import SchoolYear
from pairs.models import LogEntry, Pair, PlanActivity, consent_recorded_q
from pairs.selectors import ending_soon_q
from tests.factories import OrganisationFactory, StaffMemberFactory
from tests.pairs.factories import (
    LogEntryFactory,
    PairFactory,
    PlanActivityFactory,
    PlanFactory,
    ProgrammeFactory,
)

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
    rows = {str(place): figures for place, figures in response.context["rows"]}
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
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    # session, user, memberships, the municipality's keys and data versions (its schools',
    # its summaries of the year: none yet) in one read, its name with whether the year was
    # monitored and its pack's size in another, deficits survey, organisations, then live:
    # the figures in one statement (staff, young with a mentor, programmes, pairs,
    # activities, lesson visits, diagnosed, satisfaction, local acts), retention, pairs by
    # form and format, plan completion by month; and the bell (forms waiting for review,
    # practices proposed, in one query), kept under the versions of the municipality and
    # its schools, which it reads first where they exist.
    with django_assert_num_queries(12 + fragments.enabled()):
        response = client.get(url)
    assert len(response.context["rows"]) == schools
    # Seen again with nothing changed: the same page, from the cache, and the memberships
    # too: session, user, the municipality's keys and data versions, and the versions the
    # bell is kept under. Without data versions (the embedded SQLite default) nothing is
    # cached and the page renders again.
    with django_assert_num_queries(4 if fragments.enabled() else 12):
        again = client.get(url)
    assert again.content.count(b"<tr data-place=") == schools


def test_the_table_sorts_by_any_column(client, cast, school_a_data):
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    ordered = [str(p) for p, _ in client.get(url, {"sort": "-teachers"}).context["rows"]]
    assert ordered == ["Онгудайская СОШ", "Еловская СОШ"]
    ordered = [str(p) for p, _ in client.get(url, {"sort": "teachers"}).context["rows"]]
    assert ordered == ["Еловская СОШ", "Онгудайская СОШ"]


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


def test_each_list_of_pairs_to_do_is_its_rules_first_pairs_however_the_lists_overlap(cast):
    """The school's three lists of pairs are read as one statement: each is still the first
    pairs its own rule picks, in its own order, when a pair is in several lists."""
    programme = ProgrammeFactory(organisation=cast.school_a)
    for i in range(12):
        pair = PairFactory(
            programme=programme,
            status="draft" if i % 4 == 0 else "active",
            consent_status="given" if i % 3 == 0 else "requested",
            starts_on=TODAY - datetime.timedelta(days=100 + i * 5 % 12),
            planned_end_on=TODAY + datetime.timedelta(days=i * 7 % 12 * 5 + 1),
        )
        if i % 2 == 0:
            PlanFactory(pair=pair)
    todo = school_todo(cast.school_a, today=TODAY, limit=3)
    pairs = Pair.objects.filter(organisation=cast.school_a)
    without_consent = pairs.filter(status="active").exclude(consent_recorded_q())
    without_plan = pairs_without_plan(cast.school_a)
    ending = pairs.filter(ending_soon_q(TODAY))
    assert min(len(without_consent), len(without_plan), len(ending)) > 3
    assert todo["active_without_consent"] == list(without_consent.order_by("starts_on", "pk")[:3])
    assert todo["pairs_without_plan"] == list(without_plan.order_by("starts_on")[:3])
    assert todo["pairs_ending_soon"] == list(ending.order_by("planned_end_on")[:3])


@pytest.mark.parametrize("rows", [1, 12])
def test_the_school_overview_costs_the_same_queries_for_few_or_many_rows(
    client, cast, rows, django_assert_num_queries
):
    """Rendered afresh (right after a write in the school) the page pays a fixed number of
    queries, however many rows its figures count and its to-do lists hold (at most ten)."""
    programme = PairFactory(programme__organisation=cast.school_a).programme
    StaffMemberFactory.create_batch(rows, organisation=cast.school_a, career_started_on=YOUNG_START)
    for _ in range(rows):
        pair = PairFactory(
            programme=programme,
            consent_status="requested",
            planned_end_on=TODAY + datetime.timedelta(days=5),
        )
        LogEntryFactory(pair=pair, kind=LogEntry.Kind.LESSON_VISIT, happened_on=TODAY)
    plan = PlanFactory(pair__programme=programme)
    PlanActivityFactory.create_batch(
        rows, plan=plan, due_on=TODAY - datetime.timedelta(days=3), status="planned"
    )
    client.force_login(cast.curator_a)
    url = reverse("monitoring:school_overview", args=[cast.school_a.pk])
    # session, user, memberships, the school's row with its data versions, the figures
    # in one statement, the to-do lists (the pairs of its three lists, without consent,
    # without a plan and ending soon, in one; young specialists without a mentor, overdue
    # activities, questionnaires not answered, the pack's documents not recorded, forms not
    # handed in), and the bell's counts (kept under the versions the page's key has read).
    with django_assert_num_queries(12):
        response = client.get(url)
    todo = response.context["todo"]
    assert len(todo["young_without_mentor"]) == min(rows, 10)
    assert len(todo["overdue_activities"]) == min(rows, 10)
    assert len(todo["active_without_consent"]) == min(rows, 10)
    assert response.context["figures"].lesson_visits == rows
    # A write in the school: the next view renders afresh at the same cost, less the
    # memberships, which come from the cache where PostgreSQL keeps the data versions.
    LogEntryFactory(pair=pair, kind=LogEntry.Kind.LESSON_VISIT, happened_on=TODAY)
    with django_assert_num_queries(12 - fragments.enabled()):
        assert client.get(url).context["figures"].lesson_visits == rows + 1


def test_filters_for_gaps_and_effectiveness_level(client, cast):
    from monitoring.effectiveness import services as effectiveness
    from monitoring.effectiveness.models import Answer

    for position in range(1, 9):  # school A recorded the whole default pack
        effectiveness.local_act_save(
            organisation=cast.school_a,
            position=position,
            number=str(position),
            date=TODAY,
            acting_user=cast.curator_a,
        )
    effectiveness.website_section_save(
        organisation=cast.school_a, url="https://a.example.ru/n", acting_user=cast.curator_a
    )
    year = TODAY.year if TODAY.month < 9 else TODAY.year + 1  # the school year's end
    campaign = effectiveness.campaign_open(
        municipality=cast.m1, year=year, acting_user=cast.methodist_m1
    )
    Answer.objects.filter(form__campaign=campaign, form__organisation=cast.school_a2).update(
        option="absent", value=0
    )
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    gaps = client.get(url, {"gaps": "on"}).content.decode()
    assert "Еловская СОШ" in gaps and f'data-place="{cast.school_a.pk}"' not in gaps
    # A form still being filled carries no level: the filter finds nobody critical.
    pending = client.get(url, {"level": "critical"}).content.decode()
    assert f'data-place="{cast.school_a2.pk}"' not in pending
    form = campaign.forms.get(organisation=cast.school_a2)
    effectiveness.form_transition(form=form, action="submit", acting_user=cast.curator_a)
    effectiveness.form_transition(form=form, action="accept", acting_user=cast.methodist_m1)
    critical = client.get(url, {"level": "critical"}).content.decode()
    assert f'data-place="{cast.school_a2.pk}"' in critical
    assert "критический" in critical
    bad = client.get(url, {"level": "<script>", "year": "1999", "kind": "x"})
    assert bad.status_code == 200  # an unknown value is ignored, not a server error


def test_region_and_country_read_the_summaries_and_change_only_on_refresh(
    client, cast, school_a_data, run_tasks
):
    assert run_tasks(refresh_overview_summaries) == 2  # a task per region, run eagerly
    client.force_login(cast.coordinator_r1)
    url = reverse("monitoring:region_overview", args=[cast.region1.pk])
    assert rows_by_name(client.get(url))["Онгудайский район"].teachers == 5
    StaffMemberFactory(organisation=cast.school_a)  # after the refresh: not shown yet
    assert rows_by_name(client.get(url))["Онгудайский район"].teachers == 5
    run_tasks(refresh_overview_summaries)
    response = client.get(url)
    assert rows_by_name(response)["Онгудайский район"].teachers == 6
    assert "Сводные данные на" in response.content.decode()
    # Each municipality's summary equals its live figures, count by count.
    live = overview_figures("municipality", [cast.m1.pk, cast.m2.pk])
    assert rows_by_name(response)["Онгудайский район"] == live[cast.m1.pk]
    assert rows_by_name(response)["Город Горно-Алтайск"] == live[cast.m2.pk]


def test_a_refresh_run_twice_writes_the_same_rows_once(cast, school_a_data):
    year = SchoolYear.containing().start_year
    for _ in range(2):
        assert overview_summary_refresh(region_id=cast.region1.pk, school_year=year) == 3
    assert OrganisationSummary.objects.filter(region=cast.region1).count() == 3
    added_up = MunicipalitySummary.objects.get(municipality=cast.m1)
    assert (added_up.teachers, added_up.active_pairs, added_up.acts_required) == (5, 1, 16)
    assert RetentionSummary.objects.filter(region=cast.region1, mentored=True).count() == 0
    assert PairsSummary.objects.get(region=cast.region1).pairs == 1
    # A year that has not begun has nothing to summarise.
    assert overview_summary_refresh(region_id=cast.region1.pk, school_year=year + 1) == 0


def test_past_years_are_summarised_nightly_and_until_then_the_page_says_so(
    client, cast, school_a_data, run_tasks
):
    last_year = SchoolYear.containing().start_year - 1
    client.force_login(cast.coordinator_r1)
    url = reverse("monitoring:region_overview", args=[cast.region1.pk])
    text = client.get(url, {"year": last_year}).content.decode()
    assert "ещё не подготовлена" in text
    run_tasks(refresh_overview_summaries, past_years=True)
    assert OrganisationSummary.objects.filter(school_year=last_year).count() == 4
    response = client.get(url, {"year": last_year})
    assert "ещё не подготовлена" not in response.content.decode()
    # As of the end of last school year (the five teachers were hired in 2010).
    assert rows_by_name(response)["Онгудайский район"].teachers == 5


def rows_by_name(response) -> dict:
    return {str(place): figures for place, figures in response.context["rows"]}


@pytest.mark.parametrize("schools", [5, 50])
def test_the_region_and_country_overviews_cost_the_same_queries_for_5_or_50_schools(
    client, cast, school_a_data, schools, run_tasks, django_assert_num_queries
):
    for _ in range(schools - 4):
        StaffMemberFactory(organisation=OrganisationFactory(municipality=cast.m2))
    assert Organisation.objects.count() == schools
    run_tasks(refresh_overview_summaries)
    client.force_login(cast.coordinator_r1)
    # session, user, memberships, region, municipalities; the summaries' version, then from
    # the summaries: figures, retention, pairs by form and format, plan completion by month.
    url = reverse("monitoring:region_overview", args=[cast.region1.pk])
    with django_assert_num_queries(10):
        response = client.get(url)
    assert sum(f.teachers for _, f in response.context["rows"]) == schools - 4 + 5 + 1
    # Until the next refresh the readings are cached, and the memberships from now on
    # (where PostgreSQL keeps the data versions that key them).
    with django_assert_num_queries(5 if fragments.enabled() else 6):
        assert client.get(url).context["rows"] == response.context["rows"]
    client.force_login(cast.admin)
    # session, user (a site administrator has no memberships to read), regions, then the
    # same version and four summary queries.
    with django_assert_num_queries(8):
        response = client.get(reverse("monitoring:country_overview"))
    assert len(response.context["rows"]) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql("refreshes serialise on PostgreSQL row locks; SQLite locks the file")
def test_two_refreshes_of_a_region_at_once_leave_one_set_of_rows(cast, school_a_data):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    year = SchoolYear.containing().start_year

    def refresh(_):
        try:
            return overview_summary_refresh(region_id=cast.region1.pk, school_year=year)
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(refresh, range(2))) == [3, 3]
    assert OrganisationSummary.objects.filter(region=cast.region1).count() == 3
    assert MunicipalitySummary.objects.filter(region=cast.region1).count() == 2
    assert PairsSummary.objects.filter(region=cast.region1).count() == 1


def test_diagnostics_local_acts_and_website_figures_by_hand(client, cast, school_a_data):
    """School A: 4 teachers of whom 1 answered the deficits card this school year (25 %);
    2 of the 8 documents of the default pack recorded (25 %); a website section."""
    from monitoring.effectiveness import services as effectiveness
    from tests.monitoring.diagnostics.factories import answer, launch

    teacher = StaffMember.objects.filter(organisation=cast.school_a).first()
    survey = launch(user=cast.curator_a, organisation=cast.school_a, staff=[teacher])
    answer(survey.invitations.get())
    for position in (1, 2):
        effectiveness.local_act_save(
            organisation=cast.school_a,
            position=position,
            number=str(position),
            date=TODAY,
            acting_user=cast.curator_a,
        )
    effectiveness.website_section_save(
        organisation=cast.school_a, url="https://a.example.ru/n", acting_user=cast.curator_a
    )
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    rows = {str(p): f for p, f in client.get(url).context["rows"]}
    a, other = rows["Онгудайская СОШ"], rows["Еловская СОШ"]
    assert (a.diagnosed, a.diagnostics_coverage) == (1, 25.0)
    assert (a.acts_present, a.acts_required, a.acts_completeness) == (2, 8, 25.0)
    assert a.website_sections == 1
    assert (other.acts_completeness, other.website_sections) == (0.0, 0)
    book = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Онгудайская СОШ")
    values = dict(zip(header, row, strict=True))
    assert values["Диагностика, %"] == pytest.approx(0.25)
    assert values["Локальные акты, %"] == pytest.approx(0.25)
    assert values["Раздел сайта"] == 1


def test_the_municipality_page_reads_its_summaries_and_refresh_now_updates_only_them(
    client, cast, school_a_data
):
    year = SchoolYear.containing().start_year
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    assert "в реальном времени" in client.get(url).content.decode()  # nothing summarised yet
    overview_summary_refresh(region_id=cast.region1.pk, school_year=year)
    other = MunicipalitySummary.objects.get(municipality=cast.m2).refreshed_at
    StaffMemberFactory(organisation=cast.school_a)  # after the refresh: not shown yet
    response = client.get(url)
    assert "Сводные данные на" in response.content.decode()
    assert rows_by_name(response)["Онгудайская СОШ"].teachers == 4
    # A filtered view is counted live: the new teacher is there at once.
    filtered = client.get(url, {"kind": Organisation.Kind.SCHOOL})
    assert rows_by_name(filtered)["Онгудайская СОШ"].teachers == 5

    response = client.post(
        reverse("monitoring:municipality_refresh", args=[cast.m1.pk]), {"year": year}, follow=True
    )
    assert "Сводка муниципалитета обновлена." in response.content.decode()
    assert rows_by_name(response)["Онгудайская СОШ"].teachers == 5
    assert MunicipalitySummary.objects.get(municipality=cast.m1).teachers == 6
    assert MunicipalitySummary.objects.get(municipality=cast.m2).refreshed_at == other


def test_refresh_now_refuses_other_municipalities_roles_and_unknown_years(client, cast):
    year = SchoolYear.containing().start_year
    url = reverse("monitoring:municipality_refresh", args=[cast.m1.pk])
    client.force_login(cast.methodist_m2)  # another municipality: invisible
    assert client.post(url, {"year": year}).status_code == 404
    client.force_login(cast.curator_a)  # sees the municipality, may not refresh it
    assert client.post(url, {"year": year}).status_code == 403
    client.force_login(cast.methodist_m1)
    assert client.get(url).status_code == 405
    response = client.post(url, {"year": "2999; DROP"}, follow=True)
    assert "Выберите учебный год из списка." in response.content.decode()
    assert not OrganisationSummary.objects.exists()


@pytest.mark.parametrize("schools", [5, 50])
def test_a_summarised_municipality_page_costs_the_same_queries_for_5_or_50_schools(
    client, cast, schools, django_assert_num_queries
):
    for _ in range(schools - 2):
        StaffMemberFactory(organisation=OrganisationFactory(municipality=cast.m1))
    overview_summary_refresh(
        region_id=cast.region1.pk, school_year=SchoolYear.containing().start_year
    )
    client.force_login(cast.methodist_m1)
    # session, user, memberships, the municipality's keys and data versions with the
    # version of the year's summaries, its name with whether the year was monitored and its
    # pack's size, deficits survey, organisations, then the summaries: figures, retention,
    # pairs, completion; the bell's two counts in one query (and the versions it is kept
    # under, where they exist).
    with django_assert_num_queries(12 + fragments.enabled()):
        response = client.get(reverse("monitoring:municipality_overview", args=[cast.m1.pk]))
    assert len(response.context["rows"]) == schools
    assert response.context["readings"].summarised


def test_satisfaction_is_the_average_score_shown_from_five_respondents(client, cast):
    """Four mentees answer every scale question 4, then a fifth answers 2: the school's
    figure appears only with the fifth, as the average of all their scale answers."""
    from monitoring.diagnostics.models import Answer
    from tests.monitoring.diagnostics.factories import answer, launch

    people = StaffMemberFactory.create_batch(5, organisation=cast.school_a)
    campaign = launch(
        user=cast.curator_a,
        organisation=cast.school_a,
        staff=people,
        code="satisfaction-mentee-mid",
    )
    invitations = list(campaign.invitations.order_by("pk"))
    for invitation in invitations[:4]:
        answer(invitation, default=4)
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    assert rows_by_name(client.get(url))["Онгудайская СОШ"].satisfaction is None
    answer(invitations[4], default=2)
    scale = Answer.objects.filter(invitation__campaign=campaign, score__isnull=False)
    per_person = scale.count() // 5
    expected = round((4 * 4 + 2) * per_person / (5 * per_person), 1)  # 3.6
    figures = rows_by_name(client.get(url))["Онгудайская СОШ"]
    assert figures.satisfaction == expected == 3.6
    assert "3,6" in client.get(url).content.decode()


def test_a_figure_leads_to_the_list_behind_it_and_shortfalls_stand_out(client, cast, school_a_data):
    from lxml import html

    client.force_login(cast.methodist_m1)
    page = client.get(reverse("monitoring:municipality_overview", args=[cast.m1.pk]))
    row = html.fromstring(page.content).xpath(f"//tr[@data-place='{cast.school_a.pk}']")[0]
    links = [a.get("href") for a in row.xpath(".//td[@class='num']/a")]
    overdue = reverse("pairs:list", args=[cast.school_a.pk]) + "?overdue=on"
    staff = reverse("orgs:staff_list", args=[cast.school_a.pk])
    assert {overdue, staff, staff + "?young=on"} <= set(links)
    # The methodist may follow it: the school's pair with the overdue activity is listed.
    listed = client.get(overdue)
    assert listed.status_code == 200
    assert [p.pk for p in listed.context["page"]] == [school_a_data.pk]
    # School A's match rate (1 of 2 young specialists, 50 %) is below the 70 % target.
    below = row.xpath(".//td[contains(@class, 'below-target')]")
    assert [td.text_content() for td in below] == ["50,0"]


def test_the_school_to_do_lists_questionnaires_acts_and_forms(client, cast, school_a_data):
    from monitoring.effectiveness import services as effectiveness
    from monitoring.effectiveness.models import Campaign, Form
    from tests.monitoring.diagnostics.factories import answer, launch

    people = StaffMemberFactory.create_batch(3, organisation=cast.school_a)
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=people)
    answer(campaign.invitations.get(staff_member=people[0]))
    effectiveness.local_act_save(
        organisation=cast.school_a, position=1, number="1", date=TODAY, acting_user=cast.curator_a
    )
    criteria = effectiveness.criteria_set_load_seed(municipality=cast.m1, year=TODAY.year)
    monitoring = Campaign.objects.create(
        region=cast.region1, municipality=cast.m1, criteria_set=criteria, year=TODAY.year,
        opened_on=TODAY,
    )  # fmt: skip
    form = Form.objects.create(
        region=cast.region1, municipality=cast.m1, organisation=cast.school_a, campaign=monitoring,
        status=Form.Status.RETURNED,
    )  # fmt: skip
    client.force_login(cast.curator_a)
    response = client.get(reverse("monitoring:school_overview", args=[cast.school_a.pk]))
    todo = response.context["todo"]
    assert [(r["campaign"], r["pending"]) for r in todo["unanswered_questionnaires"]] == [
        (campaign.pk, 2)
    ]
    assert len(todo["missing_local_acts"]) == 7  # 1 of the default pack of 8 recorded
    assert todo["forms_not_submitted"] == [form]
    text = response.content.decode()
    assert "не ответили 2 человека" in text and "возвращена на доработку" in text
