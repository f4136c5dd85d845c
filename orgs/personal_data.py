"""Personal data of teachers under 152-ФЗ: who sees birth dates and contacts, one person's
data as a download, and anonymisation once the retention period after leaving has passed.

Anonymising keeps what the figures need (organisation, position, hiring, career start and
leaving dates, pairs) and removes what identifies the person, including from the audit
trail's copies of old values.
"""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .access import Viewer
from .models import ImportJob, MentorProfile, Role, StaffMember, User, add_years

# Fields that identify a person; the audit trail's old values of these are erased too.
IDENTIFYING_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "email",
    "phone",
    "leave_reason",
    "previous_organisation_name",
)
ANONYMOUS_LAST_NAME = "Обезличено"


def sees_birth_date(viewer: Viewer, person: StaffMember) -> bool:
    """The employer (curator, director) and the person themself."""
    return (
        viewer.is_admin
        or viewer.user.staff_member_id == person.pk
        or viewer.has_role(Role.CURATOR, Role.DIRECTOR, organisation=person.organisation)
    )


def sees_contacts(viewer: Viewer, person: StaffMember) -> bool:
    """Also the school's psychologist and the municipality's methodist (network mentoring)."""
    return sees_birth_date(viewer, person) or viewer.has_role(
        Role.PSYCHOLOGIST, Role.METHODIST, organisation=person.organisation
    )


# Fields of a teacher's record that only some viewers see, and who: the card and the audit
# history both hide them by this one table.
RESTRICTED_FIELDS = {
    "birth_date": sees_birth_date,
    "email": sees_contacts,
    "phone": sees_contacts,
}


def hidden_fields_of(viewer: Viewer, person) -> frozenset[str]:
    """The restricted fields of ``person`` (a teacher, or anything with their ``pk`` and
    ``organisation``) this viewer does not see."""
    return frozenset(name for name, sees in RESTRICTED_FIELDS.items() if not sees(viewer, person))


def retention_ends(person: StaffMember) -> datetime.date | None:
    if person.employment_status != StaffMember.Status.LEFT or person.left_on is None:
        return None
    return add_years(person.left_on, settings.PERSONAL_DATA_RETENTION_YEARS)


def may_anonymise(person: StaffMember, *, today: datetime.date | None = None) -> bool:
    ends = retention_ends(person)
    return (
        person.anonymised_at is None
        and ends is not None
        and ends <= (today or timezone.localdate())
    )


@transaction.atomic
def staff_anonymise(*, person: StaffMember, acting_user=None) -> StaffMember:
    """Remove what identifies a person who left long enough ago; figures stay as they were."""
    if not may_anonymise(person):
        raise ValidationError(
            "Обезличить можно только уволившегося педагога по истечении срока хранения "
            f"({settings.PERSONAL_DATA_RETENTION_YEARS} г. после увольнения)."
        )
    person.last_name = ANONYMOUS_LAST_NAME
    person.first_name = f"№ {person.pk}"
    for name in IDENTIFYING_FIELDS[2:]:
        setattr(person, name, None if name == "birth_date" else "")
    person.anonymised_at = timezone.now()
    person.save()
    person.needs.clear()
    MentorProfile.objects.filter(staff=person).delete()
    for user in User.objects.filter(staff_member=person):
        _anonymise_account(user)
    _erase_audit_values(person)
    return person


def _anonymise_account(user) -> None:
    user.username = f"anonymised-{user.pk}"
    user.first_name = user.last_name = user.patronymic = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def _erase_audit_values(person: StaffMember) -> None:
    """The audit trail keeps who changed what and when; the old and new values of the
    identifying fields of this person go."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StaffMember), object_pk=str(person.pk)
    )
    for entry in entries:
        changes = entry.changes_dict or {}
        entry.changes = {
            name: (["обезличено", "обезличено"] if name in IDENTIFYING_FIELDS else values)
            for name, values in changes.items()
        }
        entry.object_repr = str(person)
        entry.save(update_fields=["changes", "object_repr"])


def anonymise_due(*, today: datetime.date | None = None) -> int:
    """Everyone whose retention period has ended (the monthly Celery beat task)."""
    today = today or timezone.localdate()
    latest_leaving = add_years(today, -settings.PERSONAL_DATA_RETENTION_YEARS)
    due = StaffMember.objects.filter(
        employment_status=StaffMember.Status.LEFT,
        left_on__lte=latest_leaving,
        anonymised_at__isnull=True,
    )
    count = 0
    for person in due.iterator():
        staff_anonymise(person=person)
        count += 1
    return count


def purge_import_jobs_due(*, now: datetime.datetime | None = None) -> int:
    """Uploaded staff lists and their previews (names, birth dates, contacts) are kept for
    ``IMPORT_RETENTION_DAYS`` only, whatever became of them (the monthly Celery beat task)."""
    latest = (now or timezone.now()) - datetime.timedelta(days=settings.IMPORT_RETENTION_DAYS)
    deleted, _ = ImportJob.objects.filter(created_at__lt=latest).delete()
    return deleted


# reader(person) -> {section title: what the app holds about the person}; the apps above orgs
# register theirs when they start (``register_person_data``), so that a person's request
# answers for every app without orgs importing them.
_person_data_readers: list = []


def register_person_data(reader) -> None:
    if reader not in _person_data_readers:
        _person_data_readers.append(reader)


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def person_data(person: StaffMember) -> dict:
    """Everything the portal holds about one person, for their request under 152-ФЗ."""
    data = {
        "сформировано": timezone.localtime().isoformat(timespec="seconds"),
        "педагог": {
            "фамилия": person.last_name,
            "имя": person.first_name,
            "отчество": person.patronymic,
            "организация": person.organisation.name,
            "должность": person.position,
            "предметы": [s.name for s in person.subjects.all()],
            "категория": person.get_category_display(),
            "дата рождения": day(person.birth_date),
            "дата приёма": day(person.hired_on),
            "начало педагогического стажа": day(person.career_started_on),
            "e-mail": person.email,
            "телефон": person.phone,
            "статус": person.get_employment_status_display(),
            "дата увольнения": day(person.left_on),
        },
    }
    for reader in _person_data_readers:
        data.update(reader(person))
    return data
