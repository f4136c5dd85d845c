"""Writes of the orgs app: staff members, the mentor base, matching weights, roles."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import outbox
from .access import ROLE_LEVEL, grant_authority
from .concurrency import StateConflict, apply_edit, lock_for_edit, save_changed
from .importing import ImportFileError, fold, parse_rows, plan_import, read_table
from .models import (
    Head,
    ImportJob,
    MatchingWeights,
    Membership,
    MentorProfile,
    Municipality,
    NameForm,
    Organisation,
    RegisterFormat,
    Role,
    StaffMember,
    Subject,
    User,
)

STAFF_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "position",
    "category",
    "birth_date",
    "hired_on",
    "career_started_on",
    "email",
    "phone",
    "previous_organisation_name",
)


def personnel_number_check(person: StaffMember) -> None:
    """A табельный номер names one person of the organisation: a second one is a conflict
    with the row that holds it (409 over the API), not a malformed request."""
    number = person.personnel_number
    if number and (
        StaffMember.objects.filter(organisation=person.organisation_id, personnel_number=number)
        .exclude(pk=person.pk)
        .exists()
    ):
        raise StateConflict({"personnel_number": "Этот табельный номер уже есть в организации."})


@transaction.atomic
def staff_create(*, organisation: Organisation, subjects=(), needs=(), **fields) -> StaffMember:
    person = StaffMember(organisation=organisation, **fields)
    person.copy_tenant_keys()
    personnel_number_check(person)
    person.full_clean()
    person.save()
    person.subjects.set(subjects)
    person.needs.set(needs)
    return person


@transaction.atomic
def staff_update(
    *, person: StaffMember, subjects=None, needs=None, version: str | None = None, **fields
) -> StaffMember:
    """Edit a person; ``version`` is the one the edit was opened with (stale → refused)."""
    person = lock_for_edit(person, version)
    for name, value in fields.items():
        setattr(person, name, value)
    personnel_number_check(person)
    person.full_clean()
    save_changed(person)
    if subjects is not None:
        person.subjects.set(subjects)
    if needs is not None:
        person.needs.set(needs)
    return person


@transaction.atomic
def staff_mark_left(*, person: StaffMember, left_on: datetime.date, reason: str) -> StaffMember:
    """A person who leaves stays in the database: pairs, retention figures and issued orders
    refer to them. There is deliberately no delete.

    The page and the API both call this, so both keep the same rules: no date before hiring
    or in the future, and no leaving while the person is still in an active pair (its early
    end is recorded first, with its initiator and reason); the mentor base stops offering
    the person."""
    if person.hired_on and left_on < person.hired_on:
        raise ValidationError({"left_on": "Дата увольнения раньше даты приёма."})
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": "Дата увольнения не может быть в будущем."})
    active = sorted(
        person.pair_memberships.filter(pair__status="active").values_list("pair_id", flat=True)
    )
    if active:
        numbers = ", ".join(f"№\u00a0{pk}" for pk in active)
        raise StateConflict(
            f"{person.full_name} состоит в действующих парах ({numbers}). Сначала завершите "
            "их досрочно на странице пары, указав инициатора и причину."
        )
    person.employment_status = StaffMember.Status.LEFT
    person.left_on = left_on
    person.leave_reason = reason
    person.full_clean()
    person.save(update_fields=["employment_status", "left_on", "leave_reason", "updated_at"])
    MentorProfile.objects.filter(staff=person).update(is_available=False)
    return person


@transaction.atomic
def mentor_profile_save(
    *, person: StaffMember, subjects=None, deficit_areas=None, version=None, **fields
) -> MentorProfile:
    """Create or edit the person's entry in the mentor base (``None`` links stay as they are)."""
    profile = MentorProfile.objects.filter(staff=person).first()
    if profile is not None:
        profile = lock_for_edit(profile, version)
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.full_clean()
        save_changed(profile)
    else:
        profile = MentorProfile(staff=person, **fields)
        profile.copy_tenant_keys()
        profile.full_clean()
        profile.save()
    if subjects is not None:
        profile.subjects.set(subjects)
    if deficit_areas is not None:
        profile.deficit_areas.set(deficit_areas)
    return profile


@transaction.atomic
def matching_weights_save(*, municipality, version=None, **weights) -> MatchingWeights:
    row = MatchingWeights.objects.filter(municipality=municipality).first()
    if row is not None:
        row = lock_for_edit(row, version)
    else:
        row = MatchingWeights(municipality=municipality, region_id=municipality.region_id)
    for name, value in weights.items():
        setattr(row, name, value)
    if not any(getattr(row, name) for name in ("subject", "needs", "experience", "capacity")):
        raise ValidationError("Хотя бы один вес должен быть больше нуля.")
    row.full_clean()
    if row.pk is None:
        row.save()
    else:
        save_changed(row)
    return row


def _subjects_by_name(names: set[str]) -> dict[str, Subject]:
    """Existing catalogue entries matched with case and «ё» folded; unknown names are added."""
    known = {fold(s.name): s for s in Subject.objects.all()}
    for name in sorted(names):
        if fold(name) not in known:
            known[fold(name)] = Subject.objects.create(name=name)
    return {name: known[fold(name)] for name in names}


def staff_import_plan(*, job: ImportJob) -> dict:
    """Parse the job's file against the organisation's current staff (no writes)."""
    parsed = parse_rows(read_table(bytes(job.content), job.filename))
    existing = StaffMember.objects.filter(organisation_id=job.organisation_id).prefetch_related(
        "subjects"
    )
    return plan_import(parsed, list(existing))


IMPORT_STALE = (
    "Список педагогов изменился после проверки файла. Загрузите файл снова и проверьте "
    "возможные повторы ещё раз."
)


def _decided(plan: dict, decisions: dict) -> tuple[list[dict], list[dict], int]:
    """The possible duplicates as the curator decided them: rows to add, rows to update
    (the chosen person's changes) and how many of the chosen change nothing."""
    create, update, unchanged = [], [], 0
    if {str(row["row"]) for row in plan["duplicates"]} != set(decisions):
        raise ImportFileError(IMPORT_STALE)  # a row decided on is no longer in doubt, or anew
    for row in plan["duplicates"]:
        choice = decisions.get(str(row["row"]))
        if choice == "new":
            create.append(row)
            continue
        chosen = next((c for c in row["candidates"] if str(c["id"]) == choice), None)
        if chosen is None:
            raise ImportFileError(IMPORT_STALE)
        if chosen["changes"]:
            update.append({**chosen["values"], "id": chosen["id"], "changes": chosen["changes"]})
        else:
            unchanged += 1
    return create, update, unchanged


def check_import_decisions(result: dict, decisions: dict) -> dict:
    """``decisions`` (row → "new" or a candidate's id) complete and consistent for the
    preview's possible duplicates, or ValidationError in words the curator can act on."""
    chosen, undecided = {}, []
    claimed = {row["id"] for row in result.get("update", [])}
    for row in result.get("duplicates", []):
        choice = str(decisions.get(str(row["row"]), ""))
        ids = {str(c["id"]) for c in row["candidates"]}
        if choice != "new" and choice not in ids:
            undecided.append(str(row["row"]))
            continue
        if choice != "new" and (int(choice) in claimed or choice in chosen.values()):
            raise ValidationError(
                f"Строка {row['row']}: этого педагога уже обновляет другая строка файла. "
                "Выберите «добавить как нового» или другого педагога."
            )
        chosen[str(row["row"])] = choice
    if undecided:
        raise ValidationError(
            "Выберите для каждого возможного повтора, обновить ли педагога или добавить нового "
            "(строки " + ", ".join(undecided) + ")."
        )
    return chosen


@transaction.atomic
def staff_import_apply(*, job: ImportJob) -> dict:
    """Save the job's file in one transaction: all rows or, on any error, none.

    The plan is made again here from the stored file, so what is saved matches the staff list
    as it is now, not as it was at preview time; the curator's choices for possible
    duplicates are applied to it, and a choice the new plan cannot honour stops the save.
    Other connections see nothing of it until the commit, which is why the page shows an
    indeterminate bar while saving."""
    plan = staff_import_plan(job=job)
    if plan["errors"]:
        raise ImportFileError("В файле есть ошибки; исправьте их и загрузите файл снова.")
    create, update, unchanged = _decided(plan, job.result.get("decisions", {}))
    create += plan["create"]
    update += plan["update"]
    if len({row["id"] for row in update}) != len(update):
        raise ImportFileError(IMPORT_STALE)
    organisation = Organisation.objects.get(pk=job.organisation_id)
    subjects = _subjects_by_name({s for row in create + update for s in row["subjects"]})
    people = StaffMember.objects.in_bulk([row["id"] for row in update])
    for row in create:
        fields = {name: _stored(name, row[name]) for name in STAFF_FIELDS if name in row}
        staff_create(
            organisation=organisation, subjects=[subjects[s] for s in row["subjects"]], **fields
        )
    for row in update:
        changed = {change["name"] for change in row["changes"]}
        fields = {name: _stored(name, row[name]) for name in STAFF_FIELDS if name in changed}
        chosen = [subjects[s] for s in row["subjects"]] if "subjects" in changed else None
        staff_update(person=people[row["id"]], subjects=chosen, **fields)
    return {
        "created": len(create),
        "updated": len(update),
        "unchanged": plan["unchanged"] + unchanged,
    }


def _stored(name: str, value):
    if name in ("birth_date", "hired_on", "career_started_on") and value:
        return datetime.date.fromisoformat(value)
    return value


@transaction.atomic
def import_job_create(*, organisation, owner, filename: str, content: bytes) -> ImportJob:
    """Store the upload and queue its parsing; the page polls the job row."""
    from .tasks import import_parse

    job = ImportJob(
        organisation=organisation, owner=owner, filename=filename[:255], content=content
    )
    job.copy_tenant_keys()
    job.save()
    outbox.enqueue(import_parse, job.pk, key=outbox.key_of(job))
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, decisions: dict | None = None) -> ImportJob:
    """Queue the save of a checked file, with the curator's choice for each possible
    duplicate (row → "new" or the id of the person to update)."""
    from .tasks import import_apply

    refused = ValidationError(
        "Сохранить можно только проверенный файл без ошибок. Исправьте ошибки и загрузите "
        "файл снова."
    )
    if job.status != ImportJob.Status.PREVIEW or job.result.get("errors"):
        raise refused
    result = {**job.result, "decisions": check_import_decisions(job.result, decisions or {})}
    # The status filter makes a double click queue one save, not two.
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
        status=ImportJob.Status.SAVING, progress=0, result=result
    )
    if not updated:
        raise refused
    outbox.enqueue(import_apply, job.pk, key=outbox.key_of(job))
    return job


GRANT_REFUSED = "Эту роль здесь вы назначать и снимать не можете."
ACCOUNT_NOT_FOUND = "Учётная запись не найдена среди сотрудников ваших организаций."


@transaction.atomic
def membership_grant(*, account: User, role: str, place, acting_user: User) -> Membership:
    """Give ``account`` the ``role`` at ``place`` (a region, municipality or organisation).

    The grant rule (``orgs.access.grant_authority``) is checked here, so the role page, the API
    and any later caller obey the same rule: roles strictly below the acting user's own, within
    their part of the tree, to accounts of that part."""
    level = ROLE_LEVEL[role]
    if not isinstance(place, level):
        raise ValidationError(
            f"Роль «{Role(role).label}» назначается на уровне: {level._meta.verbose_name}."
        )
    if not grant_authority(granter=acting_user, role=role, place=place):
        raise PermissionDenied(GRANT_REFUSED)
    if not grant_authority(granter=acting_user, role=role, place=place, account=account):
        raise ValidationError({"account": ACCOUNT_NOT_FOUND})
    keys = _place_keys(place)
    membership = (
        Membership.objects.select_for_update().filter(user=account, role=role, **keys).first()
    )
    if membership is not None:
        if membership.is_active:
            raise ValidationError("Эта роль здесь у учётной записи уже есть.")
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        return membership
    membership = Membership(user=account, role=role, **keys)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, acting_user: User) -> Membership:
    """Take a role away, by the same rule as ``membership_grant``. The row stays, inactive:
    the history shows who held the role, and a later grant reactivates it."""
    if not grant_authority(granter=acting_user, role=membership.role, place=membership.place):
        raise PermissionDenied(GRANT_REFUSED)
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    return membership


def _place_keys(place) -> dict:
    if isinstance(place, Organisation):
        return {
            "region_id": place.region_id,
            "municipality_id": place.municipality_id,
            "organisation": place,
        }
    if isinstance(place, Municipality):
        return {"region_id": place.region_id, "municipality": place, "organisation": None}
    return {"region": place, "municipality": None, "organisation": None}


# --- requisites: names, place, head, hand-corrected cases -------------------------------------


@transaction.atomic
@transaction.atomic
def requisites_update(
    *, organisation: Organisation, version: str | None = None, **fields
) -> Organisation:
    """The names and place the documents print; ``version`` refuses a stale edit
    (``orgs.concurrency``) and only the given fields are written."""
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    return apply_edit(organisation, version, fields)


@transaction.atomic
def head_record(
    *,
    organisation: Organisation,
    staff: StaffMember,
    acting: bool,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    basis: str = "",
) -> Head:
    """The head from ``starts_on``; a new permanent head closes the previous permanent row
    the day before, so that exactly one person signs on any date."""
    if staff.organisation_id != organisation.pk or staff.employment_status != staff.Status.WORKS:
        raise ValidationError({"staff": "Выберите работающего сотрудника этой организации."})
    if not acting and ends_on is None:
        Head.objects.filter(
            organisation=organisation, acting=False, ends_on__isnull=True, starts_on__lt=starts_on
        ).update(ends_on=starts_on - datetime.timedelta(days=1))
    head = Head(
        organisation=organisation,
        staff=staff,
        acting=acting,
        starts_on=starts_on,
        ends_on=ends_on,
        basis=basis.strip(),
    )
    head.copy_tenant_keys()
    head.full_clean()
    head.save()
    return head


@transaction.atomic
def name_form_save(*, organisation: Organisation, phrase: str, case: str, form: str) -> None:
    """A curator's own form of a name in one case; an empty form restores the portal's."""
    rows = NameForm.objects.filter(
        municipality=organisation.municipality_id,
        organisation=organisation,
        phrase=phrase,
        case=case,
    )
    if not form.strip():
        rows.delete()
        return
    row = rows.first() or NameForm(organisation=organisation, phrase=phrase, case=case)
    row.form = " ".join(form.split())
    row.copy_tenant_keys()
    row.full_clean(exclude=["region", "municipality"])
    row.save()


@transaction.atomic
def register_formats_save(
    *, municipality: Municipality, organisation: Organisation | None, formats: dict[str, str]
) -> None:
    """The issuer's number formats, register by register; the default format (or an empty
    one) keeps no row, so the register follows the default."""
    from .registers import DEFAULT_FORMAT

    for register, pattern in formats.items():
        pattern = pattern.strip()
        rows = RegisterFormat.objects.filter(
            municipality=municipality, organisation=organisation, register=register
        )
        if not pattern or pattern == DEFAULT_FORMAT:
            rows.delete()
            continue
        row = rows.first() or RegisterFormat(
            municipality=municipality, organisation=organisation, register=register
        )
        row.pattern = pattern
        row.copy_tenant_keys()
        row.full_clean(exclude=["region", "municipality"])
        row.save()
