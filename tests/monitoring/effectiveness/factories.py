import datetime

from monitoring.effectiveness.models import Event, Participation
from orgs.models import StaffMember


def staff(organisation, n: int, **fields) -> list[StaffMember]:
    """``n`` teachers of ``organisation`` at once (bulk: tenant keys set explicitly)."""
    defaults = {
        "last_name": "Иванова",
        "first_name": "Анна",
        "position": "Учитель",
        "hired_on": datetime.date(2010, 9, 1),
        "career_started_on": datetime.date(2005, 9, 1),
    }
    rows = [
        StaffMember(
            organisation=organisation,
            region_id=organisation.region_id,
            municipality_id=organisation.municipality_id,
            **{**defaults, **fields},
        )
        for _ in range(n)
    ]
    return StaffMember.objects.bulk_create(rows)


def event(place, **fields) -> Event:
    defaults = {
        "kind": Event.Kind.CONTEST,
        "level": Event.Level.MUNICIPAL,
        "title": "Конкурс «Педагогический дебют»",
        "starts_on": datetime.date(2026, 3, 1),
    }
    return Event.objects.create(
        region_id=place.region_id, municipality_id=place.municipality_id, **{**defaults, **fields}
    )


def take_part(event_row, people, **fields) -> None:
    Participation.objects.bulk_create(
        Participation(
            event=event_row,
            person=p,
            organisation_id=p.organisation_id,
            region_id=p.region_id,
            municipality_id=p.municipality_id,
            **fields,
        )
        for p in people
    )
