"""Diagnostics meets pairs: compatibility per pair, the plan panel, lifecycle surveys."""

import datetime

from django.urls import reverse
from django.utils import timezone

from monitoring.diagnostics import services, tasks
from monitoring.diagnostics.models import (
    Campaign,
    CompatibilityDecision,
    Invitation,
    LifecycleSchedule,
    TypicalActivity,
)
from pairs.models import Pair, PlanActivity
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory, PlanFactory

from .factories import answer, launch, ready_version

TODAY = timezone.localdate()
COMPAT = [
    "Мне важно заранее и подробно планировать работу",
    "Я предпочитаю обсуждать проблемы сразу, как только они возникли",
    "Мне комфортно работать в тесном контакте с коллегой",
]


def url(name, *args):
    return reverse(f"monitoring:diagnostics:{name}", args=args)


def _pair(cast, **fields):
    return PairFactory(programme__organisation=cast.school_a, mentor=cast.teacher_a, **fields)


def _compatibility(cast, pair, mentor_scores, mentee_scores):
    mentee = pair.members.get(role="mentee").staff
    campaign = launch(
        user=cast.curator_a,
        organisation=cast.school_a,
        staff=[cast.teacher_a, mentee],
        code="pair-compatibility",
    )
    answer(campaign.invitations.get(staff_member=cast.teacher_a), mentor_scores, default=3)
    answer(campaign.invitations.get(staff_member=mentee), mentee_scores, default=3)


def test_a_low_compatibility_is_flagged_and_kept_only_with_a_reason(client, cast):
    pair = _pair(cast)
    _compatibility(cast, pair, dict.fromkeys(COMPAT, 5), dict.fromkeys(COMPAT, 1))
    client.force_login(cast.curator_a)

    page = client.get(url("compatibility", cast.school_a.pk)).content.decode()
    assert "ниже 70 %" in page

    refused = client.post(url("compatibility_decide", pair.pk), {"reason": ""}, follow=True)
    assert "укажите, почему пару оставляют" in refused.content.decode()
    assert not CompatibilityDecision.objects.exists()

    client.post(url("compatibility_decide", pair.pk), {"reason": "Оставили для эксперимента"})
    pair.refresh_from_db()
    decision = CompatibilityDecision.objects.get()
    assert decision.flagged and decision.score < 70
    assert pair.compatibility == Pair.Compatibility.LOW
    assert "Оставили для эксперимента" in pair.compatibility_note


def test_compatibility_decisions_are_the_curators(client, cast):
    pair = _pair(cast)
    _compatibility(cast, pair, {}, {})
    client.force_login(cast.psychologist_a)
    page = client.get(url("compatibility", cast.school_a.pk)).content.decode()
    assert "100 %" in page
    assert client.post(url("compatibility_decide", pair.pk), {"reason": "x"}).status_code == 403
    client.force_login(cast.curator_b)
    assert client.post(url("compatibility_decide", pair.pk), {"reason": "x"}).status_code == 404
    assert not CompatibilityDecision.objects.exists()


def _plan_with_difficulties(cast):
    plan = PlanFactory(
        pair=_pair(cast, planned_end_on=TODAY + datetime.timedelta(days=200)),
        starts_on=TODAY - datetime.timedelta(days=30),
        ends_on=TODAY + datetime.timedelta(days=200),
    )
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[plan.mentee])
    answer(
        campaign.invitations.get(),
        {
            "Управление своей эмоциональной сферой": 1,
            "Решение конфликтных ситуаций в классе с обучающимися": 2,
        },
    )
    return plan


def test_the_plan_panel_suggests_activities_and_adds_them_linked_to_the_deficit(client, cast):
    plan = _plan_with_difficulties(cast)
    typical = TypicalActivity.objects.get(title="Тренинг эмоциональной саморегуляции")
    client.force_login(cast.curator_a)

    page = client.get(url("plan", plan.pk)).content.decode()
    assert "Эмоциональная саморегуляция" in page and typical.title in page
    assert "Разрешение конфликтных ситуаций" in page

    client.post(url("plan_add", plan.pk, typical.pk))
    activity = PlanActivity.objects.get(plan=plan)
    assert activity.deficit_area == typical.area and activity.form == "training"
    page = client.get(url("plan", plan.pk)).content.decode()
    suggestions = page.split('data-panel="suggestions"')[1].split("Мероприятия плана")[0]
    assert typical.title not in suggestions
    twice = client.post(url("plan_add", plan.pk, typical.pk), follow=True)
    assert "уже есть в плане" in twice.content.decode()
    assert PlanActivity.objects.filter(plan=plan).count() == 1


def test_only_the_curator_adds_to_the_plan(client, cast):
    plan = _plan_with_difficulties(cast)
    typical = TypicalActivity.objects.filter(area__code="conflicts").first()
    client.force_login(cast.psychologist_a)
    assert client.get(url("plan", plan.pk)).status_code == 200
    assert client.post(url("plan_add", plan.pk, typical.pk)).status_code == 403
    client.force_login(cast.curator_b)
    assert client.post(url("plan_add", plan.pk, typical.pk)).status_code == 404
    assert not PlanActivity.objects.exists()


def test_after_a_repeat_campaign_the_plan_shows_the_improvement(client, cast):
    plan = _plan_with_difficulties(cast)
    typical = TypicalActivity.objects.get(title="Тренинг эмоциональной саморегуляции")
    services.plan_add_suggested(plan=plan, typical=typical, acting_user=cast.curator_a)
    again = launch(user=cast.curator_a, organisation=cast.school_a, staff=[plan.mentee])
    answer(again.invitations.get(), {"Управление своей эмоциональной сферой": 4})
    client.force_login(cast.curator_a)

    page = client.get(url("plan", plan.pk)).content.decode()

    assert "улучшение: 1,00 → 4,00" in page


def test_a_campaign_for_everyone_in_pairs_knows_each_side(cast):
    pair = _pair(cast)
    StaffMemberFactory(organisation=cast.school_a)  # not in a pair: not asked
    campaign = services.campaign_launch(
        acting_user=cast.curator_a,
        version=ready_version("satisfaction-mentee-mid"),
        title="Пульс",
        audience=Campaign.Audience.IN_PAIRS,
        starts_on=TODAY,
        ends_on=TODAY,
        organisation=cast.school_a,
    )
    sides = dict(campaign.invitations.values_list("staff_member", "side"))
    assert sides == {
        cast.teacher_a.pk: "mentor",
        pair.members.get(role="mentee").staff_id: "mentee",
    }


def test_lifecycle_surveys_invite_the_people_concerned_once(cast, run_tasks):
    # The beat entry queues one task per organisation; run them here, worker or not.
    LifecycleSchedule.objects.create(organisation=cast.school_a)
    started = _pair(cast, starts_on=TODAY - datetime.timedelta(days=40))
    draft = PairFactory(programme=started.programme, status=Pair.Status.DRAFT, starts_on=TODAY)

    assert run_tasks(tasks.lifecycle_surveys) == 1
    run_tasks(tasks.lifecycle_surveys)  # a second run invites nobody again

    pulse = Invitation.objects.filter(occasion=f"pair{started.pk}-pulse1")
    assert sorted(pulse.values_list("side", flat=True)) == ["mentee", "mentor"]
    assert Invitation.objects.filter(occasion=f"pair{draft.pk}-draft").count() == 2
    assert Invitation.objects.count() == 4
    assert set(Campaign.objects.values_list("lifecycle", flat=True)) == {
        "pulse-satisfaction-mentor-mid",
        "pulse-satisfaction-mentee-mid",
        "compatibility-pair-compatibility",
    }

    later = TODAY + datetime.timedelta(days=60)
    assert services.lifecycle_invite(organisation=cast.school_a, today=later) == 2


def test_the_compatibility_page_keeps_a_constant_query_count(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.curator_a)
    client.get(reverse("ping"))  # reads the memberships once; later requests take them cached
    counts = []
    for extra in (1, 6):
        for _ in range(extra):
            pair = PairFactory(programme__organisation=cast.school_a)
            mentor, mentee = (pair.members.get(role=r).staff for r in ("mentor", "mentee"))
            campaign = launch(
                user=cast.curator_a,
                organisation=cast.school_a,
                staff=[mentor, mentee],
                code="pair-compatibility",
            )
            for invitation in campaign.invitations.all():
                answer(invitation, default=3)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("compatibility", cast.school_a.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
