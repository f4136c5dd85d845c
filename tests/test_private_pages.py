"""Pages with personal data, the API and the calendar feed tell browsers and proxies to keep
no copy: Cache-Control: private, no-store."""

import pytest
from django.urls import reverse

from pairs.models import PersonalSettings
from tests.api.test_api import api_as
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db


def assert_private(response, what):
    assert response.status_code == 200, (what, response.status_code)
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (what, response.get("Cache-Control"))


def test_pages_with_personal_data_are_private_and_not_stored(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    client.force_login(cast.curator_a)
    for url in (
        reverse("orgs:workspace", args=[cast.school_a.pk]),
        reverse("orgs:staff_list", args=[cast.school_a.pk]),
        reverse("orgs:staff_card", args=[cast.teacher_a.pk]),
        reverse("pairs:detail", args=[pair.pk]),
    ):
        assert_private(client.get(url), url)
    client.force_login(cast.mentor_a)
    assert_private(client.get(reverse("pairs:my")), "my pairs")


def test_the_api_is_private_and_not_stored(cast):
    assert_private(api_as(cast.curator_a).get("/api/v1/staff/"), "api")


def test_the_calendar_feed_is_private_and_not_stored(client, cast):
    settings_row, _ = PersonalSettings.objects.get_or_create(user=cast.mentor_a)
    if not settings_row.calendar_token:
        settings_row.calendar_token = "t" * 32
        settings_row.save()
    url = reverse("pairs:calendar", args=[settings_row.calendar_token])
    assert_private(client.get(url), "calendar")
