"""Writes for programmes, pairs, plans and the log. Each function validates fully (Russian
messages as ``ValidationError``), runs in one transaction and checks tenants itself: a row
of another organisation never gets attached, whatever the caller passed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from orgs.concurrency import StateConflict, apply_edit, lock_for_edit, save_changed
from orgs.files import discard
from orgs.models import DeficitArea, MentorProfile, Organisation, StaffMember, User, add_years
from orgs.selectors import is_network_mentor, network_mentor_allowed
from orgs.tenancy import widened_scope

from .models import (
    REOPEN_DAYS,
    DigestDelivery,
    LogEntry,
    Pair,
    PairMember,
    PairStatusChange,
    PersonalSettings,
    Plan,
    PlanActivity,
    PlanTemplate,
    PlanTemplateActivity,
    Programme,
    month_end,
)

NOTICE_WORKING_DAYS = 3  # art. 351.8 of the Labour Code: notice of early termination


# --- programmes -------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, organisation: Organisation, acting_user, **fields) -> Programme:
    programme = Programme(organisation=organisation, **fields)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def programme_update(
    *, programme: Programme, acting_user, version: str | None = None, **fields
) -> Programme:
    """Edit a programme; ``version`` is the one the edit was opened with (stale → refused)."""
    fields.pop("organisation", None)
    return apply_edit(programme, version, fields)


@transaction.atomic
def programme_close(*, programme: Programme, acting_user, closed_on: datetime.date | None = None):
    if programme.status == Programme.Status.CLOSED:
        raise StateConflict("Программа уже завершена.")
    if programme.pairs.filter(status__in=[Pair.Status.DRAFT, Pair.Status.ACTIVE]).exists():
        raise StateConflict(
            "В программе остались действующие или формируемые пары: сначала завершите их."
        )
    programme.status = Programme.Status.CLOSED
    programme.closed_on = closed_on or timezone.localdate()
    programme.save(update_fields=["status", "closed_on", "updated_at"])
    return programme


# --- pairs ------------------------------------------------------------------------------


def mentor_load_limit(staff: StaffMember) -> int:
    """The cap set by the mentor's employer, or the portal's default."""
    return staff.organisation.mentor_load_limit or settings.MENTOR_LOAD_LIMIT


def mentor_load(staff: StaffMember, *, exclude_pair: Pair | None = None) -> int:
    """Mentees the person currently mentors in open pairs of any organisation.

    A network mentor's pairs live in other schools, which the acting curator cannot see:
    read in the mentor's region (network mentoring never reaches beyond it), filtered by
    the one person's pair memberships."""
    with widened_scope((staff.region_id, None, None)):
        pairs = PairMember.objects.filter(
            staff=staff,
            role=PairMember.Role.MENTOR,
            pair__status__in=[Pair.Status.DRAFT, Pair.Status.ACTIVE],
        ).values("pair")
        if exclude_pair is not None and exclude_pair.pk:
            pairs = pairs.exclude(pair=exclude_pair)
        return PairMember.objects.filter(pair__in=pairs, role=PairMember.Role.MENTEE).count()


def young_mentor_refusal(mentor: StaffMember, pair: Pair) -> str:
    """A young specialist mentors only in reverse (digital) mentoring, where a young teacher
    shares the subject or digital tools they teach with an experienced colleague; empty if
    ``mentor`` may mentor in ``pair``."""
    if not mentor.is_young_specialist(on=pair.starts_on):
        return ""
    if pair.format != Pair.Format.REVERSE:
        return (
            f"{mentor.full_name} — молодой специалист: наставником он(а) может быть только в "
            "реверсивном (цифровом) наставничестве. Выберите формат «реверсивное»."
        )
    if not mentor.subjects.exists():
        return (
            f"{mentor.full_name} — молодой специалист: в реверсивном наставничестве он(а) "
            "делится своим предметом (ИКТ, цифровые инструменты). Укажите предмет в карточке "
            "сотрудника."
        )
    return ""


def _validate_members(
    *,
    pair: Pair,
    mentors: Sequence[StaffMember],
    mentees: Sequence[StaffMember],
    activating: bool,
) -> None:
    errors: list[str] = []
    if not mentors:
        errors.append("Укажите хотя бы одного наставника.")
    if not mentees:
        errors.append("Укажите хотя бы одного наставляемого.")
    if len({m.pk for m in mentors}) != len(mentors) or len({m.pk for m in mentees}) != len(mentees):
        errors.append("Один и тот же педагог указан дважды.")
    both = {m.pk for m in mentors} & {m.pk for m in mentees}
    if both:
        errors.append("Наставник и наставляемый должны быть разными людьми.")
    for person in [*mentors, *mentees]:
        if person.employment_status != StaffMember.Status.WORKS:
            errors.append(f"{person.full_name} уволен(а) и не может участвовать в паре.")
    for mentee in mentees:
        if mentee.organisation_id != pair.organisation_id:
            errors.append(
                f"{mentee.full_name} работает в другой организации: наставляемые выбираются "
                "из сотрудников своей организации."
            )
    for mentor in mentors:
        if refusal := young_mentor_refusal(mentor, pair):
            errors.append(refusal)
        if not network_mentor_allowed(mentor, pair.organisation):
            if pair.organisation.municipality.allow_regional_network_mentors:
                errors.append(
                    f"Сетевой наставник {mentor.full_name} должен работать в том же регионе."
                )
            else:
                errors.append(
                    f"Сетевой наставник {mentor.full_name} должен работать в том же "
                    "муниципальном образовании."
                )
    if errors:
        raise ValidationError(errors)

    # What the other pairs hold now: a conflict with the present state, not a wrong request.
    busy: list[str] = []
    for mentor in mentors:
        load = mentor_load(mentor, exclude_pair=pair) + len(mentees)
        limit = mentor_load_limit(mentor)
        if load > limit:
            busy.append(
                f"У наставника {mentor.full_name} будет {load} наставляемых при допустимых {limit}."
            )
    if activating:
        _check_one_active_pair_per_programme(pair=pair, mentees=mentees, errors=busy)
        if refusal := activation_refusal(pair):
            errors.append(refusal)
    if errors:
        raise ValidationError(errors + busy)
    if busy:
        raise StateConflict(busy)


CONSENT_REQUIRED = (
    "Пара не может начать работу без письменного согласия наставника (ст. 351.8 ТК РФ): "
    "запросите согласие и отметьте дату его получения."
)
CONSENT_REFUSED = (
    "Наставник отказался от наставничества: без его письменного согласия пара не начинает "
    "работу (ст. 351.8 ТК РФ). Выберите другого наставника."
)
AGREEMENT_PROMPT = (
    "Оформите дополнительное соглашение к трудовому договору наставника (ст. 351.8 ТК РФ): "
    "срок, содержание наставничества и доплату."
)


def activation_refusal(pair: Pair) -> str:
    """Why the pair may not start work for lack of the mentor's consent; empty if it may.
    The one rule behind the create form, the status form, the API and the school's to-do."""
    if pair.has_consent:
        return ""
    if pair.consent_status == Pair.Consent.REFUSED:
        return CONSENT_REFUSED
    return CONSENT_REQUIRED


def _check_one_active_pair_per_programme(*, pair: Pair, mentees, errors: list[str]) -> None:
    busy = (
        PairMember.objects.filter(
            role=PairMember.Role.MENTEE,
            staff__in=[m.pk for m in mentees],
            pair__programme=pair.programme,
            pair__status=Pair.Status.ACTIVE,
        )
        .exclude(pair=pair.pk)
        .select_related("staff")
    )
    for member in busy:
        errors.append(f"{member.staff.full_name} уже состоит в действующей паре этой программы.")


def _same_organisation(obj, organisation: Organisation, what: str) -> None:
    if obj.organisation_id != organisation.pk:
        raise ValidationError(f"{what} принадлежит другой организации.")


@transaction.atomic
def pair_create(
    *,
    programme: Programme,
    mentors: Sequence[StaffMember],
    mentees: Sequence[StaffMember],
    acting_user,
    status: str = Pair.Status.DRAFT,
    **fields,
) -> Pair:
    """Create a pair (one mentor, one mentee) or a group inside ``programme``.

    ``starts_on`` defaults to today and ``planned_end_on`` to one school year later."""
    if programme.status == Programme.Status.CLOSED:
        raise StateConflict("Программа завершена: новые пары в неё не добавляются.")
    if status not in (Pair.Status.DRAFT, Pair.Status.ACTIVE):
        raise ValidationError("Новая пара может быть только формируемой или действующей.")
    mentors, mentees = list(mentors), list(mentees)
    fields["starts_on"] = fields.get("starts_on") or timezone.localdate()
    if not fields.get("planned_end_on"):
        fields["planned_end_on"] = add_years(fields["starts_on"], 1)
    pair = Pair(
        programme=programme,
        organisation_id=programme.organisation_id,
        status=status,
        created_by=acting_user,
        **fields,
    )
    pair.copy_tenant_keys()
    if (len(mentors) > 1 or len(mentees) > 1) and pair.format == Pair.Format.TRADITIONAL:
        pair.format = Pair.Format.GROUP
    pair.full_clean()
    _validate_members(pair=pair, mentors=mentors, mentees=mentees, activating=status == "active")
    pair.save()
    PairMember.objects.bulk_create(
        [_member(pair, person, PairMember.Role.MENTOR) for person in mentors]
        + [_member(pair, person, PairMember.Role.MENTEE) for person in mentees]
    )
    _history(pair, PairStatusChange.Event.CREATED, "", status, acting_user)
    return pair


def _member(pair: Pair, staff: StaffMember, role: str) -> PairMember:
    member = PairMember(pair=pair, staff=staff, role=role, organisation_id=pair.organisation_id)
    member.region_id, member.municipality_id = pair.region_id, pair.municipality_id
    return member


def _history(pair, event, from_status, to_status, user, **extra) -> PairStatusChange:
    change = PairStatusChange(
        pair=pair,
        organisation_id=pair.organisation_id,
        event=event,
        from_status=from_status,
        to_status=to_status,
        changed_by=user,
        **extra,
    )
    change.region_id, change.municipality_id = pair.region_id, pair.municipality_id
    change.save()
    return change


@transaction.atomic
def pair_update(*, pair: Pair, acting_user, version: str | None = None, **fields) -> Pair:
    """Edit the pair's own fields (not its status: that is ``pair_change_status``)."""
    for forbidden in ("status", "programme", "organisation", "consent_scan", "consent_document"):
        fields.pop(forbidden, None)
    if pair.status == Pair.Status.ACTIVE and pair.has_consent:
        status = fields.get("consent_status", pair.consent_status)
        if status != Pair.Consent.GIVEN or fields.get("consent_on", pair.consent_on) is None:
            raise ValidationError(
                {"consent_status": "Пара работает по согласию наставника: его нельзя снять."}
            )
    return apply_edit(pair, version, fields)


@transaction.atomic
def pair_consent_request(*, pair: Pair, acting_user, document=None) -> Pair:
    """Mark the mentor's consent as asked for, with the generated consent letter."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if not pair.is_open:
        raise StateConflict("Пара завершена: согласие для неё не запрашивается.")
    if pair.has_consent:
        raise StateConflict("Согласие наставника уже получено.")
    pair.consent_status = Pair.Consent.REQUESTED
    pair.consent_document = document
    pair.save(update_fields=["consent_status", "consent_document", "updated_at"])
    _history(pair, PairStatusChange.Event.CONSENT_REQUESTED, pair.status, pair.status, acting_user)
    return pair


@transaction.atomic
def pair_consent_record(
    *, pair: Pair, consent_on: datetime.date | None, acting_user, scan=None
) -> Pair:
    """Record the mentor's written consent: its date and, if uploaded, the signed scan."""
    from orgs.uploads import SCANS, check_upload

    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if not pair.is_open:
        raise StateConflict("Пара завершена: согласие для неё не отмечается.")
    if not consent_on:
        raise ValidationError({"consent_on": "Укажите дату письменного согласия наставника."})
    if consent_on > timezone.localdate():
        raise ValidationError({"consent_on": "Дата согласия не может быть в будущем."})
    fields = ["consent_status", "consent_on", "updated_at"]
    if scan is not None:
        kind = check_upload(scan, allowed=SCANS, max_mb=20)
        suffix = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg"}[kind]
        discard(pair.consent_scan.name)
        pair.consent_scan.save(f"consent{suffix}", scan, save=False)
        fields.append("consent_scan")
    pair.consent_status = Pair.Consent.GIVEN
    pair.consent_on = consent_on
    pair.full_clean()
    pair.save(update_fields=fields)
    _history(
        pair,
        PairStatusChange.Event.CONSENT_GIVEN,
        pair.status,
        pair.status,
        acting_user,
        reason=f"Согласие от {consent_on:%d.%m.%Y}",
    )
    return pair


def pair_members(pair: Pair) -> tuple[list[StaffMember], list[StaffMember]]:
    rows = list(pair.members.select_related("staff__organisation"))
    return (
        [m.staff for m in rows if m.role == PairMember.Role.MENTOR],
        [m.staff for m in rows if m.role == PairMember.Role.MENTEE],
    )


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """``count`` working days (Monday–Friday) after ``day``."""
    while count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


ALLOWED = {
    Pair.Status.DRAFT: {Pair.Status.ACTIVE, Pair.Status.TERMINATED},
    Pair.Status.ACTIVE: {Pair.Status.COMPLETED, Pair.Status.TERMINATED},
    # Back to work within REOPEN_DAYS of the end (``Pair.reopen_until``).
    Pair.Status.COMPLETED: {Pair.Status.ACTIVE},
    Pair.Status.TERMINATED: {Pair.Status.ACTIVE},
}
# Transitions that close a pair: the form asks to confirm them and says what follows.
CLOSING = {Pair.Status.COMPLETED, Pair.Status.TERMINATED}
EVENTS = {
    Pair.Status.ACTIVE: PairStatusChange.Event.ACTIVATED,
    Pair.Status.COMPLETED: PairStatusChange.Event.COMPLETED,
    Pair.Status.TERMINATED: PairStatusChange.Event.TERMINATED,
}


@transaction.atomic
def pair_change_status(
    *,
    pair: Pair,
    to_status: str,
    acting_user,
    reason: str = "",
    ended_on: datetime.date | None = None,
    initiator: str = "",
    notice_on: datetime.date | None = None,
) -> Pair:
    """Move a pair along draft → active → completed, or terminate it early (with a reason;
    at a party's request, with the notice date and three working days' notice), or return a
    completed or terminated pair to work within ``REOPEN_DAYS`` of its end."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if to_status not in ALLOWED[pair.status]:
        raise StateConflict(
            f"Пару в статусе «{pair.get_status_display()}» нельзя перевести в статус "
            f"«{Pair.Status(to_status).label}»."
        )
    if not pair.is_open:
        return _pair_reopen(pair=pair, acting_user=acting_user, reason=reason)
    old = pair.status
    fields = ["status", "updated_at"]
    if to_status == Pair.Status.ACTIVE:
        mentors, mentees = pair_members(pair)
        _validate_members(pair=pair, mentors=mentors, mentees=mentees, activating=True)
    if to_status in (Pair.Status.COMPLETED, Pair.Status.TERMINATED):
        pair.ended_on = ended_on or timezone.localdate()
        fields.append("ended_on")
    if to_status == Pair.Status.TERMINATED:
        if not reason.strip():
            raise ValidationError({"reason": "Укажите причину досрочного прекращения."})
        if initiator in (Pair.Initiator.MENTOR, Pair.Initiator.MENTEE):
            if not notice_on:
                raise ValidationError(
                    {"notice_on": "Укажите дату уведомления о досрочном прекращении."}
                )
            earliest = add_working_days(notice_on, NOTICE_WORKING_DAYS)
            if pair.ended_on < earliest:
                raise ValidationError(
                    {
                        "ended_on": "По ст. 351.8 ТК РФ наставничество прекращается не ранее чем "
                        f"через три рабочих дня после уведомления: не ранее {earliest:%d.%m.%Y}."
                    }
                )
        pair.termination_reason = reason.strip()
        pair.termination_initiator = initiator
        pair.termination_notice_on = notice_on
        fields += ["termination_reason", "termination_initiator", "termination_notice_on"]
    pair.status = to_status
    pair.full_clean()
    pair.save(update_fields=fields)
    change = _history(pair, EVENTS[to_status], old, to_status, acting_user, reason=reason.strip())
    if to_status in CLOSING:
        closed = (
            Plan.Status.COMPLETED if to_status == Pair.Status.COMPLETED else Plan.Status.CANCELLED
        )
        # Stamped with the closing's time, so a reopening knows which plans it closed.
        pair.plans.filter(status__in=[Plan.Status.DRAFT, Plan.Status.ACTIVE]).update(
            status=closed, updated_at=change.changed_at
        )
    return pair


def _pair_reopen(*, pair: Pair, acting_user, reason: str) -> Pair:
    """Undo a closing: the pair works again, the plans the closing closed run again, and the
    closing stays in the history with its reason."""
    today = timezone.localdate()
    if pair.reopen_until is None or today > pair.reopen_until:
        raise StateConflict(
            f"Вернуть пару в работу можно в течение {REOPEN_DAYS} дней после окончания; "
            "этот срок прошёл. Создайте новую пару."
        )
    # The people and the programme must still allow a working pair (nobody dismissed, no
    # other active pair for a mentee, the mentor's load).
    if pair.programme.status == Programme.Status.CLOSED:
        raise StateConflict("Программа наставничества закрыта: пару нельзя вернуть в работу.")
    mentors, mentees = pair_members(pair)
    _validate_members(pair=pair, mentors=mentors, mentees=mentees, activating=True)
    closing = pair.status_changes.filter(to_status=pair.status).order_by("-changed_at").first()
    old = pair.status
    pair.status = Pair.Status.ACTIVE
    pair.ended_on = None
    pair.termination_reason = ""
    pair.termination_initiator = ""
    pair.termination_notice_on = None
    fields = [
        "status",
        "ended_on",
        "termination_reason",
        "termination_initiator",
        "termination_notice_on",
        "updated_at",
    ]
    pair.full_clean()
    pair.save(update_fields=fields)
    _history(
        pair, PairStatusChange.Event.REOPENED, old, pair.status, acting_user, reason=reason.strip()
    )
    if closing is not None:
        pair.plans.filter(
            status__in=[Plan.Status.COMPLETED, Plan.Status.CANCELLED],
            updated_at=closing.changed_at,
        ).update(status=Plan.Status.ACTIVE, updated_at=timezone.now())
    return pair


@transaction.atomic
def pair_extend(*, pair: Pair, new_end_on: datetime.date, reason: str, acting_user) -> Pair:
    """Продление: an active pair gets a later end date; the step is kept in the history."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.ACTIVE:
        raise ValidationError("Продлить можно только действующую пару.")
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину продления."})
    if not new_end_on or new_end_on <= pair.planned_end_on:
        raise ValidationError({"new_end_on": "Новая дата окончания должна быть позже прежней."})
    old_end = pair.planned_end_on
    pair.planned_end_on = new_end_on
    pair.full_clean()
    pair.save(update_fields=["planned_end_on", "updated_at"])
    _history(
        pair,
        PairStatusChange.Event.EXTENDED,
        pair.status,
        pair.status,
        acting_user,
        reason=reason.strip(),
        old_end_on=old_end,
        new_end_on=new_end_on,
    )
    return pair


# --- plans ------------------------------------------------------------------------------


def _tenant_child(obj, parent) -> None:
    obj.organisation_id = parent.organisation_id
    obj.region_id, obj.municipality_id = parent.region_id, parent.municipality_id


def _month_start(day: datetime.date, plus_months: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 + plus_months
    return datetime.date(index // 12, index % 12 + 1, 1)


@transaction.atomic
def plan_create(
    *,
    pair: Pair,
    mentee: StaffMember,
    acting_user,
    template: PlanTemplate | None = None,
    copy_from: Plan | None = None,
    deficits: Iterable[DeficitArea] = (),
    **fields,
) -> Plan:
    """A mentee's plan in ``pair``: empty, from a template, or a copy of another plan.

    The period defaults to the pair's (at most one year from its start); activities from a
    template are placed from the plan's first month, a copy keeps the months' distances."""
    if not pair.members.filter(staff=mentee, role=PairMember.Role.MENTEE).exists():
        raise ValidationError("План составляется для наставляемого этой пары.")
    if Plan.objects.filter(pair=pair, mentee=mentee).exists():
        raise StateConflict("У этого наставляемого в паре уже есть план.")
    if not pair.is_open:
        raise StateConflict("Пара завершена: новый план для неё не составляется.")
    if template is not None and copy_from is not None:
        raise ValidationError("Выберите либо шаблон, либо план для копирования.")
    if copy_from is not None:
        _same_organisation(copy_from, pair.organisation, "Копируемый план")
    starts_on = fields.pop("starts_on", None) or pair.starts_on
    ends_on = fields.pop("ends_on", None) or min(pair.planned_end_on, add_years(starts_on, 1))
    if not fields.get("goals"):
        fields["goals"] = (template.goals if template else "") or (
            copy_from.goals if copy_from else ""
        )
    plan = Plan(
        pair=pair,
        mentee=mentee,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=acting_user,
        **fields,
    )
    _tenant_child(plan, pair)
    plan.full_clean()
    plan.save()
    deficits = list(deficits)
    if copy_from is not None and not deficits:
        deficits = list(copy_from.deficits.all())
    if deficits:
        plan.deficits.set(deficits)

    first_month = _month_start(starts_on)
    activities: list[PlanActivity] = []
    if template is not None:
        areas = {a.code: a for a in DeficitArea.objects.filter(region__isnull=True)}
        for index, item in enumerate(template.activities.all()):
            activities.append(
                PlanActivity(
                    plan=plan,
                    position=index,
                    direction=item.direction,
                    title=item.title,
                    form=item.form,
                    deficit_area=areas.get(item.deficit_code),
                    planned_month=_month_start(first_month, item.month_offset),
                    stage=item.stage,
                    expected_result=item.expected_result,
                    responsible=item.responsible,
                )
            )
    elif copy_from is not None:
        source_first = _month_start(copy_from.starts_on)
        shift = (first_month.year - source_first.year) * 12 + first_month.month - source_first.month
        for item in copy_from.activities.all():
            activities.append(
                PlanActivity(
                    plan=plan,
                    position=item.position,
                    direction=item.direction,
                    title=item.title,
                    form=item.form,
                    deficit_area_id=item.deficit_area_id,
                    planned_month=item.planned_month and _month_start(item.planned_month, shift),
                    due_on=item.due_on and _shift_months(item.due_on, shift),
                    stage=item.stage,
                    expected_result=item.expected_result,
                    responsible=item.responsible,
                    responsible_other=item.responsible_other,
                )
            )
    for activity in activities:
        _tenant_child(activity, plan)
        activity.deadline = activity.compute_deadline()
    PlanActivity.objects.bulk_create(activities)
    return plan


def _shift_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day (31 January → 28 February)."""
    start = _month_start(day, months)
    return start.replace(day=min(day.day, month_end(start).day))


@transaction.atomic
def plan_update(
    *, plan: Plan, acting_user, deficits=None, version: str | None = None, **fields
) -> Plan:
    for forbidden in ("pair", "mentee", "organisation"):
        fields.pop(forbidden, None)
    plan = apply_edit(plan, version, fields)
    if deficits is not None:
        plan.deficits.set(deficits)
    return plan


@transaction.atomic
def plan_save_as_template(
    *, plan: Plan, title: str, acting_user, municipality_wide: bool = False
) -> PlanTemplate:
    """Keep a plan as a template of the organisation (or, for a methodist, its
    municipality); months are stored counted from the plan's first month."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Укажите название шаблона."})
    template = PlanTemplate(title=title, goals=plan.goals, created_by=acting_user)
    if municipality_wide:
        template.municipality_id = plan.municipality_id
    else:
        template.organisation_id = plan.organisation_id
    template.full_clean()
    template.save()
    first = _month_start(plan.starts_on)
    items = []
    for index, activity in enumerate(plan.activities.select_related("deficit_area")):
        month = _month_start(activity.planned_month or activity.deadline)
        offset = max(0, (month.year - first.year) * 12 + month.month - first.month)
        items.append(
            PlanTemplateActivity(
                template=template,
                position=index,
                direction=activity.direction,
                title=activity.title,
                form=activity.form,
                deficit_code=activity.deficit_area.code if activity.deficit_area else "",
                month_offset=min(offset, 35),
                stage=activity.stage,
                expected_result=activity.expected_result,
                responsible=activity.responsible,
            )
        )
    PlanTemplateActivity.objects.bulk_create(items)
    return template


@transaction.atomic
def activity_create(*, plan: Plan, acting_user, **fields) -> PlanActivity:
    deficit = fields.get("deficit_area")
    if deficit is not None and deficit.region_id not in (None, plan.region_id):
        raise ValidationError({"deficit_area": "Эта область затруднений из другого региона."})
    position = fields.pop("position", None)
    if position is None:
        position = (plan.activities.aggregate(m=Max("position"))["m"] or 0) + 1
    activity = PlanActivity(plan=plan, position=position, **fields)
    _tenant_child(activity, plan)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(
    *, activity: PlanActivity, acting_user, version: str | None = None, **fields
) -> PlanActivity:
    for forbidden in ("plan", "organisation"):
        fields.pop(forbidden, None)
    activity = lock_for_edit(activity, version)
    for name, value in fields.items():
        setattr(activity, name, value)
    if activity.status != PlanActivity.Status.DONE:
        activity.done_on = None
    activity.full_clean()
    save_changed(activity)
    return activity


@transaction.atomic
def activity_mark_done(
    *,
    activity: PlanActivity,
    acting_user,
    done_on: datetime.date | None = None,
    note: str = "",
    evidence_file=None,
) -> PlanActivity:
    if activity.status == PlanActivity.Status.CANCELLED:
        raise StateConflict("Отменённое мероприятие нельзя отметить выполненным.")
    activity.status = PlanActivity.Status.DONE
    activity.done_on = done_on or timezone.localdate()
    if note.strip():
        activity.evidence_note = note.strip()
    fields = ["status", "done_on", "evidence_note", "updated_at"]
    if evidence_file is not None:
        activity.evidence_file = evidence_file
        fields.append("evidence_file")
    activity.full_clean()
    activity.save(update_fields=fields)
    return activity


@transaction.atomic
def activity_delete(*, activity: PlanActivity, acting_user) -> None:
    activity.delete()


@transaction.atomic
def activities_reorder(*, plan: Plan, ordered_ids: Sequence[int], acting_user) -> None:
    """Positions follow ``ordered_ids``; ids of other plans are refused."""
    ids = [int(i) for i in ordered_ids]
    existing = set(plan.activities.values_list("pk", flat=True))
    if set(ids) != existing or len(ids) != len(existing):
        raise ValidationError("Порядок мероприятий не совпадает с планом: обновите страницу.")
    activities = {a.pk: a for a in plan.activities.all()}
    for index, pk in enumerate(ids):
        activities[pk].position = index
    PlanActivity.objects.bulk_update(activities.values(), ["position"])


@transaction.atomic
def activities_shift(
    *, plan: Plan, acting_user, months: int = 0, days: int = 0, only_planned: bool = True
) -> int:
    """Bulk-shift the dates of a plan's (still planned) activities; returns how many moved."""
    if not months and not days:
        raise ValidationError("Укажите, на сколько месяцев или дней сдвинуть сроки.")
    if abs(months) > 24 or abs(days) > 366:
        raise ValidationError("Слишком большой сдвиг сроков.")
    rows = plan.activities.all()
    if only_planned:
        rows = rows.filter(status=PlanActivity.Status.PLANNED)
    moved = []
    for activity in rows:
        if activity.planned_month:
            activity.planned_month = _month_start(activity.planned_month, months)
            if days:
                activity.planned_month = _month_start(
                    activity.planned_month + datetime.timedelta(days=days)
                )
        if activity.due_on:
            activity.due_on = _shift_months(activity.due_on, months) + datetime.timedelta(days=days)
        activity.deadline = activity.compute_deadline()
        moved.append(activity)
    PlanActivity.objects.bulk_update(moved, ["planned_month", "due_on", "deadline"])
    return len(moved)


# --- activity log -----------------------------------------------------------------------


@transaction.atomic
def log_entry_create(
    *, pair: Pair, acting_user, mark_activity_done: bool = False, **fields
) -> LogEntry:
    """Log a meeting, a visit or a training; optionally tick the linked plan activity done."""
    entry = LogEntry(pair=pair, created_by=acting_user, **fields)
    _tenant_child(entry, pair)
    people = {m.staff_id for m in pair.members.all()}
    for field, label in (("visitor", "Посетивший"), ("visited", "Ведущий урок")):
        person = getattr(entry, field)
        if (
            person is not None
            and person.pk not in people
            and person.organisation_id != pair.organisation_id
        ):
            raise ValidationError(
                {field: f"{label} — не сотрудник этой организации и не участник пары."}
            )
    if entry.activity is not None and entry.activity.plan.pair_id != pair.pk:
        raise ValidationError({"activity": "Мероприятие относится к другой паре."})
    entry.full_clean()
    entry.save()
    activity = entry.activity
    if mark_activity_done and activity is not None and activity.status == "planned":
        activity_mark_done(
            activity=activity, acting_user=acting_user, done_on=entry.happened_on, note=entry.topic
        )
    return entry


# --- personal settings ------------------------------------------------------------------


def personal_settings(user) -> PersonalSettings:
    return PersonalSettings.objects.get_or_create(user=user)[0]


@transaction.atomic
def calendar_token_renew(*, user) -> str:
    """A new private calendar link; the old one stops working at once."""
    settings_row = personal_settings(user)
    settings_row.calendar_token = PersonalSettings.new_token()
    settings_row.save(update_fields=["calendar_token"])
    return settings_row.calendar_token


@transaction.atomic
def calendar_token_revoke(*, user) -> None:
    settings_row = personal_settings(user)
    settings_row.calendar_token = None
    settings_row.save(update_fields=["calendar_token"])


def weekly_digest_send(*, user_id: int, week: str) -> bool:
    """Send the week's digest once. The delivery row is written in the same transaction as
    the sending: a failed send leaves no row (and is retried); a repeated run finds the row
    and sends nothing."""
    from .digest import build_digest

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    settings_row = PersonalSettings.objects.filter(user=user).first()
    if settings_row is not None and not settings_row.weekly_digest:
        return False
    week_start = datetime.date.fromisoformat(week)
    content = build_digest(user)
    if content.empty:
        return False
    with transaction.atomic():
        _, created = DigestDelivery.objects.get_or_create(user=user, week=week_start)
        if not created:
            return False
        context = {"digest": content, "week": week_start}
        subject = render_to_string("pairs/email/digest_subject.txt", context).strip()
        body = render_to_string("pairs/email/digest.txt", context)
        EmailMultiAlternatives(subject, body, to=[user.email]).send()
    return True


@transaction.atomic
def weekly_digest_set(*, user, enabled: bool) -> None:
    settings_row = personal_settings(user)
    settings_row.weekly_digest = enabled
    settings_row.save(update_fields=["weekly_digest"])


__all__ = [
    "programme_create",
    "programme_update",
    "programme_close",
    "pair_create",
    "pair_update",
    "pair_change_status",
    "pair_extend",
    "pair_consent_request",
    "pair_consent_record",
    "plan_create",
    "plan_update",
    "plan_save_as_template",
    "activity_create",
    "activity_update",
    "activity_mark_done",
    "activities_reorder",
    "activities_shift",
    "log_entry_create",
    "mentor_load",
]


# --- mentor matching: proposals become draft pairs ---------------------------------------


def _mentor_for(organisation, mentor_id: int) -> StaffMember:
    """A mentor of the organisation or of the municipal base: a narrow cross-tenant read of one
    person, checked against the same municipality (``pair_create`` checks it again)."""
    with widened_scope((organisation.region_id, organisation.municipality_id, None)):
        mentor = (
            StaffMember.objects.select_related("organisation__municipality")
            .filter(pk=mentor_id, municipality_id=organisation.municipality_id)
            .first()
        )
    if mentor is None or (mentor.organisation_id != organisation.pk and not _in_base(mentor)):
        raise ValidationError("Наставник не найден в организации и в базе муниципалитета.")
    return mentor


def _in_base(mentor: StaffMember) -> bool:
    with widened_scope((mentor.region_id, mentor.municipality_id, mentor.organisation_id)):
        return MentorProfile.objects.filter(staff=mentor, is_available=True).exists()


def _draft_pair(*, programme, mentor, mentee, acting_user):
    network = is_network_mentor(mentor, programme.organisation)
    return pair_create(
        programme=programme,
        mentors=[mentor],
        mentees=[mentee],
        acting_user=acting_user,
        status=Pair.Status.DRAFT,
        format=Pair.Format.NETWORK if network else Pair.Format.TRADITIONAL,
    )


@transaction.atomic
def accept_suggestion(*, mentee: StaffMember, mentor_id: int, programme, acting_user):
    """Open a draft pair for a suggested mentor (the curator then completes and activates it)."""
    if programme.organisation_id != mentee.organisation_id:
        raise ValidationError("Программа принадлежит другой организации.")
    mentor = _mentor_for(mentee.organisation, mentor_id)
    return _draft_pair(programme=programme, mentor=mentor, mentee=mentee, acting_user=acting_user)


@transaction.atomic
def approve_cohort(*, proposals: dict[int, int], programme, acting_user) -> list:
    """Turn the chosen cohort proposals (mentee id → mentor id) into draft pairs: all of them,
    or, if any one is refused, none."""
    organisation = programme.organisation
    mentees = StaffMember.objects.filter(organisation=organisation).in_bulk(list(proposals))
    if len(mentees) != len(proposals):
        raise ValidationError("Наставляемый не найден в организации.")
    return [
        _draft_pair(
            programme=programme,
            mentor=_mentor_for(organisation, mentor_id),
            mentee=mentees[mentee_id],
            acting_user=acting_user,
        )
        for mentee_id, mentor_id in proposals.items()
    ]
