"""Routes of effectiveness monitoring: criteria, the annual campaign and its forms, events,
series, road maps and local acts."""

from __future__ import annotations

import datetime

from tests.isolation.objects import Victim, school_a, school_name

EFFECTIVENESS = "monitoring:effectiveness:"


def _campaign(c):
    """The year's monitoring of M1 with a form for school A (created once per test)."""
    from monitoring.effectiveness.services import campaign_open

    if not hasattr(c, "_campaign"):
        c._campaign = campaign_open(municipality=c.m1, year=2026, acting_user=c.methodist_m1)
    return c._campaign


def _form_kwargs(c):
    return {"pk": _campaign(c).forms.get(organisation=c.school_a).pk}


def road_map(c):
    from monitoring.effectiveness.services import road_map_load_seed

    if not hasattr(c, "_road_map"):
        c._road_map = road_map_load_seed(municipality=c.m1)
    return c._road_map


def school_event(c):
    """A school event of school A with one of its teachers taking part."""
    from monitoring.effectiveness.models import Event, Participation

    if not hasattr(c, "_school_event"):
        c._school_event = Event.objects.create(
            region_id=c.school_a.region_id,
            municipality_id=c.school_a.municipality_id,
            organisation=c.school_a,
            kind=Event.Kind.SEMINAR,
            level=Event.Level.SCHOOL,
            title="Семинар школы А «Тайный урок»",
            starts_on=datetime.date(2026, 3, 1),
        )
        c._participation = Participation.objects.create(
            event=c._school_event, person=c.teacher_a, organisation=c.school_a
        )
    return c._school_event


def _municipal_event(c):
    from monitoring.effectiveness.models import Event

    return Event.objects.create(
        region_id=c.m1.region_id,
        municipality=c.m1,
        kind=Event.Kind.CONTEST,
        level=Event.Level.MUNICIPAL,
        title="Конкурс М1 «Секретный дебют»",
        starts_on=datetime.date(2026, 4, 1),
    )


def school_series(c):
    """A series of school A with a session, a material file and a teacher's attendance."""
    from django.core.files.base import ContentFile

    from monitoring.effectiveness import services
    from monitoring.effectiveness.models import Event, Session

    if not hasattr(c, "_school_series"):
        event = services.series_save(
            event=Event(
                municipality_id=c.school_a.municipality_id,
                organisation=c.school_a,
                kind=Event.Kind.SERIES,
                title="Школа молодого педагога «Тайный класс»",
                starts_on=datetime.date(2026, 9, 1),
            ),
            acting_user=None,
        )
        session = services.session_save(
            session=Session(
                event=event,
                date=datetime.date(2026, 10, 1),
                topic="Тайный урок",
                leader_name="Гость",
            ),
            acting_user=None,
        )
        c._material = services.material_add(
            session=session,
            title="Тайная памятка",
            file=ContentFile(b"%PDF-1.4 secret", name="memo.pdf"),
            acting_user=None,
        )
        services.series_enrol(event=event, person=c.teacher_a, acting_user=None)
        services.attendance_set(session=session, present=[c.teacher_a], acting_user=None)
        c._school_series, c._session = event, session
    return c._school_series


def school_road_map(c):
    from monitoring.effectiveness.services import road_map_copy_for_organisation

    if not hasattr(c, "_school_road_map"):
        c._school_road_map = road_map_copy_for_organisation(
            source=road_map(c), organisation=c.school_a, acting_user=None
        )
    return c._school_road_map


def _first_year_row(road_map):
    from monitoring.effectiveness.models import RoadMapYear

    return RoadMapYear.objects.filter(item__section__road_map=road_map, target__gt=0).first()


def _act_with_file(c):
    from django.core.files.base import ContentFile

    from monitoring.effectiveness.services import local_act_save

    return local_act_save(
        organisation=c.school_a,
        position=2,
        number="секретный-1",
        date=datetime.date(2026, 9, 1),
        file=ContentFile(b"%PDF-1.4 secret", name="act.pdf"),
        acting_user=None,
    )


def _evidence(c):
    from django.core.files.base import ContentFile

    from monitoring.effectiveness.models import Form

    answer = Form.objects.get(**_form_kwargs(c)).answers.first()
    answer.evidence_file.save("evidence.pdf", ContentFile(b"%PDF-1.4 secret"))
    return {"pk": answer.pk}


VICTIMS: dict[str, Victim] = {
    EFFECTIVENESS + "criteria": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: "Критерии эффективности"
    ),
    EFFECTIVENESS + "municipality_events": Victim(
        lambda c: {"pk": _municipal_event(c).municipality_id},
        lambda c: c.m1,
        lambda c: "Секретный дебют",
    ),
    EFFECTIVENESS + "organisation_events": Victim(
        lambda c: {"pk": school_event(c).organisation_id}, school_a, lambda c: "Тайный урок"
    ),
    EFFECTIVENESS + "event": Victim(
        lambda c: {"pk": school_event(c).pk}, school_a, lambda c: "Тайный урок"
    ),
    EFFECTIVENESS + "participation_delete": Victim(
        lambda c: {"pk": (school_event(c), c._participation)[1].pk},
        school_a,
        lambda c: "Тайный урок",
    ),
    EFFECTIVENESS + "municipality_series": Victim(
        lambda c: {"pk": _municipal_event(c).municipality_id},
        lambda c: c.m1,
        lambda c: "Секретный дебют",
    ),
    EFFECTIVENESS + "organisation_series": Victim(
        lambda c: {"pk": school_series(c).organisation_id}, school_a, lambda c: "Тайный класс"
    ),
    EFFECTIVENESS + "series": Victim(
        lambda c: {"pk": school_series(c).pk}, school_a, lambda c: "Тайный класс"
    ),
    EFFECTIVENESS + "session": Victim(
        lambda c: {"pk": (school_series(c), c._session)[1].pk}, school_a, lambda c: "Тайный урок"
    ),
    EFFECTIVENESS + "material_file": Victim(
        lambda c: {"pk": (school_series(c), c._material)[1].pk}, school_a, lambda c: "secret"
    ),
    EFFECTIVENESS + "material_delete": Victim(
        lambda c: {"pk": (school_series(c), c._material)[1].pk},
        school_a,
        lambda c: "Тайная памятка",
    ),
    EFFECTIVENESS + "road_map_year": Victim(
        lambda c: {"pk": _first_year_row(school_road_map(c)).pk},
        school_a,
        lambda c: "Изучение и систематизация",
    ),
    EFFECTIVENESS + "website_checked": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, school_name
    ),
    EFFECTIVENESS + "act_file": Victim(
        lambda c: {"pk": _act_with_file(c).pk}, school_a, lambda c: "secret"
    ),
    EFFECTIVENESS + "evidence_file": Victim(_evidence, school_a, lambda c: "secret"),
    EFFECTIVENESS + "municipality": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: "Мониторинг эффективности"
    ),
    EFFECTIVENESS + "local_acts": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, school_name),
    EFFECTIVENESS + "school_road_maps": Victim(
        lambda c: {"pk": school_road_map(c).municipality_id},
        lambda c: c.m1,
        lambda c: "Изучение и систематизация",
    ),
    EFFECTIVENESS + "municipality_road_map": Victim(
        lambda c: {"pk": road_map(c).municipality_id}, lambda c: c.m1, lambda c: "Дорожная"
    ),
    EFFECTIVENESS + "campaign": Victim(
        lambda c: {"pk": _campaign(c).pk}, lambda c: c.m1, school_name
    ),
    EFFECTIVENESS + "organisation": Victim(lambda c: {"pk": c.school_a.pk}, school_a, school_name),
    EFFECTIVENESS + "form": Victim(_form_kwargs, school_a, school_name),
    EFFECTIVENESS + "decide": Victim(_form_kwargs, school_a, school_name),
    EFFECTIVENESS + "road_map": Victim(
        lambda c: {"pk": road_map(c).pk}, lambda c: c.m1, lambda c: "Изучение и систематизация"
    ),
}
