"""Writes of diagnostics: building instruments, launching and closing campaigns, answering."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from orgs.concurrency import lock_for_edit, save_changed
from orgs.models import Municipality, Organisation, StaffMember, User, young_specialist_threshold

from .models import (
    SCALE_MAX,
    Answer,
    AreaResult,
    Campaign,
    CompatibilityDecision,
    Instrument,
    InstrumentVersion,
    Invitation,
    LifecycleSchedule,
    Question,
    Section,
    TypicalActivity,
)

# --- instruments -------------------------------------------------------------------------


@transaction.atomic
def instrument_create(
    *,
    acting_user: User,
    title: str,
    purpose: str,
    audience: str,
    description: str = "",
    region=None,
    municipality=None,
) -> Instrument:
    """A new instrument of a region (or municipality) with an empty draft version 1."""
    if municipality is not None:
        region = municipality.region
    instrument = Instrument(
        title=title,
        purpose=purpose,
        audience=audience,
        description=description,
        region=region,
        municipality=municipality,
        created_by=acting_user,
    )
    instrument.full_clean()
    instrument.save()
    InstrumentVersion.objects.create(instrument=instrument, number=1)
    return instrument


def _require_draft(version: InstrumentVersion) -> None:
    if version.is_published:
        raise ValidationError(
            "Опубликованную версию менять нельзя: создайте новую версию инструмента."
        )


@transaction.atomic
def section_add(*, version: InstrumentVersion, title: str, description: str = "") -> Section:
    _require_draft(version)
    position = (version.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = Section(version=version, title=title, description=description, position=position)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def question_add(
    *,
    section: Section,
    text: str,
    kind: str,
    area=None,
    options: list[str] | None = None,
    required: bool = True,
    reverse: bool = False,
) -> Question:
    _require_draft(section.version)
    options = [o.strip() for o in (options or []) if o.strip()]
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(options) < 2:
        raise ValidationError("Для вопроса с выбором укажите не меньше двух вариантов ответа.")
    if area is not None and kind not in Question.SCORED_KINDS:
        raise ValidationError(
            "С областью затруднений связываются только вопросы со шкалой 1–5 или «да / нет»."
        )
    position = (section.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    question = Question(
        section=section,
        text=text,
        kind=kind,
        area=area,
        options=options if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) else [],
        required=required,
        reverse=reverse,
        position=position,
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def version_publish(*, version: InstrumentVersion) -> InstrumentVersion:
    _require_draft(version)
    if not Question.objects.filter(section__version=version).exists():
        raise ValidationError("Добавьте хотя бы один вопрос перед публикацией.")
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    return version


@transaction.atomic
def version_new_draft(*, instrument: Instrument) -> InstrumentVersion:
    """A draft copy of the latest version; answers to earlier versions stay with them."""
    latest = instrument.versions.order_by("-number").first()
    if latest is not None and not latest.is_published:
        return latest
    draft = InstrumentVersion.objects.create(
        instrument=instrument,
        number=(latest.number + 1) if latest else 1,
        difficulty_threshold=latest.difficulty_threshold if latest else Decimal("2.00"),
        compatibility_threshold=latest.compatibility_threshold if latest else 70,
    )
    if latest is not None:
        for section in latest.sections.prefetch_related("questions"):
            copy = Section.objects.create(
                version=draft,
                position=section.position,
                title=section.title,
                description=section.description,
            )
            Question.objects.bulk_create(
                Question(
                    section=copy,
                    position=q.position,
                    text=q.text,
                    kind=q.kind,
                    area_id=q.area_id,
                    options=q.options,
                    required=q.required,
                    reverse=q.reverse,
                    scale_low=q.scale_low,
                    scale_high=q.scale_high,
                )
                for q in section.questions.all()
            )
    return draft


# --- campaigns -----------------------------------------------------------------------------


def _respondents(
    *, audience: str, organisations, on: datetime.date, chosen
) -> list[tuple[StaffMember, str, int | None]]:
    """(staff member, side, pair id) for everyone the campaign asks."""
    staff = StaffMember.objects.working().filter(organisation__in=organisations)
    if audience == Campaign.Audience.YOUNG:
        staff = staff.filter(career_started_on__gt=young_specialist_threshold(on))
    elif audience == Campaign.Audience.CHOSEN:
        ids = {s.pk for s in chosen}
        if not ids:
            raise ValidationError("Выберите хотя бы одного педагога.")
        staff = staff.filter(pk__in=ids)
        if staff.count() != len(ids):
            raise ValidationError("Можно выбрать только работающих педагогов своей организации.")
    elif audience == Campaign.Audience.IN_PAIRS:
        return _pair_members(organisations)
    return [(s, "", None) for s in staff]


def _pair_members(organisations) -> list[tuple[StaffMember, str, int | None]]:
    from .selectors import pair_members

    return pair_members(organisations)


@transaction.atomic
def campaign_launch(
    *,
    acting_user: User,
    version: InstrumentVersion,
    title: str,
    audience: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    anonymous: bool = False,
    organisation: Organisation | None = None,
    municipality: Municipality | None = None,
    chosen=(),
    lifecycle: str = "",
) -> Campaign:
    if not version.is_published:
        raise ValidationError("Кампанию можно запустить только по опубликованной версии.")
    if organisation is None and municipality is None:
        raise ValidationError("Укажите организацию или муниципалитет.")
    campaign = Campaign(
        title=title,
        version=version,
        audience=audience,
        starts_on=starts_on,
        ends_on=ends_on,
        anonymous=anonymous,
        organisation=organisation,
        municipality=municipality or organisation.municipality,
        lifecycle=lifecycle,
        created_by=acting_user,
    )
    campaign.copy_tenant_keys()
    campaign.full_clean()
    campaign.save()
    organisations = (
        [organisation]
        if organisation is not None
        else Organisation.objects.filter(municipality=municipality)
    )
    people = _respondents(
        audience=audience, organisations=organisations, on=starts_on, chosen=chosen
    )
    instrument_side = version.instrument.audience
    if not people:
        raise ValidationError("Нет ни одного педагога, которого можно пригласить.")
    invitations_add(campaign=campaign, people=people, default_side=instrument_side)
    return campaign


def invitations_add(
    *, campaign: Campaign, people, default_side: str = "", occasion: str = ""
) -> list[Invitation]:
    """Invite people once per occasion; returns only the invitations that are new."""
    side_default = default_side if default_side in Invitation.Side.values else ""
    existing = set(
        Invitation.objects.filter(campaign=campaign, occasion=occasion).values_list(
            "staff_member_id", flat=True
        )
    )
    rows, seen = [], set()
    for staff, side, _pair in people:
        if staff.pk in existing or staff.pk in seen:
            continue
        seen.add(staff.pk)
        rows.append(
            Invitation(
                campaign=campaign,
                staff_member=staff,
                side=side or side_default,
                occasion=occasion,
                # bulk_create skips save(): the tenant keys are copied here.
                organisation_id=staff.organisation_id,
                municipality_id=staff.municipality_id,
                region_id=staff.region_id,
            )
        )
    # ignore_conflicts: a concurrent run that invited the same person first wins.
    Invitation.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    if campaign.is_closed:
        raise ValidationError("Кампания уже закрыта.")
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["closed_at"])
    return campaign


# --- answering -----------------------------------------------------------------------------


def _check_open(invitation: Invitation, acting_user: User) -> None:
    """Answers change only while the campaign runs, and only by whom they are open to."""
    campaign = invitation.campaign
    if campaign.is_closed:
        raise ValidationError("Кампания закрыта: ответы изменить нельзя.")
    if campaign.starts_on > timezone.localdate():
        raise ValidationError(f"Опрос начнётся {campaign.starts_on:%d.%m.%Y}.")
    if not invitation.open_to(acting_user):
        raise ValidationError(
            "Эти ответы уже внесены: изменить их может только сам педагог, пока идёт опрос."
        )


def score_of(question: Question, value) -> Decimal | None:
    """The answer on the 1–5 scale where 1 means a serious difficulty (or dissatisfaction)."""
    if value in (None, ""):
        return None
    if question.kind == Question.Kind.SCALE:
        score = Decimal(int(value))
        return Decimal(SCALE_MAX + 1) - score if question.reverse else score
    if question.kind == Question.Kind.YES_NO:
        yes = value in (True, "yes")
        good = not yes if question.reverse else yes
        return Decimal(SCALE_MAX) if good else Decimal(1)
    return None


def _answer_fields(question: Question, value) -> dict:
    fields = {"number": None, "text": "", "choices": [], "score": score_of(question, value)}
    if value in (None, "", []):
        return fields
    if question.kind == Question.Kind.SCALE:
        fields["number"] = Decimal(int(value))
    elif question.kind == Question.Kind.YES_NO:
        fields["number"] = Decimal(1 if value in (True, "yes") else 0)
    elif question.kind == Question.Kind.NUMBER:
        fields["number"] = Decimal(value)
    elif question.kind == Question.Kind.SINGLE:
        fields["choices"] = [value]
    elif question.kind == Question.Kind.MULTIPLE:
        fields["choices"] = list(value)
    else:
        fields["text"] = str(value)
    return fields


@transaction.atomic
def answers_save(
    *, invitation: Invitation, section: Section, values: dict[int, object], acting_user: User
) -> Invitation:
    """Save one section's answers (a page); a person other than the respondent entering them
    is recorded as a paper form entered on the respondent's behalf."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation, acting_user)
    if section.version_id != invitation.campaign.version_id:
        raise ValidationError("Раздел не относится к этой анкете.")
    questions = {q.pk: q for q in section.questions.all()}
    for question_id, value in values.items():
        question = questions[question_id]
        Answer.objects.update_or_create(
            invitation=invitation,
            question=question,
            defaults={
                **_answer_fields(question, value),
                "organisation_id": invitation.organisation_id,
                "municipality_id": invitation.municipality_id,
                "region_id": invitation.region_id,
            },
        )
    update = ["started_at"]
    invitation.started_at = invitation.started_at or timezone.now()
    if acting_user.staff_member_id != invitation.staff_member_id:
        invitation.entered_by = acting_user
        invitation.on_paper = True
        update += ["entered_by", "on_paper"]
    invitation.save(update_fields=update)
    return invitation


@transaction.atomic
def response_submit(*, invitation: Invitation, acting_user: User) -> Invitation:
    """Finish the questionnaire: check required answers and store the per-area results."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation, acting_user)
    version = invitation.campaign.version
    answers = {a.question_id: a for a in invitation.answers.all()}
    missing = Question.objects.filter(section__version=version, required=True).exclude(
        pk__in=[qid for qid, a in answers.items() if _is_answered(a)]
    )
    if missing.exists():
        raise ValidationError(
            f"Ответьте на все обязательные вопросы (осталось: {missing.count()})."
        )
    scores: dict[int, list[Decimal]] = defaultdict(list)
    for question in Question.objects.filter(section__version=version, area__isnull=False):
        answer = answers.get(question.pk)
        if answer is not None and answer.score is not None:
            scores[question.area_id].append(answer.score)
    AreaResult.objects.filter(invitation=invitation).delete()
    AreaResult.objects.bulk_create(
        AreaResult(
            invitation=invitation,
            campaign_id=invitation.campaign_id,
            area_id=area_id,
            mean=_mean(values),
            is_difficulty=_mean(values) <= version.difficulty_threshold,
            organisation_id=invitation.organisation_id,
            municipality_id=invitation.municipality_id,
            region_id=invitation.region_id,
        )
        for area_id, values in scores.items()
    )
    invitation.submitted_at = timezone.now()
    invitation.save(update_fields=["submitted_at"])
    return invitation


def _is_answered(answer: Answer) -> bool:
    return answer.number is not None or bool(answer.text) or bool(answer.choices)


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- pairs: compatibility, plans, lifecycle surveys ----------------------------------------


@transaction.atomic
def compatibility_decide(*, pair, acting_user: User, reason: str, keep: bool = True):
    """Record the curator's decision on a pair's compatibility and put its level on the
    pair. A flagged pair may be kept, but only with a reason."""
    from pairs.models import Pair
    from pairs.services import pair_update

    from .selectors import pairs_compatibility

    (result,) = pairs_compatibility([pair])
    reason = reason.strip()
    if result.flagged and keep and not reason:
        raise ValidationError("Совместимость ниже порога: укажите, почему пару оставляют.")
    if not reason:
        reason = "Совместимость подтверждена."
    decision = CompatibilityDecision(
        pair=pair,
        organisation_id=pair.organisation_id,
        score=result.score,
        flagged=result.flagged,
        reason=reason,
        decided_by=acting_user,
    )
    decision.full_clean()
    decision.save()
    if result.score is None:
        level = Pair.Compatibility.UNKNOWN
    elif result.flagged:
        level = Pair.Compatibility.LOW
    elif result.score >= 85:
        level = Pair.Compatibility.HIGH
    else:
        level = Pair.Compatibility.MEDIUM
    pair_update(
        pair=pair,
        acting_user=acting_user,
        compatibility=level,
        compatibility_note=f"{result.score if result.score is not None else '—'} %: {reason}"[:300],
    )
    return decision


@transaction.atomic
def plan_add_suggested(*, plan, typical: TypicalActivity, acting_user: User):
    """Add a typical activity to a mentee's plan, linked to the deficit it addresses, in the
    next month (through the pairs app's own service)."""
    from pairs.services import activity_create

    if plan.activities.filter(deficit_area=typical.area, title=typical.title).exists():
        raise ValidationError("Это мероприятие уже есть в плане.")
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return activity_create(
        plan=plan,
        acting_user=acting_user,
        title=typical.title,
        form=typical.form,
        direction=typical.direction,
        deficit_area=typical.area,
        planned_month=min(next_month, plan.ends_on.replace(day=1)),
        expected_result=typical.expected_result,
    )


LIFECYCLE_INSTRUMENTS = {
    ("pulse", "mentor"): "satisfaction-mentor-mid",
    ("pulse", "mentee"): "satisfaction-mentee-mid",
    ("final", "mentor"): "satisfaction-mentor-final",
    ("final", "mentee"): "satisfaction-mentee-final",
    ("compatibility", "mentor"): "pair-compatibility",
    ("compatibility", "mentee"): "pair-compatibility",
}
LIFECYCLE_TITLES = {
    "pulse": "Пульс удовлетворённости",
    "final": "Итоговый опрос удовлетворённости",
    "compatibility": "Анкета совместимости пар",
}


def _lifecycle_campaign(*, organisation, kind: str, side: str, today) -> Campaign:
    """The organisation's automatic campaign of this kind for the school year."""
    from orgs.schoolyear import SchoolYear

    year = SchoolYear.containing(today)
    code = LIFECYCLE_INSTRUMENTS[(kind, side)]
    version = (
        InstrumentVersion.objects.filter(instrument__code=code, published_at__isnull=False)
        .order_by("-number")
        .first()
    )
    campaign, _ = Campaign.objects.get_or_create(
        organisation=organisation,
        lifecycle=f"{kind}-{code}",
        starts_on=year.starts_on,
        defaults={
            "title": f"{LIFECYCLE_TITLES[kind]} ({version.instrument.get_audience_display()}), "
            f"{year}",
            "version": version,
            "audience": Campaign.Audience.IN_PAIRS,
            "ends_on": year.ends_on,
            "municipality": organisation.municipality,
        },
    )
    return campaign


@transaction.atomic
def lifecycle_invite(*, organisation, today: datetime.date | None = None) -> int:
    """Invite the people of the organisation's pairs whose scheduled survey is due. Each
    occasion (a pair's n-th pulse, its completion, its draft) invites a person once, so the
    task may run any number of times."""
    from pairs.models import Pair

    schedule = LifecycleSchedule.objects.filter(organisation=organisation, enabled=True).first()
    if schedule is None:
        return 0
    today = today or timezone.localdate()
    due: dict[tuple[str, str], list] = defaultdict(list)
    pairs = Pair.objects.filter(organisation=organisation).prefetch_related("members__staff")
    for pair in pairs:
        occasion = _occasion(schedule, pair, today)
        if occasion is None:
            continue
        kind, label = occasion
        for member in pair.members.all():
            due[(kind, member.role)].append((member.staff, member.role, f"pair{pair.pk}-{label}"))
    invited = 0
    for (kind, side), people in due.items():
        campaign = _lifecycle_campaign(organisation=organisation, kind=kind, side=side, today=today)
        if campaign.is_closed:
            continue
        for staff, role, occasion in people:
            invited += len(
                invitations_add(campaign=campaign, people=[(staff, role, None)], occasion=occasion)
            )
    return invited


def _occasion(schedule: LifecycleSchedule, pair, today) -> tuple[str, str] | None:
    from pairs.models import Pair

    if pair.status == Pair.Status.DRAFT and schedule.compatibility_on_draft:
        return "compatibility", "draft"
    if pair.status == Pair.Status.COMPLETED and schedule.final_on_completion:
        return "final", "final"
    if pair.status == Pair.Status.ACTIVE:
        days = (today - pair.starts_on).days
        if days >= schedule.pulse_first_days:
            number = 1 + (days - schedule.pulse_first_days) // max(schedule.pulse_every_days, 1)
            return "pulse", f"pulse{number}"
    return None


@transaction.atomic
def version_set_rule(
    *,
    version: InstrumentVersion,
    row_version: str | None = None,
    difficulty_threshold: Decimal | None = None,
    compatibility_threshold: int | None = None,
) -> InstrumentVersion:
    """The scoring rule of a draft: the area mean at or below which it is a difficulty, and
    the compatibility percentage below which a pair is flagged. A stale ``row_version`` is
    refused and only a threshold this edit changed is written (``orgs.concurrency``)."""
    version = lock_for_edit(version, row_version)
    _require_draft(version)
    if difficulty_threshold is not None:
        version.difficulty_threshold = difficulty_threshold
    if compatibility_threshold is not None:
        version.compatibility_threshold = compatibility_threshold
    if not Decimal(1) <= version.difficulty_threshold < Decimal(SCALE_MAX):
        raise ValidationError("Порог затруднения — от 1 до 5 (не включая 5).")
    if not 0 < version.compatibility_threshold <= 100:
        raise ValidationError("Порог совместимости — от 1 до 100 %.")
    version.full_clean()
    save_changed(version)
    return version


@transaction.atomic
def schedule_save(
    *, organisation, acting_user: User, version: str | None = None, **fields
) -> LifecycleSchedule:
    """Set the organisation's lifecycle survey schedule (one per organisation). A change of
    the existing one is refused when ``version`` is stale and writes only the given fields
    (``orgs.concurrency``)."""
    schedule = LifecycleSchedule.objects.filter(organisation=organisation).first()
    if schedule is not None:
        schedule = lock_for_edit(schedule, version)
    schedule = schedule or LifecycleSchedule(organisation=organisation)
    for name, value in fields.items():
        setattr(schedule, name, value)
    if schedule.pulse_every_days < 7:
        raise ValidationError("Повторный опрос — не чаще раза в неделю.")
    schedule.full_clean()
    if schedule.pk is None:
        schedule.save()
    else:
        save_changed(schedule)
    return schedule
