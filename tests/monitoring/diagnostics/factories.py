"""Helpers that run the real services: launch a campaign and answer it like a respondent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from monitoring.diagnostics import services
from monitoring.diagnostics.models import Campaign, Instrument, Invitation, Question

CARD = "difficulties-card"


def ready_version(code: str = CARD):
    return Instrument.objects.get(code=code).versions.order_by("-number").first()


def launch(*, user, organisation, staff, code: str = CARD, anonymous=False, **fields) -> Campaign:
    today = timezone.localdate()
    return services.campaign_launch(
        acting_user=user,
        version=ready_version(code),
        title=fields.pop("title", "Диагностика затруднений"),
        audience=fields.pop("audience", Campaign.Audience.CHOSEN if staff else "all"),
        starts_on=fields.pop("starts_on", today - datetime.timedelta(days=1)),
        ends_on=fields.pop("ends_on", today + datetime.timedelta(days=30)),
        anonymous=anonymous,
        organisation=organisation,
        chosen=staff,
        **fields,
    )


def value_for(question: Question, scores: dict, default):
    if question.kind == Question.Kind.SCALE:
        return scores.get(question.text, default)
    if question.kind == Question.Kind.YES_NO:
        return "yes"
    if question.kind == Question.Kind.SINGLE:
        return question.options[0]
    if question.kind == Question.Kind.MULTIPLE:
        return question.options[:1]
    if question.kind == Question.Kind.NUMBER:
        return 4
    return "Ответ"


def answer(invitation: Invitation, scores: dict | None = None, *, default=5, user=None):
    """Answer every question (scale questions named in ``scores`` get that value) and submit."""
    scores = scores or {}
    user = user or _respondent_user(invitation)
    for section in invitation.campaign.version.sections.order_by("position"):
        services.answers_save(
            invitation=invitation,
            section=section,
            values={q.pk: value_for(q, scores, default) for q in section.questions.all()},
            acting_user=user,
        )
    return services.response_submit(invitation=invitation, acting_user=user)


class _Respondent:
    def __init__(self, staff_member_id):
        self.staff_member_id = staff_member_id


def _respondent_user(invitation):
    return _Respondent(invitation.staff_member_id)
