"""The scale data generator and the benchmark command, at school scale on PostgreSQL."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from monitoring.models import OrganisationSummary
from monitoring.overviews import overdue_since
from orgs.models import Organisation, StaffMember
from orgs.schoolyear import SchoolYear
from orgs.tenancy import scopes_disabled
from pairs.models import Pair, PlanActivity
from tests.services import require_services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        require_services("PostgreSQL is not configured (DATABASE_URL)")


def shape() -> dict:
    activities = PlanActivity.objects.values_list("status", flat=True)
    return {
        "organisations": Organisation.objects.count(),
        "teachers": StaffMember.objects.count(),
        "pairs": Pair.objects.count(),
        "activity_statuses": set(activities),
        "names": list(StaffMember.objects.order_by("pk").values_list("last_name", "position")),
    }


def test_school_scale_has_the_documented_shape_and_is_deterministic(postgresql):
    out = io.StringIO()
    call_command("generate_scale_data", scale="municipality", seed=7, stdout=out)
    first = shape()
    assert first["organisations"] == 30
    assert 6 * 30 <= first["teachers"] <= 22 * 30
    # About one teacher in seven is a young specialist and most of them have a mentor.
    assert first["teachers"] * 0.06 <= first["pairs"] <= first["teachers"] * 0.3
    assert first["activity_statuses"] >= {"planned", "done"}
    assert "Итого" in out.getvalue()
    call_command("flush", interactive=False, verbosity=0)
    call_command("generate_scale_data", scale="municipality", seed=7, stdout=io.StringIO())
    second = shape()
    assert second["names"] == first["names"]  # the same seed, the same data


def test_the_benchmark_and_the_load_run_against_a_live_server(postgresql):
    call_command("generate_scale_data", scale="school", seed=1, stdout=io.StringIO())
    out = io.StringIO()
    call_command("benchmark", requests=3, seconds=0.5, concurrency=2, workers=1, stdout=out)
    text = out.getvalue()
    for row in (
        "Тривиальная страница",
        "вход выполнен (куратор)",
        "Список пар куратора",
        "Обзор муниципалитета",
        "API: пары",
        "XLSX муниципалитета",
        "Пропускная способность",
        "Последовательные сканирования",
        "Время PostgreSQL на запросы страницы",
    ):
        assert row in text, text
    assert "Первый показ после записи" in text
    # No beat runs here: it has refreshed the summaries as one would, so the region's and the
    # country's overviews it measured read them, as in production, instead of counting live.
    year = SchoolYear.containing(timezone.localdate())
    with scopes_disabled():
        oldest = OrganisationSummary.objects.filter(school_year=year.start_year).aggregate(
            at=Min("refreshed_at")
        )["at"]
    assert oldest is not None and not overdue_since(oldest, year)
    # Query counts of the curator pages, busiest and quietest school side by side: the same,
    # and fewer when the body comes from the cache.
    by_size = text.split("крупная ОО | малая ОО")[1]
    counts = re.findall(r"^  (\S.*?)\s+(\d+) / (\d+) \| (\d+) / (\d+)$", by_size, re.M)
    assert [row[0] for row in counts][:2] == ["Список пар куратора", "Страница плана"]
    for _, fresh, cached, small_fresh, small_cached in counts:
        assert (fresh, cached) == (small_fresh, small_cached), counts
        assert int(cached) < int(fresh), counts
    from pairs.models import LogEntry

    before = LogEntry.objects.count()
    out = io.StringIO()
    call_command("load_run", concurrency=4, seconds=2, workers=1, stdout=out)
    text = out.getvalue()
    assert "Ошибок: 0" in text
    acknowledged = int(text.split("Записей подтверждено: ")[1].split(",")[0])
    assert LogEntry.objects.count() - before == acknowledged


def test_the_load_run_of_concurrent_edits_loses_no_change(postgresql, cast):
    """Clients edit different fields of the same pairs (their edit page) and plan activities
    (their inline edit) at once; every change acknowledged is stored (the stale saves were
    refused and reopened)."""
    from tests.pairs.factories import PairFactory, PlanActivityFactory, ProgrammeFactory

    programme = ProgrammeFactory(organisation=cast.school_a)
    for pair in PairFactory.create_batch(2, programme=programme):
        PlanActivityFactory(plan__pair=pair)
    out = io.StringIO()
    try:
        call_command("load_run", edits=True, concurrency=6, seconds=3, workers=2, stdout=out)
    except CommandError:
        pytest.fail(out.getvalue())
    text = out.getvalue()
    assert "Ошибок: 0" in text and "Потерянных изменений: 0" in text, text
    saved = int(text.split("Правок сохранено: ")[1].split(",")[0])
    assert saved > 0
    # Both kinds were raced on: the pair's edit page and the plan activity's inline edit.
    for kind in ("Пары (страница правки): 2", "Мероприятия планов (правка в строке): 2"):
        assert kind in text, text
    print(text)  # the figures, with -s


def test_the_load_run_of_writers_in_one_school_and_in_several(postgresql, cast):
    """Only writes, by one and then two clients at once, in one school and in two: every
    write acknowledged is stored, and each step reports its rate and times."""
    from pairs.models import LogEntry
    from tests.pairs.factories import PairFactory, ProgrammeFactory

    for school in (cast.school_a, cast.school_b):
        PairFactory.create_batch(2, programme=ProgrammeFactory(organisation=school))
    before = LogEntry.objects.count()
    out = io.StringIO()
    try:
        call_command("load_run", writers=[1, 2], seconds=1, workers=1, stdout=out)
    except CommandError:
        pytest.fail(out.getvalue())
    text = out.getvalue()
    steps = re.findall(r"^\s+(\d+)\s+(одна школа|разные школы)\s+(\d+)\s", text, re.MULTILINE)
    assert [(n, where) for n, where, _ in steps] == [
        ("1", "одна школа"),
        ("2", "одна школа"),
        ("2", "разные школы"),
    ], text
    assert all(int(writes) > 0 for _, _, writes in steps), text
    acknowledged = int(text.split("Записей подтверждено: ")[1].split(",")[0])
    assert acknowledged == sum(int(writes) for _, _, writes in steps)
    assert LogEntry.objects.count() - before == acknowledged
