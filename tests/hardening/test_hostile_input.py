"""Property-based runs of the curator's forms with random and hostile values: every answer is
a page or a redirect (never a server error), and stored text never comes back as markup."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairs.models import LogEntry, PlanActivity, Programme
from tests.pairs.factories import PlanActivityFactory

pytestmark = pytest.mark.django_db

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE pairs_pair; --",
        "{{ settings.SECRET_KEY }}",
        "\x00\x01\x1b[31m",
        "Я" * 5000,
        "",
        " ",
        "-1",
        "99999999999999999999",
        "31.02.2025",
        "0001-01-01",
        "9999-12-31",
    ]
)
VALUE = st.one_of(HOSTILE, st.text(max_size=300), st.integers().map(str))
RUNS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_safe(response):
    assert response.status_code in {200, 302, 400, 403, 404}, response.status_code
    body = response.content.decode(errors="replace")
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror" not in body


@RUNS
@given(
    data=st.fixed_dictionaries(
        {
            name: VALUE
            for name in (
                "title",
                "form",
                "custom_form",
                "starts_on",
                "ends_on",
                "goals",
                "status",
                "approval_order",
            )
        }
    )
)
def test_the_programme_form_survives_hostile_input(cast, data):
    client = Client()
    client.force_login(cast.curator_a)
    before = Programme.objects.count()
    response = client.post(reverse("pairs:programme_create", args=[cast.school_a.pk]), data)
    assert_safe(response)
    if response.status_code == 200:
        assert Programme.objects.count() == before  # the form was shown again: nothing saved
    page = client.get(reverse("pairs:programmes", args=[cast.school_a.pk]))
    assert_safe(page)
    if Programme.objects.filter(title__contains="<script>").exists():
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()


@RUNS
@given(
    data=st.fixed_dictionaries(
        {
            name: VALUE
            for name in (
                "direction",
                "title",
                "form",
                "deficit_area",
                "planned_month",
                "due_on",
                "stage",
                "expected_result",
                "responsible",
                "responsible_other",
            )
        }
    )
)
def test_the_plan_activity_form_survives_hostile_input(cast, data):
    activity = PlanActivity.objects.first() or PlanActivityFactory(
        plan__pair__programme__organisation=cast.school_a
    )
    client = Client()
    client.force_login(cast.curator_a)
    response = client.post(reverse("pairs:activity_add", args=[activity.plan_id]), data)
    assert_safe(response)
    assert_safe(client.get(reverse("pairs:plan", args=[activity.plan_id])))


@RUNS
@given(
    data=st.fixed_dictionaries(
        {
            name: VALUE
            for name in (
                "kind",
                "happened_on",
                "topic",
                "notes",
                "visitor",
                "visited",
                "class_name",
                "subject",
                "activity",
            )
        }
    )
)
def test_the_log_form_survives_hostile_input_and_foreign_ids(cast, data):
    activity = PlanActivity.objects.first() or PlanActivityFactory(
        plan__pair__programme__organisation=cast.school_a
    )
    pair = activity.plan.pair
    client = Client()
    client.force_login(cast.curator_a)
    data = {**data, "visited": str(cast.teacher_b.pk)}  # a teacher of another region
    response = client.post(reverse("pairs:log_add", args=[pair.pk]), data)
    assert_safe(response)
    assert not LogEntry.objects.filter(visited=cast.teacher_b).exists()
    assert_safe(client.get(reverse("pairs:detail", args=[pair.pk])))


def test_markup_in_a_programme_title_is_shown_as_text(client, cast):
    client.force_login(cast.curator_a)
    client.post(
        reverse("pairs:programme_create", args=[cast.school_a.pk]),
        {
            "title": "<script>alert(1)</script>",
            "form": "teacher_teacher",
            "starts_on": "2025-09-01",
            "ends_on": "2026-08-31",
            "status": "active",
        },
    )
    assert Programme.objects.filter(title="<script>alert(1)</script>").exists()
    page = client.get(reverse("pairs:programmes", args=[cast.school_a.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


def _effectiveness(name, *args):
    return reverse(f"monitoring:effectiveness:{name}", args=args)


@RUNS
@given(
    data=st.fixed_dictionaries(
        {n: VALUE for n in ("kind", "level", "title", "starts_on", "ends_on", "hours")}
    )
)
def test_the_event_form_survives_hostile_input(cast, data):
    from monitoring.effectiveness.models import Event

    client = Client()
    client.force_login(cast.methodist_m1)
    before = Event.objects.count()
    page = _effectiveness("municipality_events", cast.m1.pk)
    response = client.post(page, {**data, "action": "create"})
    assert_safe(response)
    if response.status_code == 200:
        assert Event.objects.count() == before
    assert_safe(client.get(page))


@RUNS
@given(
    data=st.fixed_dictionaries(
        {n: VALUE for n in ("action", "kind", "number", "date", "url", "name", "position")}
    )
)
def test_the_schools_acts_and_website_forms_survive_hostile_input(cast, data):
    client = Client()
    client.force_login(cast.curator_a)
    response = client.post(_effectiveness("organisation", cast.school_a.pk), data)
    assert_safe(response)
    assert_safe(client.get(_effectiveness("organisation", cast.school_a.pk)))
    client.force_login(cast.methodist_m1)
    assert_safe(client.post(_effectiveness("local_acts", cast.m1.pk), data))
    assert_safe(client.get(_effectiveness("local_acts", cast.m1.pk)))


@RUNS
@given(
    query=st.fixed_dictionaries(
        {n: VALUE for n in ("date_from", "date_to", "model", "action", "q", "object_pk", "page")}
    )
)
def test_the_history_filters_survive_hostile_input(cast, query):
    client = Client()
    client.force_login(cast.curator_a)
    assert_safe(client.get(reverse("orgs:history", args=[cast.school_a.pk]), query))


@RUNS
@given(
    data=st.fixed_dictionaries(
        {
            n: VALUE
            for n in ("action", "set", "year", "criterion", "indicator", "name", "method", "scale")
        }
    )
)
def test_the_criteria_page_survives_hostile_input(cast, data):
    client = Client()
    client.force_login(cast.methodist_m1)
    page = _effectiveness("criteria", cast.m1.pk)
    assert_safe(client.post(page, data))
    assert_safe(client.get(page, {"set": data["set"]}))
