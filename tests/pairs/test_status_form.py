"""The pair status form: nothing destructive by default, a closing is confirmed, and a mistaken
closing is undone by the curator within the reopening window."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pairs import services
from pairs.models import REOPEN_DAYS, Pair, Plan
from tests.factories import StaffMemberFactory
from tests.html import options

from .factories import PairFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Pair.Status.DRAFT, Pair.Status.ACTIVE])
def test_the_status_box_selects_no_action_until_the_curator_chooses(client, cast, status):
    pair = PairFactory(programme__organisation=cast.school_a, status=status)
    client.force_login(cast.curator_a)
    page = client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()
    choices = options(page, "to_status")
    assert choices[0] == {"value": "", "selected": True} or choices[0]["value"] == ""
    assert len(choices) > 1 and not any(o["selected"] for o in choices[1:])
    response = client.post(reverse("pairs:status", args=[pair.pk]), {"to_status": ""})
    assert response.status_code == 400
    assert "Выберите действие." in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == status


@pytest.mark.parametrize(
    "data",
    [
        {"to_status": "completed"},
        {"to_status": "terminated", "reason": "Переезд наставляемого"},
    ],
)
def test_closing_a_pair_needs_a_confirmation_that_says_what_follows(client, cast, data):
    pair = PairFactory(programme__organisation=cast.school_a)
    plan = PlanFactory(pair=pair)
    client.force_login(cast.curator_a)
    page = client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()
    assert f"сможет в течение {REOPEN_DAYS}" in page and "незавершённые планы будут закрыты" in page
    url = reverse("pairs:status", args=[pair.pk])
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Подтвердите закрытие пары" in response.content.decode()
    pair.refresh_from_db()
    plan.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE and plan.status == Plan.Status.ACTIVE
    assert client.post(url, data | {"confirm": "on"}).status_code == 302
    pair.refresh_from_db()
    assert pair.status == data["to_status"]


def test_a_closed_pair_is_reopened_by_its_curator_with_history_and_plans_back(client, cast):
    first, second = StaffMemberFactory.create_batch(2, organisation=cast.school_a)
    pair = PairFactory(programme__organisation=cast.school_a, mentees=[first, second])
    plan = PlanFactory(pair=pair, mentee=first)
    done_before = PlanFactory(pair=pair, mentee=second, status=Plan.Status.COMPLETED)
    client.force_login(cast.curator_a)
    url = reverse("pairs:status", args=[pair.pk])
    client.post(url, {"to_status": "terminated", "reason": "Ошибка", "confirm": "on"})
    pair.refresh_from_db()
    assert pair.status == Pair.Status.TERMINATED
    page = client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()
    assert "Вернуть пару в работу" in page
    response = client.post(url, {"to_status": "active", "reason": "Закрыли по ошибке"})
    assert response.status_code == 302
    pair.refresh_from_db()
    plan.refresh_from_db()
    done_before.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE and pair.ended_on is None
    assert pair.termination_reason == ""
    assert plan.status == Plan.Status.ACTIVE
    assert done_before.status == Plan.Status.COMPLETED
    history = list(pair.status_changes.values_list("event", "reason"))
    assert history[-2:] == [("terminated", "Ошибка"), ("reopened", "Закрыли по ошибке")]


def test_a_pair_closed_more_than_the_window_ago_stays_closed(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a)
    services.pair_change_status(
        pair=pair,
        to_status=Pair.Status.COMPLETED,
        acting_user=cast.curator_a,
        ended_on=timezone.localdate() - datetime.timedelta(days=REOPEN_DAYS + 1),
    )
    client.force_login(cast.curator_a)
    page = client.get(reverse("pairs:detail", args=[pair.pk])).content.decode()
    assert "Вернуть пару в работу" not in page
    response = client.post(reverse("pairs:status", args=[pair.pk]), {"to_status": "active"})
    assert response.status_code == 400
    assert f"в течение {REOPEN_DAYS} дней после окончания" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED


def test_the_last_day_of_the_window_still_reopens(cast):
    pair = PairFactory(programme__organisation=cast.school_a)
    services.pair_change_status(
        pair=pair,
        to_status=Pair.Status.COMPLETED,
        acting_user=cast.curator_a,
        ended_on=timezone.localdate() - datetime.timedelta(days=REOPEN_DAYS),
    )
    pair = services.pair_change_status(
        pair=pair, to_status=Pair.Status.ACTIVE, acting_user=cast.curator_a
    )
    assert pair.status == Pair.Status.ACTIVE


def test_only_the_curator_reopens(client, cast):
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    services.pair_change_status(
        pair=pair, to_status=Pair.Status.COMPLETED, acting_user=cast.curator_a
    )
    url = reverse("pairs:status", args=[pair.pk])
    for user, code in ((cast.mentor_a, 403), (cast.methodist_m1, 403), (cast.curator_b, 404)):
        client.force_login(user)
        assert client.post(url, {"to_status": "active"}).status_code == code
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED


def test_a_reopening_still_checks_the_people(cast):
    pair = PairFactory(programme__organisation=cast.school_a)
    services.pair_change_status(
        pair=pair, to_status=Pair.Status.COMPLETED, acting_user=cast.curator_a
    )
    mentee = pair.members.get(role="mentee").staff
    mentee.employment_status, mentee.left_on = "left", timezone.localdate()
    mentee.save(update_fields=["employment_status", "left_on"])
    with pytest.raises(ValidationError) as error:
        services.pair_change_status(pair=pair, to_status=Pair.Status.ACTIVE, acting_user=None)
    assert "уволен(а)" in " ".join(error.value.messages)
