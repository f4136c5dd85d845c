"""Routes of API v1 and of the personal tokens."""

from __future__ import annotations

from mentorship.api.models import ApiToken
from tests.isolation.objects import Victim, activity, document, document_kwargs, school_a
from tests.isolation.victims import contest as contests
from tests.isolation.victims import effectiveness


def _campaign(c):
    """A difficulties campaign of school A (once per test)."""
    from tests.monitoring.diagnostics.conftest import restore_catalogue
    from tests.monitoring.diagnostics.factories import launch

    if not hasattr(c, "_api_campaign"):
        restore_catalogue()
        c._api_campaign = launch(
            user=c.curator_a,
            organisation=c.school_a,
            staff=[c.teacher_a],
            title="Диагностика для ИС Онгудайской школы",
        )
    return c._api_campaign


def _campaign_kwargs(c):
    return {"pk": _campaign(c).pk}


def _campaign_title(c):
    return "Диагностика для ИС"


def _log_entry_kwargs(c):
    from tests.pairs.factories import LogEntryFactory

    entry = LogEntryFactory(
        pair__programme__organisation=c.school_a, topic="Разбор урока в Онгудае"
    )
    return {"pk": entry.pk}


def _monitoring(c):
    """M1's monitoring of 2026, school A's form returned with the methodist's comment and an
    answer with the curator's evidence (once per test)."""
    from monitoring.effectiveness.services import campaign_open

    if not hasattr(c, "_api_monitoring"):
        campaign = campaign_open(municipality=c.m1, year=2026, acting_user=c.methodist_m1)
        form = campaign.forms.get(organisation=c.school_a)
        form.methodist_comment = "Замечание методиста для Онгудая"
        form.save()
        answer = form.answers.order_by("pk").first()
        answer.evidence_text = "Подтверждение Онгудайской школы"
        answer.save()
        c._api_monitoring = (campaign, form, answer)
    return c._api_monitoring


VICTIMS: dict[str, Victim] = {
    "api_token_revoke": Victim(
        lambda c: {"pk": ApiToken.issue(user=c.curator_a, name="ИС Онгудай")[0].pk},
        school_a,
        lambda c: "ИС Онгудай",
    ),
    "api:region-detail": Victim(
        lambda c: {"pk": c.region1.pk}, lambda c: c.region1, lambda c: c.region1.name
    ),
    "api:municipality-detail": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.m1.name
    ),
    "api:organisation-detail": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.school_a.name
    ),
    "api:staff-detail": Victim(
        lambda c: {"pk": c.teacher_a.pk}, school_a, lambda c: c.teacher_a.last_name
    ),
    "api:programme-detail": Victim(
        lambda c: {"pk": activity(c).plan.pair.programme_id},
        school_a,
        lambda c: activity(c).plan.pair.programme.title,
    ),
    "api:programme-close": Victim(
        lambda c: {"pk": activity(c).plan.pair.programme_id},
        school_a,
        lambda c: activity(c).plan.pair.programme.title,
    ),
    "api:pair-detail": Victim(
        lambda c: {"pk": activity(c).plan.pair_id},
        school_a,
        lambda c: activity(c).plan.mentee.last_name,
    ),
    "api:pair-change-status": Victim(
        lambda c: {"pk": activity(c).plan.pair_id},
        school_a,
        lambda c: activity(c).plan.mentee.last_name,
    ),
    "api:pair-consent": Victim(
        lambda c: {"pk": activity(c).plan.pair_id},
        school_a,
        lambda c: activity(c).plan.mentee.last_name,
    ),
    "api:plan-detail": Victim(
        lambda c: {"pk": activity(c).plan_id}, school_a, lambda c: activity(c).title
    ),
    "api:plan-activities": Victim(
        lambda c: {"pk": activity(c).plan_id}, school_a, lambda c: activity(c).title
    ),
    "api:activity-detail": Victim(
        lambda c: {"pk": activity(c).pk}, school_a, lambda c: activity(c).title
    ),
    "api:activity-done": Victim(
        lambda c: {"pk": activity(c).pk}, school_a, lambda c: activity(c).title
    ),
    "api:dashboard-municipality": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.school_a.short_name
    ),
    "api:dashboard-organisation": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.school_a.short_name
    ),
    "api:document-detail": Victim(document_kwargs(), school_a, lambda c: document(c).title),
    "api:document-job-detail": Victim(
        lambda c: {"pk": (document(c), c._job)[1].pk}, school_a, lambda c: document(c).title
    ),
    "api:staff-leave": Victim(
        lambda c: {"pk": c.teacher_a.pk}, school_a, lambda c: c.teacher_a.last_name
    ),
    "api:diagnostic-campaign-detail": Victim(_campaign_kwargs, school_a, _campaign_title),
    "api:diagnostic-campaign-difficulties": Victim(_campaign_kwargs, school_a, _campaign_title),
    "api:diagnostic-campaign-satisfaction": Victim(_campaign_kwargs, school_a, _campaign_title),
    "api:log-entry-detail": Victim(_log_entry_kwargs, school_a, lambda c: "Разбор урока в Онгудае"),
    "api:road-map-detail": Victim(
        lambda c: {"pk": effectiveness.school_road_map(c).pk},
        school_a,
        lambda c: "Изучение и систематизация",
    ),
    "api:local-act-detail": Victim(
        lambda c: {"pk": effectiveness._act_with_file(c).pk}, school_a, lambda c: "секретный-1"
    ),
    "api:event-detail": Victim(
        lambda c: {"pk": effectiveness.school_event(c).pk}, school_a, lambda c: "Тайный урок"
    ),
    "api:contest-detail": Victim(
        lambda c: {"pk": contests._contest(c).pk},
        lambda c: c.m1,
        lambda c: "Наставник молодого педагога",
    ),
    "api:contest-application-detail": Victim(
        lambda c: {"pk": (contests._contest(c), c._application)[1].pk},
        school_a,
        lambda c: "Опыт наставничества молодого учителя",
    ),
    "api:dashboard-region": Victim(
        lambda c: {"pk": c.region1.pk}, lambda c: c.region1, lambda c: "Онгудайский район"
    ),
    "api:effectiveness-campaign-detail": Victim(
        lambda c: {"pk": _monitoring(c)[0].pk},
        lambda c: c.m1,
        lambda c: "Замечание методиста для Онгудая",
    ),
    "api:effectiveness-form-detail": Victim(
        lambda c: {"pk": _monitoring(c)[1].pk},
        school_a,
        lambda c: "Замечание методиста для Онгудая",
    ),
    "api:effectiveness-answer-detail": Victim(
        lambda c: {"pk": _monitoring(c)[2].pk},
        school_a,
        lambda c: "Подтверждение Онгудайской школы",
    ),
}
