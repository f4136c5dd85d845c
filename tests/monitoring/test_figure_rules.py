"""The rules behind the figures, as a curator meets them in different places: «has a mentor»
counts active pairs only (a draft pair has no order yet), lesson visits count this school
year on the workspace card, the overview and the API alike, and «без движения» is the same
set on the overview and behind its click."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.selectors import overview_figures
from orgs.schoolyear import SchoolYear
from pairs.models import LogEntry, Pair
from pairs.selectors import unmatched_young_specialists
from tests.api.test_api import api_as
from tests.factories import StaffMemberFactory
from tests.pairs.factories import LogEntryFactory, PairFactory

pytestmark = pytest.mark.django_db


def _young(organisation):
    today = timezone.localdate()
    return StaffMemberFactory(
        organisation=organisation,
        career_started_on=today - datetime.timedelta(days=100),
        hired_on=today - datetime.timedelta(days=100),
    )


def test_a_draft_pair_is_not_a_mentor_on_the_list_nor_on_the_overview(client, cast):
    mentee = _young(cast.school_a)
    PairFactory(programme__organisation=cast.school_a, mentee=mentee, status=Pair.Status.DRAFT)
    client.force_login(cast.curator_a)
    listed = client.get(
        reverse("orgs:staff_list", args=[cast.school_a.pk]), {"young": "on", "has_mentor": "no"}
    ).content.decode()
    assert mentee.last_name in listed
    figures = overview_figures("organisation", [cast.school_a.pk])[cast.school_a.pk]
    assert (figures.young_specialists, figures.young_with_mentor) == (1, 0)
    # ... yet matching does not offer a second mentor to someone a draft pair already names
    assert mentee not in list(unmatched_young_specialists(cast.school_a))

    Pair.objects.update(status=Pair.Status.ACTIVE)
    listed = client.get(
        reverse("orgs:staff_list", args=[cast.school_a.pk]), {"young": "on", "has_mentor": "yes"}
    ).content.decode()
    assert mentee.last_name in listed
    figures = overview_figures("organisation", [cast.school_a.pk])[cast.school_a.pk]
    assert figures.young_with_mentor == 1


def test_lesson_visits_are_this_school_years_on_the_card_the_overview_and_the_api(client, cast):
    today = timezone.localdate()
    started = SchoolYear.containing(today).starts_on
    pair = PairFactory(
        programme__organisation=cast.school_a, starts_on=started.replace(year=started.year - 1)
    )
    mentor, mentee = (m.staff for m in pair.members.order_by("role"))
    for day in (started - datetime.timedelta(days=1), started, today):
        LogEntryFactory(
            pair=pair,
            kind=LogEntry.Kind.LESSON_VISIT,
            happened_on=day,
            visitor=mentor,
            visited=mentee,
        )
    body = api_as(cast.curator_a).get(f"/api/v1/dashboards/organisation/{cast.school_a.pk}/")
    assert body.json()["pairs"]["lesson_visits"] == 2
    assert body.json()["figures"]["lesson_visits"] == 2
    assert overview_figures("organisation", [cast.school_a.pk])[cast.school_a.pk].lesson_visits == 2
    client.force_login(cast.curator_a)
    card = client.get(reverse("orgs:workspace", args=[cast.school_a.pk])).content.decode()
    assert "посещений уроков: 2" in card
    assert "в этом учебном году" in card


def test_a_stalled_pair_on_the_overview_is_the_one_behind_its_click(client, cast):
    today = timezone.localdate()
    quiet = PairFactory(
        programme__organisation=cast.school_a, starts_on=today - datetime.timedelta(days=200)
    )
    # Started yesterday: nothing logged yet, but not «без движения» either.
    fresh = PairFactory(
        programme__organisation=cast.school_a, starts_on=today - datetime.timedelta(days=1)
    )
    figures = overview_figures("organisation", [cast.school_a.pk])[cast.school_a.pk]
    assert figures.stalled_pairs == 1
    client.force_login(cast.curator_a)
    page = client.get(
        reverse("pairs:list", args=[cast.school_a.pk]), {"stalled": "on"}
    ).content.decode()
    assert f'href="{reverse("pairs:detail", args=[quiet.pk])}"' in page
    assert f'href="{reverse("pairs:detail", args=[fresh.pk])}"' not in page
