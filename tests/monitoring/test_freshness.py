"""Overview figures are never older than promised: on the embedded default a committed write
re-summarises its municipality; with a beat, a summary older than its promise gives way to a
live count and the page says so, with the date and time the summary was computed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring import refresh_on_write
from monitoring.models import MunicipalitySummary, OrganisationSummary
from monitoring.services import overview_summary_refresh
from orgs.schoolyear import SchoolYear
from tests.api.test_api import api_as
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshing_on_write(settings):
    """Refresh on write, as on the embedded default (connected at start-up there)."""
    from django.db import connection

    if not settings.OVERVIEW_REFRESH_ON_WRITE:
        refresh_on_write.connect(force=True)
    connection._overview_pending = None  # the fixture's own writes never commit
    yield
    if not settings.OVERVIEW_REFRESH_ON_WRITE:
        refresh_on_write.disconnect()


def _teachers(organisation) -> int:
    year = SchoolYear.containing().start_year
    return OrganisationSummary.objects.get(organisation=organisation, school_year=year).teachers


def test_a_committed_write_refreshes_its_municipality_and_only_it(
    cast, refreshing_on_write, django_capture_on_commit_callbacks
):
    year = SchoolYear.containing().start_year
    overview_summary_refresh(region_id=cast.region1.pk, school_year=year)
    other = MunicipalitySummary.objects.get(municipality=cast.m2).refreshed_at
    before = _teachers(cast.school_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        StaffMemberFactory(organisation=cast.school_a)
        StaffMemberFactory(organisation=cast.school_a2)
    assert len(callbacks) == 1  # one refresh per transaction, however many rows it wrote
    assert _teachers(cast.school_a) == before + 1
    assert MunicipalitySummary.objects.get(municipality=cast.m2).refreshed_at == other


def test_summaries_older_than_promised_give_way_to_a_live_count(client, cast, settings):
    settings.OVERVIEW_SUMMARY_MINUTES = 15
    settings.OVERVIEW_REFRESH_ON_WRITE = False  # a deployment with Celery and its beat
    year = SchoolYear.containing().start_year
    computed = timezone.now() - datetime.timedelta(hours=2)
    overview_summary_refresh(region_id=cast.region1.pk, school_year=year, now=computed)
    StaffMemberFactory(organisation=cast.school_a)  # after the summary: only a live count has it
    client.force_login(cast.methodist_m1)
    url = reverse("monitoring:municipality_overview", args=[cast.m1.pk])
    text = client.get(url).content.decode()
    stamp = f"{timezone.localtime(computed):%d.%m.%Y} в {timezone.localtime(computed):%H:%M}"
    assert f"Сводка посчитана {stamp} и старше обещанного" in text
    assert "планировщик задач не работает" in text
    assert "каждые 15 мин" not in text
    api = api_as(cast.methodist_m1).get(f"/api/v1/dashboards/municipality/{cast.m1.pk}/")
    rows = {row["short_name"]: row for row in api.json()["organisations"]}
    assert rows[cast.school_a.short_name]["teachers"] == 2  # the live count

    # A fresh summary is read, and stamped with its date as well as its time.
    overview_summary_refresh(region_id=cast.region1.pk, school_year=year)
    text = client.get(url).content.decode()
    assert f"Сводные данные на {timezone.localtime():%d.%m.%Y} в " in text
    assert "только пока работает планировщик задач" in text
