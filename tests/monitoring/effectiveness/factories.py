import datetime

from monitoring.effectiveness.models import (
    Event,
    Participation,
    RoadMap,
    RoadMapItem,
    RoadMapSection,
    RoadMapYear,
)
from orgs.models import Organisation, StaffMember


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


def road_map(place, *, first_year: int = 2025, **fields):
    """A small road map of a school (an organisation) or of a municipality: one section, one
    item with a target for each of two years."""
    school = place if isinstance(place, Organisation) else None
    made = RoadMap.objects.create(
        region_id=place.region_id,
        municipality_id=school.municipality_id if school else place.pk,
        organisation=school,
        title=fields.pop("title", "Дорожная карта наставничества"),
        first_year=first_year,
        last_year=first_year + 1,
        **fields,
    )
    section = RoadMapSection.objects.create(road_map=made, position=1, title="Подготовка")
    item = RoadMapItem.objects.create(
        section=section,
        position=1,
        number="1",
        activity="Семинар для наставников",
        indicators=f"{first_year}-1 {first_year + 1}-2",
        deadline_text="ежегодно",
        recurring=True,
        responsible="Куратор",
    )
    RoadMapYear.objects.bulk_create(
        [
            RoadMapYear(item=item, year=first_year, target=1),
            RoadMapYear(item=item, year=first_year + 1, target=2),
        ]
    )
    return made
