import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pairs import services
from pairs.models import LogEntry, Pair, Programme
from tests.factories import StaffMemberFactory, UserFactory
from tests.forms import version_of

from .factories import (
    LogEntryFactory,
    PairFactory,
    PlanActivityFactory,
    PlanFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

PAIRS_APP = Path(__file__).resolve().parents[2] / "pairs"


def test_views_reach_rows_only_through_the_access_helpers():
    """A direct ``Model.objects.get(`` in a view would bypass the 404-for-outsiders helpers."""
    source = (PAIRS_APP / "views.py").read_text()
    assert not re.search(r"\b(Pair|Plan|PlanActivity|Programme|LogEntry)\.objects\.get\(", source)


def test_a_group_has_several_mentees_and_becomes_a_group_format(cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    mentees = [StaffMemberFactory(organisation=cast.school_a) for _ in range(3)]
    group = services.pair_create(
        programme=programme,
        mentors=[cast.teacher_a],
        mentees=mentees,
        acting_user=None,
        title="Круг молодых учителей",
    )
    assert group.format == Pair.Format.GROUP
    assert group.members.filter(role="mentee").count() == 3


def test_a_closed_programme_takes_no_new_pairs(cast):
    programme = ProgrammeFactory(organisation=cast.school_a, status=Programme.Status.CLOSED)
    with pytest.raises(Exception) as error:
        services.pair_create(
            programme=programme,
            mentors=[cast.teacher_a],
            mentees=[StaffMemberFactory(organisation=cast.school_a)],
            acting_user=None,
        )
    assert "Программа завершена" in str(error.value)


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


def test_programme_edit_is_for_the_curator_only(client, cast):
    programme = ProgrammeFactory(organisation=cast.school_a)
    url = reverse("pairs:programme_edit", args=[programme.pk])
    client.force_login(cast.methodist_m1)
    assert client.get(url).status_code == 403
    client.force_login(cast.curator_b)
    assert client.post(url, {"title": "Чужая"}).status_code == 404
    client.force_login(cast.curator_a)
    response = client.post(
        url,
        {
            "title": "Программа 2025–2027",
            "form": "teacher_teacher",
            "starts_on": "2025-09-01",
            "ends_on": "2025-01-01",
            "status": "active",
        },
    )
    assert "Дата окончания должна быть позже даты начала." in response.content.decode()
    programme.refresh_from_db()
    assert programme.title != "Программа 2025–2027"


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


def test_a_working_pairs_term_changes_only_by_extension(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a)
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("pairs:edit", args=[pair.pk]),
        {
            "format": "traditional",
            "model_element": "training",
            "mentor_type": "subject",
            "mentee_category": "young_specialist",
            "planned_end_on": "2030-01-01",
            "consent_status": "given",
            "consent_on": "2025-08-28",
            "agreement_status": "signed",
            "agreement_on": "2025-08-29",
            "extra_pay_percent": "15",
            "row_version": version_of(client, reverse("pairs:edit", args=[pair.pk])),
        },
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.model_element == "training" and pair.extra_pay_percent == 15
    assert pair.planned_end_on == datetime.date(2026, 8, 31)
