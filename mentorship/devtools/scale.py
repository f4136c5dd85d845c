"""Plausible data at the size of a school, a municipality, a region or the country, for
benchmarks. Shapes follow the demo: 6–30 teachers per organisation with about
one in seven a young specialist, most of them mentored, a plan of ten activities per pair in
every status, log entries, a deficits survey per municipality answered by a third of the
teachers, a monitoring form per organisation and a few events.

On PostgreSQL rows go in with ``COPY`` (ids taken from the table's sequence in one jump),
elsewhere with ``bulk_create``; one municipality per transaction, no per-row save, signals or
audit entries. ``random.Random(seed)`` makes two runs identical.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from orgs import data_versions
from orgs.demo.names import FEMALE_NAMES, MALE_NAMES, PATRONYMICS, SURNAMES
from orgs.models import Municipality, Organisation, Region, StaffMember

BATCH = 5000
# Values psycopg writes as they are; anything else (files, JSON, enums) is prepared by its field.
PLAIN_TYPES = {int, str, bool, float, datetime.date, datetime.datetime}


@dataclass(frozen=True)
class Scale:
    regions: int
    municipalities: int  # per region
    organisations: int  # per municipality


SCALES = {
    "school": Scale(1, 1, 1),
    "municipality": Scale(1, 1, 30),
    "region": Scale(1, 27, 30),
    "country": Scale(89, 27, 33),  # 2,403 municipalities, 79,299 organisations
}
POSITIONS = [
    "Учитель математики",
    "Учитель русского языка",
    "Учитель начальных классов",
    "Учитель истории",
    "Учитель физики",
    "Учитель английского языка",
    "Воспитатель",
]
ACTIVITY_TITLES = [
    "Посещение урока наставника",
    "Разбор урока наставляемого",
    "Составление технологической карты урока",
    "Консультация по ведению журнала",
    "Подготовка к родительскому собранию",
    "Работа с трудным классом",
    "Участие в методическом объединении",
    "Самоанализ урока",
    "Открытый урок для наставника",
    "Итоговая беседа",
]


def generate(scale_name: str, *, seed: int = 1, today: datetime.date | None = None, log=print):
    """Fill the database; returns the number of rows written per model label."""
    scale = SCALES[scale_name]
    today = today or datetime.date.today()
    counts: dict[str, int] = {}
    survey = _deficits_survey_version()
    for r in range(scale.regions):
        rng = random.Random(f"{seed}-{r}")
        region = Region.objects.create(name=f"Регион {seed}-{r + 1}", code=f"{(r + 1) % 100:02d}")
        for m in range(scale.municipalities):
            with transaction.atomic():
                municipality = Municipality.objects.create(
                    region=region, name=f"Муниципалитет {r + 1}-{m + 1}"
                )
                with data_versions.bulk_load(municipality):
                    _municipality(municipality, scale, rng, today, survey, counts)
        log(f"регион {r + 1} из {scale.regions}: {sum(counts.values()):,} строк".replace(",", " "))
    return counts


def _add(counts: dict, model, rows: list) -> list:
    if connection.vendor == "postgresql":
        _copy(model, rows)
    else:
        model.objects.bulk_create(rows, batch_size=BATCH)
    counts[model._meta.label] = counts.get(model._meta.label, 0) + len(rows)
    return rows


def _copy(model, rows: list) -> None:
    """Write ``rows`` with COPY, several times faster than INSERT for millions of rows.

    Ids come from the table's own sequence, advanced once by ``len(rows)``, so later inserts
    through the ORM never collide with them. Plain values go to psycopg as they are; only
    values that need converting, and timestamps the field fills in, go through Django."""
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs a lookup per use
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    stamped = [getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields]
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
            [table, table, len(rows)],
        )
        first = cursor.fetchone()[0] - len(rows) + 1
        columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {db.ops.quote_name(table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for offset, row in enumerate(rows):
                row.pk = first + offset
                row._state.adding, row._state.db = False, db.alias
                values = []
                for field, stamp in zip(fields, stamped, strict=True):
                    value = getattr(row, field.attname)
                    if stamp or (value is not None and type(value) not in PLAIN_TYPES):
                        value = field.get_db_prep_save(field.pre_save(row, True), db)
                    values.append(value)
                copy.write_row(values)


def _keys(organisation) -> dict:
    return {
        "organisation_id": organisation.pk,
        "municipality_id": organisation.municipality_id,
        "region_id": organisation.region_id,
    }


def _municipality(municipality, scale, rng, today, survey, counts) -> None:
    from pairs.models import LogEntry, Pair, PairMember, Plan, PlanActivity, Programme

    organisations = _add(
        counts,
        Organisation,
        [
            Organisation(
                region_id=municipality.region_id,
                municipality=municipality,
                name=f"МБОУ «СОШ № {o + 1}» ({municipality.name})",
                short_name=f"СОШ № {o + 1}",
            )
            for o in range(scale.organisations)
        ],
    )
    staff, young = [], []
    for organisation in organisations:
        for _ in range(rng.randint(6, 22) if scale.organisations > 1 else 50):
            is_young = rng.random() < 0.15
            female = rng.random() < 0.8
            surname = rng.choice(SURNAMES)[1 if female else 0]
            career = today - datetime.timedelta(
                days=rng.randint(30, 1000) if is_young else rng.randint(1100, 14000)
            )
            person = StaffMember(
                **_keys(organisation),
                last_name=surname,
                first_name=rng.choice(FEMALE_NAMES if female else MALE_NAMES),
                patronymic=rng.choice(PATRONYMICS)[1 if female else 0],
                position=rng.choice(POSITIONS),
                career_started_on=career,
                hired_on=max(career, today - datetime.timedelta(days=rng.randint(30, 9000))),
                birth_date=career - datetime.timedelta(days=rng.randint(8000, 9000)),
            )
            staff.append(person)
            if is_young:
                young.append(person)
    _add(counts, StaffMember, staff)
    by_org: dict[int, list[StaffMember]] = {}
    for person in staff:
        by_org.setdefault(person.organisation_id, []).append(person)
    start = datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    programmes = _add(
        counts,
        Programme,
        [
            Programme(
                **_keys(o),
                title="Программа наставничества «Учитель – учитель»",
                form="teacher_teacher",
                status="active",
                starts_on=start,
                ends_on=start.replace(year=start.year + 1) - datetime.timedelta(days=1),
                approval_order="Приказ № 1",
            )
            for o in organisations
        ],
    )
    programme_of = {p.organisation_id: p for p in programmes}
    pairs, mentees = [], []
    young_ids = {id(p) for p in young}
    for person in staff:
        # Most young specialists have a mentor; some others too (new duties, a transfer).
        if rng.random() > (0.7 if id(person) in young_ids else 0.08):
            continue
        mentors = [
            s for s in by_org[person.organisation_id] if id(s) not in young_ids and s is not person
        ]
        if not mentors:
            continue
        pairs.append(
            Pair(
                **{
                    k: getattr(person, k)
                    for k in ("region_id", "municipality_id", "organisation_id")
                },
                programme=programme_of[person.organisation_id],
                starts_on=start,
                planned_end_on=programme_of[person.organisation_id].ends_on,
                status="active",
                format="traditional",
            )
        )
        mentees.append((person, rng.choice(mentors)))
    pairs = _add(counts, Pair, pairs)
    members, plans = [], []
    for pair, (mentee, mentor) in zip(pairs, mentees, strict=True):
        keys = {
            "region_id": pair.region_id,
            "municipality_id": pair.municipality_id,
            "organisation_id": pair.organisation_id,
        }
        members += [
            PairMember(**keys, pair=pair, staff=mentee, role="mentee"),
            PairMember(**keys, pair=pair, staff=mentor, role="mentor"),
        ]
        plans.append(
            Plan(
                **keys,
                pair=pair,
                mentee=mentee,
                starts_on=pair.starts_on,
                ends_on=pair.planned_end_on,
                status="active",
            )
        )
    _add(counts, PairMember, members)
    plans = _add(counts, Plan, plans)
    activities, log = [], []
    for plan in plans:
        keys = {
            "region_id": plan.region_id,
            "municipality_id": plan.municipality_id,
            "organisation_id": plan.organisation_id,
        }
        for n, title in enumerate(ACTIVITY_TITLES):
            deadline = start + datetime.timedelta(days=30 * n + 20)
            if deadline >= today:
                status = "planned"
            else:  # past: mostly done, some overdue, a few cancelled
                status = rng.choices(["done", "planned", "cancelled"], weights=[75, 20, 5])[0]
            activities.append(
                PlanActivity(
                    **keys,
                    plan=plan,
                    position=n,
                    direction="methods",
                    title=title,
                    due_on=deadline,
                    deadline=deadline,
                    status=status,
                    done_on=deadline if status == "done" else None,
                )
            )
        for k in range(3):
            log.append(
                LogEntry(
                    **keys,
                    pair_id=plan.pair_id,
                    kind=rng.choice(["meeting", "lesson_visit"]),
                    happened_on=min(today, start + datetime.timedelta(days=25 * k + 5)),
                    topic="Встреча пары",
                )
            )
    _add(counts, PlanActivity, activities)
    _add(counts, LogEntry, log)
    _diagnostics(municipality, staff, rng, today, survey, counts)
    _monitoring(municipality, organisations, rng, today, counts)


def _deficits_survey_version():
    from monitoring.diagnostics.models import Instrument

    instrument = Instrument.objects.filter(purpose=Instrument.Purpose.DEFICITS).first()
    if instrument is None:
        return None
    version = instrument.versions.exclude(published_at=None).order_by("-number").first()
    questions = [
        (q.pk, q.area_id)
        for section in version.sections.prefetch_related("questions")
        for q in section.questions.all()
        if q.kind == "scale"
    ]
    return version, questions


def _diagnostics(municipality, staff, rng, today, survey, counts) -> None:
    from monitoring.diagnostics.models import Answer, Campaign, Invitation

    if survey is None:
        return
    version, questions = survey
    campaign = Campaign.objects.create(
        title="Диагностика профессиональных затруднений",
        version=version,
        audience="all",
        starts_on=today - datetime.timedelta(days=40),
        ends_on=today + datetime.timedelta(days=20),
        region_id=municipality.region_id,
        municipality=municipality,
    )
    counts["diagnostics.Campaign"] = counts.get("diagnostics.Campaign", 0) + 1
    answered = [s for s in staff if rng.random() < 0.33]
    invitations = _add(
        counts,
        Invitation,
        [
            Invitation(
                **_keys_of(s),
                campaign=campaign,
                staff_member=s,
                submitted_at=_moment(today - datetime.timedelta(days=rng.randint(1, 30))),
            )
            for s in answered
        ],
    )
    answers = []
    for invitation in invitations:
        for question, _area in questions:
            answers.append(
                Answer(
                    region_id=invitation.region_id,
                    municipality_id=invitation.municipality_id,
                    organisation_id=invitation.organisation_id,
                    invitation=invitation,
                    question_id=question,
                    number=None,
                    score=rng.randint(1, 5),
                )
            )
            if len(answers) >= BATCH * 4:
                _add(counts, Answer, answers)
                answers = []
    _add(counts, Answer, answers)


def _monitoring(municipality, organisations, rng, today, counts) -> None:
    from monitoring.effectiveness.models import Campaign, CriteriaSet, Event, Form

    criteria_set = CriteriaSet.objects.filter(
        region=municipality.region_id, municipality__isnull=True
    ).first()
    if criteria_set is None:
        from monitoring.effectiveness.services import criteria_set_load_seed

        criteria_set = criteria_set_load_seed(municipality=municipality, year=today.year)
        CriteriaSet.objects.filter(pk=criteria_set.pk).update(municipality=None)
    campaign = Campaign.objects.create(
        region_id=municipality.region_id,
        municipality=municipality,
        criteria_set=criteria_set,
        year=today.year,
        opened_on=today - datetime.timedelta(days=10),
    )
    statuses = ["not_started", "in_progress", "submitted", "accepted"]
    _add(
        counts,
        Form,
        [Form(**_keys(o), campaign=campaign, status=rng.choice(statuses)) for o in organisations],
    )
    _add(
        counts,
        Event,
        [
            Event(
                region_id=municipality.region_id,
                municipality=municipality,
                kind=kind,
                level="municipal",
                title=title,
                starts_on=today - datetime.timedelta(days=days),
            )
            for kind, title, days in (
                ("contest", "Конкурс «Педагогический дебют»", 60),
                ("seminar", "Семинар наставников", 30),
            )
        ],
    )


def _keys_of(person) -> dict:
    return {
        "region_id": person.region_id,
        "municipality_id": person.municipality_id,
        "organisation_id": person.organisation_id,
    }


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
