import datetime

import pytest
from django.core import mail

from pairs import services, tasks
from pairs.digest import week_of
from pairs.models import DigestDelivery

from .factories import PairFactory, PlanActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_with_news(cast):
    today = datetime.date.today()
    pair = PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a)
    plan = PlanFactory(
        pair=pair,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=200),
    )
    PlanActivityFactory(
        plan=plan,
        title="Просроченный тренинг",
        planned_month=None,
        due_on=today - datetime.timedelta(days=3),
    )
    PlanActivityFactory(
        plan=plan, title="Самоанализ урока", planned_month=today.replace(day=1), due_on=None
    )
    PairFactory(programme__organisation=cast.school_a)  # without a plan
    return pair


def test_the_weekly_digest_goes_out_once_per_person_and_week(cast, school_with_news, run_tasks):
    assert run_tasks(tasks.queue_weekly_digests) >= 2
    by_address = {m.to[0]: m for m in mail.outbox}
    curator = by_address[cast.curator_a.email].body
    assert "Просроченный тренинг" in curator and "без персонализированного плана" in curator
    mentor = by_address[cast.mentor_a.email].body
    assert "Что сделать в этом месяце" in mentor and "Самоанализ урока" in mentor
    sent = len(mail.outbox)
    run_tasks(tasks.queue_weekly_digests)  # a restart of beat, a re-run: nothing twice
    assert len(mail.outbox) == sent
    assert DigestDelivery.objects.filter(week=week_of(datetime.date.today())).count() == sent


def test_a_person_can_switch_the_digest_off(client, cast, school_with_news, run_tasks):
    client.force_login(cast.curator_a)
    client.post("/pairs/my/settings/", {"action": "digest_off"})
    run_tasks(tasks.queue_weekly_digests)
    assert cast.curator_a.email not in {m.to[0] for m in mail.outbox}
    assert cast.mentor_a.email in {m.to[0] for m in mail.outbox}


def test_a_failed_send_leaves_no_delivery_so_a_retry_sends(cast, school_with_news, monkeypatch):
    week = week_of(datetime.date.today()).isoformat()

    def broken(self, *args, **kwargs):
        raise OSError("SMTP недоступен")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with pytest.raises(OSError):
        services.weekly_digest_send(user_id=cast.curator_a.pk, week=week)
    assert not DigestDelivery.objects.exists()
    monkeypatch.undo()
    assert services.weekly_digest_send(user_id=cast.curator_a.pk, week=week)
    assert not services.weekly_digest_send(user_id=cast.curator_a.pk, week=week)
