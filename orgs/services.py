"""Writes of staff records. Each validates fully (Russian messages) inside one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Organisation, StaffMember


@transaction.atomic
def staff_create(*, organisation: Organisation, subjects=(), acting_user, **fields) -> StaffMember:
    person = StaffMember(organisation=organisation, **fields)
    person.copy_tenant_keys()
    person.full_clean()
    person.save()
    person.subjects.set(subjects)
    return person


@transaction.atomic
def staff_update(*, person: StaffMember, subjects=None, acting_user, **fields) -> StaffMember:
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    if subjects is not None:
        person.subjects.set(subjects)
    return person


@transaction.atomic
def staff_mark_left(
    *, person: StaffMember, left_on: datetime.date, reason: str, acting_user
) -> StaffMember:
    """A person who leaves is kept (never deleted): pairs and retention figures need them."""
    if person.employment_status == StaffMember.Status.LEFT:
        raise ValidationError("Сотрудник уже отмечен как уволенный.")
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": "Дата увольнения не может быть в будущем."})
    if person.hired_on and left_on < person.hired_on:
        raise ValidationError({"left_on": "Дата увольнения раньше даты приёма."})
    person.employment_status = StaffMember.Status.LEFT
    person.left_on = left_on
    person.leave_reason = reason.strip()
    person.full_clean()
    person.save(update_fields=["employment_status", "left_on", "leave_reason", "updated_at"])
    return person
