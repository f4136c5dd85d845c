"""Every cell of the overviews — the page, the XLSX and the CSV — against figures worked out
by hand from a small municipality, live for the municipality and from the refreshed
summaries for the region and the country. Dates are relative to today, so the hiring years
of the retention table are computed; everything else is written out."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from lxml import html
from openpyxl import load_workbook

from monitoring.effectiveness import services as effectiveness
from monitoring.selectors import FIGURES
from monitoring.tasks import refresh_overview_summaries
from orgs.models import StaffMember
from pairs.models import LogEntry, PlanActivity
from tests.factories import StaffMemberFactory
from tests.monitoring.diagnostics.factories import answer, launch
from tests.pairs.factories import LogEntryFactory, PairFactory, PlanActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def young(school, *, hired_days_ago: int, **fields):
    return StaffMemberFactory(
        organisation=school,
        career_started_on=days_ago(hired_days_ago),
        hired_on=days_ago(hired_days_ago),
        **fields,
    )


@pytest.fixture
def municipality(cast):
    """Онгудайская СОШ (school A): teacher_a, a mentor, two young specialists hired 400 days
    ago (one mentored in an active pair ending in 10 days, with a plan of 4 activities: 1
    done, 1 overdue, 2 ahead; 2 lesson visits today), one young specialist who left 300 days
    after being hired 800 days ago; 2 of 8 local acts, a website section; teacher_a answered
    the difficulties card, the mentored young specialist was invited but did not answer.

    Еловская СОШ (school A2): teacher_a2, a mentor and a young specialist hired 100 days ago
    in an active pair with no plan and no log (stalled), ending in 200 days."""
    a, a2 = cast.school_a, cast.school_a2
    mentored = young(a, hired_days_ago=400)
    young(a, hired_days_ago=400)
    young(
        a,
        hired_days_ago=800,
        employment_status=StaffMember.Status.LEFT,
        left_on=days_ago(500),
    )
    pair = PairFactory(
        programme__organisation=a,
        mentor=StaffMemberFactory(organisation=a),
        mentee=mentored,
        starts_on=days_ago(60),
        planned_end_on=TODAY + datetime.timedelta(days=10),
    )
    plan = PlanFactory(pair=pair, mentee=mentored, status="active")
    PlanActivityFactory(
        plan=plan, status=PlanActivity.Status.DONE, done_on=TODAY, due_on=days_ago(5)
    )
    PlanActivityFactory(plan=plan, status="planned", due_on=days_ago(3))
    PlanActivityFactory.create_batch(
        2, plan=plan, status="planned", due_on=TODAY + datetime.timedelta(days=20)
    )
    for _ in range(2):
        LogEntryFactory(pair=pair, kind=LogEntry.Kind.LESSON_VISIT, happened_on=TODAY)
    for position in (1, 2):
        effectiveness.local_act_save(
            organisation=a, position=position, number=str(position), date=TODAY,
            acting_user=cast.curator_a,
        )  # fmt: skip
    effectiveness.website_section_save(
        organisation=a, url="https://a.example.ru/nastavnichestvo", acting_user=cast.curator_a
    )
    campaign = launch(user=cast.curator_a, organisation=a, staff=[cast.teacher_a, mentored])
    answer(campaign.invitations.get(staff_member=cast.teacher_a))

    PairFactory(
        programme__organisation=a2,
        mentor=StaffMemberFactory(organisation=a2),
        mentee=young(a2, hired_days_ago=100),
        starts_on=days_ago(60),
        planned_end_on=TODAY + datetime.timedelta(days=200),
    )
    return cast


# Columns in FIGURES order; None is a share with nothing to divide («—»).
COLUMNS = list(FIGURES)
SCHOOL_A = dict(
    teachers=4, young_specialists=2, young_with_mentor=1, match_rate=50.0, programmes=1,
    active_pairs=1, plan_completion=25.0, overdue_activities=1, lesson_visits=2,
    stalled_pairs=0, ending_soon=1, diagnostics_coverage=25.0, satisfaction=None,
    acts_completeness=25.0,
    website_sections=1,
)  # fmt: skip
SCHOOL_A2 = dict(
    teachers=3, young_specialists=1, young_with_mentor=1, match_rate=100.0, programmes=1,
    active_pairs=1, plan_completion=None, overdue_activities=0, lesson_visits=0,
    stalled_pairs=1, ending_soon=0, diagnostics_coverage=0.0, satisfaction=None,
    acts_completeness=0.0,
    website_sections=0,
)  # fmt: skip
# 7 teachers, 3 young (2 with a mentor), 1 of 4 activities done, 1 of 7 diagnosed,
# 2 of 16 local acts.
M1 = dict(
    teachers=7, young_specialists=3, young_with_mentor=2, match_rate=66.7, programmes=2,
    active_pairs=2, plan_completion=25.0, overdue_activities=1, lesson_visits=2,
    stalled_pairs=1, ending_soon=1, diagnostics_coverage=14.3, satisfaction=None,
    acts_completeness=12.5,
    website_sections=1,
)  # fmt: skip
# One school, one teacher (of the cast), nothing else; its pack of 8 is missing.
LONE_SCHOOL = dict(
    teachers=1, young_specialists=0, young_with_mentor=0, match_rate=None, programmes=0,
    active_pairs=0, plan_completion=None, overdue_activities=0, lesson_visits=0,
    stalled_pairs=0, ending_soon=0, diagnostics_coverage=0.0, satisfaction=None,
    acts_completeness=0.0,
    website_sections=0,
)  # fmt: skip
# Region 1 = M1 + Горно-Алтайск (a lone school): 8 teachers, 1 of 8 diagnosed, 2 of 24 acts.
REGION1 = {**M1, "teachers": 8, "diagnostics_coverage": 12.5, "acts_completeness": 8.3}
# The country = region 1 + Томская область (a lone school): 2 of 32 acts, 1 of 9 diagnosed.
COUNTRY = {**REGION1, "teachers": 9, "diagnostics_coverage": 11.1, "acts_completeness": 6.2}


def retention_rows() -> list[list]:
    """The retention table by hand: per hiring year, mentored then not: hired, and the
    rates after 1, 2 and 3 years (None where no hire has reached that mark)."""
    hires = [  # (days ago hired, mentored, eligible after 1/2/3 years, retained after 1/2/3)
        (400, True, (1, 0, 0), (1, 0, 0)),  # works
        (400, False, (1, 0, 0), (1, 0, 0)),  # works
        (800, False, (1, 1, 0), (0, 0, 0)),  # left 300 days after being hired
        (100, True, (0, 0, 0), (0, 0, 0)),  # A2, not yet a year
    ]
    years: dict[int, dict[bool, list]] = {}
    for days, mentored, eligible, retained in hires:
        sides = years.setdefault(
            days_ago(days).year, {side: [0, [0] * 3, [0] * 3] for side in (True, False)}
        )
        cohort = sides[mentored]
        cohort[0] += 1
        cohort[1] = [e + x for e, x in zip(cohort[1], eligible, strict=True)]
        cohort[2] = [r + x for r, x in zip(cohort[2], retained, strict=True)]
    table = []
    for year in sorted(years):
        row = [year]
        for mentored in (True, False):
            hired, eligible, retained = years[year][mentored]
            row += [hired] + [
                round(r / e * 100, 1) if e else None
                for r, e in zip(retained, eligible, strict=True)
            ]
        table.append(row)
    return table


def shown(value) -> str:
    """A figure as the page shows it."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def page_table(content: bytes) -> dict[str, list[str]]:
    tree = html.fromstring(content)
    return {
        tr.xpath("string(td[1])").strip(): [td.text_content().strip() for td in tr.xpath("td")][
            1 : 1 + len(COLUMNS)
        ]
        for tr in tree.xpath("//table[@id='overview']/tbody/tr")
    }


def page_retention(content: bytes) -> list[list[str]]:
    tree = html.fromstring(content)
    return [
        [td.text_content().strip() for td in tr.xpath("td")]
        for tr in tree.xpath("//table[@id='retention']/tbody/tr")
    ]


def check_every_cell(client, url: str, expected: dict[str, dict], *, summarised: bool, per: str):
    response = client.get(url)
    assert response.status_code == 200
    places = [figures for name, figures in expected.items() if name != "Итого"]
    assert page_table(response.content) == {
        **{name: [shown(figures[c]) for c in COLUMNS] for name, figures in expected.items()},
        # The mean of the places' values, where they have one.
        f"В среднем на {per}": [shown(mean(p[c] for p in places)) for c in COLUMNS],
    }
    assert page_retention(response.content) == [
        [str(row[0]), *(f"{shown(v)} %" if v is not None and i % 4 else shown(v)
                        for i, v in enumerate(row[1:]))]
        for row in retention_rows()
    ]  # fmt: skip
    text = response.content.decode()
    assert ("Сводные данные на" in text) is summarised

    # The exports hold exactly the page's table: its rows in its order (totals, the
    # average, each place) and its columns (with the level where the page shows it).
    shown_rows = page_rows(response.content)
    book = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    sheet = book["Показатели"]
    percent_at = {i + 1 for i, c in enumerate(COLUMNS) if FIGURES[c][0].endswith("%")}
    level_at = len(COLUMNS) + 1

    def as_shown(row):
        """An XLSX row as the page writes it: shares back to percents, the average's means
        with their decimal (the file keeps 4.0 as the number 4), no level for the totals."""
        average = str(row[0]).startswith("В среднем")
        cells = []
        for i, v in enumerate(row):
            if v is None:
                summary_row = average or row[0] == "Итого"
                cells.append("" if i == level_at and summary_row else "—")
            elif i in percent_at:
                cells.append(shown(round(float(v) * 100, 1)))
            elif average and i:
                cells.append(shown(float(v)))
            else:
                cells.append(shown(v))
        return cells

    assert [[c.value for c in sheet[1]]] + [
        as_shown(row) for row in sheet.iter_rows(min_row=2, values_only=True)
    ] == shown_rows
    parameters = dict(book["Параметры"].iter_rows(min_row=2, values_only=True))
    assert ("Сводные данные на" in parameters) is summarised
    assert [list(r) for r in book["Закрепляемость"].iter_rows(min_row=2, values_only=True)] == [
        pytest.approx([row[0], *(v / 100 if v and i % 4 else v for i, v in enumerate(row[1:]))])
        for row in retention_rows()
    ]

    csv_response = client.get(url, {"export": "csv"})
    text = csv_response.content.decode("utf-8").lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [table[0]] + [
        [
            v or ("" if i == level_at and (row[0] == "Итого" or "среднем" in row[0]) else "—")
            for i, v in enumerate(row)
        ]
        for row in table[1:]
    ] == shown_rows
    assert "Сводные данные" not in text  # the stamp is in the file name, not a data row


def page_rows(content: bytes) -> list[list[str]]:
    """The page's table as text, header first, every cell (no-break spaces as spaces)."""
    tree = html.fromstring(content)
    table = tree.xpath("//table[@id='overview']")[0]
    header = [th.text_content().strip() for th in table.xpath("thead/tr/th")]
    return [header] + [
        [td.text_content().strip().replace("\u00a0", "") for td in tr.xpath("td")]
        for tr in table.xpath("tbody/tr")
    ]


def mean(values) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 1) if present else None


def _xlsx(value):
    """Shares are stored as fractions (formatted as percents), counts as integers."""
    return value / 100 if isinstance(value, float) else value


def test_every_cell_of_the_municipality_overview_and_its_exports(client, municipality):
    client.force_login(municipality.methodist_m1)
    check_every_cell(
        client,
        reverse("monitoring:municipality_overview", args=[municipality.m1.pk]),
        {"Итого": M1, "Онгудайская СОШ": SCHOOL_A, "Еловская СОШ": SCHOOL_A2},
        summarised=False,
        per="организацию",
    )


def test_every_cell_of_the_region_overview_from_the_summaries(client, municipality, run_tasks):
    run_tasks(refresh_overview_summaries)
    client.force_login(municipality.coordinator_r1)
    check_every_cell(
        client,
        reverse("monitoring:region_overview", args=[municipality.region1.pk]),
        {"Итого": REGION1, "Онгудайский район": M1, "Город Горно-Алтайск": LONE_SCHOOL},
        summarised=True,
        per="муниципалитет",
    )


def test_every_cell_of_the_country_overview_from_the_summaries(client, municipality, run_tasks):
    run_tasks(refresh_overview_summaries)
    client.force_login(municipality.admin)
    check_every_cell(
        client,
        reverse("monitoring:country_overview"),
        {"Итого": COUNTRY, "Республика Алтай": REGION1, "Томская область": LONE_SCHOOL},
        summarised=True,
        per="субъект",
    )


def test_the_chosen_columns_are_the_page_s_and_its_exports(client, cast, municipality):
    """«Столбцы»: the reader keeps two figures; the page, the XLSX and the CSV show the place,
    those two in the table's order with the same numbers as the full table, and the level."""
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    chosen = {"columns": ["active_pairs", "teachers", "no-such-column"]}
    full = page_table(client.get(url).content)
    page = client.get(url, chosen)
    header = html.fromstring(page.content).xpath("//table[@id='overview']/thead/tr/th")
    titles = [FIGURES["teachers"][0], FIGURES["active_pairs"][0]]
    level = "Уровень эффективности"
    assert [th.text_content().strip() for th in header] == ["Организация", *titles, level]
    at = [COLUMNS.index("teachers"), COLUMNS.index("active_pairs")]
    narrowed = page_table(page.content)
    assert {name: cells[:2] for name, cells in narrowed.items()} == {
        name: [cells[i] for i in at] for name, cells in full.items()
    }
    assert 'value="teachers" id="column-teachers" checked' in page.content.decode()

    workbook = load_workbook(io.BytesIO(client.get(url, {**chosen, "export": "xlsx"}).content))
    rows = list(workbook.worksheets[0].values)
    assert list(rows[0]) == ["Организация", *titles, level]
    parameters = dict(workbook["Параметры"].values)
    assert parameters["Столбцы"] == ", ".join(titles)
    text = client.get(url, {**chosen, "export": "csv"}).content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text), delimiter=";")) == ["Организация", *titles, level]

    # Nothing valid chosen: the whole table, as without a choice.
    assert page_table(client.get(url, {"columns": "nonsense"}).content) == full
