"""A plan's activities and the pair's log: evidence, dates, the printable plan, a network
mentor's entries and the log page's cost."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pairs.models import LogEntry, Pair
from tests.factories import UserFactory

from .factories import (
    LogEntryFactory,
    PairFactory,
    PlanActivityFactory,
    PlanFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def test_a_network_mentor_sees_and_logs_their_pair_in_another_school(client, cast):
    user = UserFactory(staff_member=cast.teacher_a2)
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a2)
    plan = PlanFactory(pair=pair)
    PlanActivityFactory(plan=plan, title="Сетевая консультация")
    client.force_login(user)
    page = client.get(reverse("pairs:my")).content.decode()
    assert "Онгудайская СОШ" in page
    assert (
        "Сетевая консультация" in client.get(reverse("pairs:plan", args=[plan.pk])).content.decode()
    )
    response = client.post(
        reverse("pairs:log_add", args=[pair.pk]),
        {"kind": "meeting", "happened_on": "2025-10-01", "topic": "Встреча онлайн"},
    )
    assert response.status_code == 302
    assert LogEntry.objects.get().organisation == cast.school_a
    other = PairFactory(programme__organisation=cast.school_a)
    assert client.get(reverse("pairs:detail", args=[other.pk])).status_code == 404
    other_plan = PlanFactory(pair=other)
    assert client.get(reverse("pairs:plan", args=[other_plan.pk])).status_code == 404


def test_evidence_files_are_kept_with_the_activity(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = PlanActivityFactory(plan__pair__programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:activity_done", args=[activity.pk]),
        {
            "note": "Конспект урока",
            "evidence_file": SimpleUploadedFile("konspekt.txt", "Конспект".encode()),
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.evidence_file.read().decode() == "Конспект"


def test_a_future_done_date_is_refused(client, cast):
    activity = PlanActivityFactory(plan__pair__programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client.post(
        reverse("pairs:activity_done", args=[activity.pk]), {"done_on": tomorrow.isoformat()}
    )
    assert "Дата выполнения не может быть в будущем." in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_the_printable_plan_lists_activities_and_progress(client, cast):
    activity = PlanActivityFactory(
        plan__pair__programme__organisation=cast.school_a, title="Самоанализ урока"
    )
    client.force_login(cast.director_a)
    page = client.get(reverse("pairs:plan_print", args=[activity.plan_id])).content.decode()
    assert "Персонализированная программа наставничества" in page and "Самоанализ урока" in page
    assert "Выполнено: 0 %" in page


def test_the_log_page_keeps_a_constant_query_count(client, cast):
    client.force_login(cast.curator_a)
    url = reverse("pairs:log", args=[cast.school_a.pk])
    programme = ProgrammeFactory(organisation=cast.school_a)

    def queries(pairs):
        for _ in range(pairs - Pair.objects.count()):
            pair = PairFactory(programme=programme)
            LogEntryFactory(pair=pair)
            LogEntryFactory(
                pair=pair,
                kind="lesson_visit",
                visitor=pair.members.first().staff,
                visited=pair.members.last().staff,
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(reverse("ping"))  # reads the memberships once; later requests take them cached
    assert queries(3) == queries(15)
