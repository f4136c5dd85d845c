"""The demo region: Онгудайский район (its district report of 25.03.2021) and МО «Город
Кедровый» (its order No. 76 of 10.11.2021).

Everything is generated from fixed random seeds, so two runs on two machines give the same
people, and a second run on the same database changes nothing (rows are found by natural keys).
"""

from __future__ import annotations

import datetime
import random
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from ..models import (
    Membership,
    Municipality,
    Organisation,
    Region,
    Role,
    StaffMember,
    Subject,
    User,
)
from ..schoolyear import SchoolYear
from ..templatetags.portal import ru_plural
from .names import (
    ALTAI_SURNAMES,
    FEMALE_NAMES,
    MALE_NAMES,
    PATRONYMICS,
    SURNAMES,
)

# The demo's "today" for ages and careers is the start of the current school year: the
# generated people are identical for every run within a school year and always look current.
REFERENCE_DATE = SchoolYear.containing().starts_on

SUBJECTS = [
    "Русский язык",
    "Литература",
    "Математика",
    "Физика",
    "Химия",
    "Биология",
    "География",
    "История",
    "Обществознание",
    "Английский язык",
    "Немецкий язык",
    "Информатика",
    "Начальные классы",
    "Физическая культура",
    "Музыка",
    "Изобразительное искусство",
    "Труд (технология)",
    "ОБЗР",
    "Алтайский язык",
    "Алтайская литература",
]


@dataclass(frozen=True)
class DemoOrganisation:
    short_name: str
    name: str
    kind: str
    staff_range: tuple[int, int]
    # Mentoring pairs that the district report of 25.03.2021 gives for the school; later demo
    # steps create them.
    pairs: int = 0
    settlement: str = ""
    full_name: str = ""


@dataclass(frozen=True)
class DemoMunicipality:
    name: str
    kind: str
    authority: str
    organisations: list[DemoOrganisation]
    altai: bool = False
    settlement: str = ""


SCHOOL = Organisation.Kind.SCHOOL

ONGUDAI = DemoMunicipality(
    name="Онгудайский район",
    kind=Municipality.Kind.DISTRICT,
    authority="Управление образования администрации МО «Онгудайский район»",
    altai=True,
    organisations=[
        DemoOrganisation(
            "Онгудайская СОШ",
            "МБОУ «Онгудайская СОШ им. С.Т. Пекпеева»",
            SCHOOL,
            (50, 60),
            2,
            "с. Онгудай",
            "Муниципальное бюджетное общеобразовательное учреждение «Онгудайская средняя "
            "общеобразовательная школа имени С.Т. Пекпеева»",
        ),
        DemoOrganisation(
            "Еловская СОШ", "МБОУ «Еловская СОШ им. Э. Палкина»", SCHOOL, (25, 35), 5, "с. Ело"
        ),
        DemoOrganisation(
            "Туектинская ООШ", "МБОУ «Туектинская ООШ»", SCHOOL, (15, 20), 1, "с. Туекта"
        ),
        DemoOrganisation(
            "Каракольская СОШ", "МБОУ «Каракольская СОШ»", SCHOOL, (20, 30), 4, "с. Каракол"
        ),
        DemoOrganisation(
            "Шашикманская СОШ", "МБОУ «Шашикманская СОШ»", SCHOOL, (20, 30), 2, "с. Шашикман"
        ),
        DemoOrganisation("Ининская СОШ", "МБОУ «Ининская СОШ»", SCHOOL, (18, 25), 1, "с. Иня"),
        DemoOrganisation(
            "Теньгинская СОШ", "МБОУ «Теньгинская СОШ»", SCHOOL, (25, 35), 5, "с. Теньга"
        ),
    ],
    settlement="с. Онгудай",
)

GORNO_ALTAISK = DemoMunicipality(
    name="Город Горно-Алтайск",
    kind=Municipality.Kind.URBAN_DISTRICT,
    authority="Управление образования администрации города Горно-Алтайска",
    altai=True,
    organisations=[
        DemoOrganisation(
            "ИПКиППРО РА",
            "БУ ДПО РА «Институт повышения квалификации и профессиональной переподготовки "
            "работников образования Республики Алтай»",
            Organisation.Kind.METHOD_CENTRE,
            (15, 18),
            settlement="г. Горно-Алтайск",
        ),
    ],
    settlement="г. Горно-Алтайск",
)

# Kedrovy's order No. 76 of 10.11.2021 does not name the town's organisations; these are its
# schools, its kindergarten and its house of children's creativity.
KEDROVY = DemoMunicipality(
    name="Город Кедровый",
    kind=Municipality.Kind.URBAN_DISTRICT,
    authority="Отдел образования Администрации МО «Город Кедровый»",
    organisations=[
        DemoOrganisation(
            "Кедровская СОШ",
            "МАОУ «Кедровская СОШ»",
            SCHOOL,
            (35, 45),
            3,
            "г. Кедровый",
            "Муниципальное автономное общеобразовательное учреждение «Кедровская средняя "
            "общеобразовательная школа»",
        ),
        DemoOrganisation("Пудинская СОШ", "МАОУ «Пудинская СОШ»", SCHOOL, (15, 22), 1, "с. Пудино"),
        DemoOrganisation(
            "Детский сад г. Кедрового",
            "МАДОУ «Детский сад общеразвивающего вида» г. Кедрового",
            Organisation.Kind.KINDERGARTEN,
            (15, 20),
            1,
            "г. Кедровый",
        ),
        DemoOrganisation(
            "ДДТ г. Кедрового",
            "МАУ ДО «Дом детского творчества» г. Кедрового",
            Organisation.Kind.ADDITIONAL,
            (15, 16),
            settlement="г. Кедровый",
        ),
    ],
    settlement="г. Кедровый",
)

REGIONS = [
    ("04", "Республика Алтай", [ONGUDAI, GORNO_ALTAISK]),
    ("70", "Томская область", [KEDROVY]),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    last_name: str
    first_name: str
    patronymic: str
    role: str | None  # None: a mentor or mentee (role follows from pairs)
    region: str  # region code
    municipality: str | None = None
    organisation: str | None = None  # short name
    staff_position: str | None = None  # link the account to a staff member holding this


ACCOUNTS = [
    DemoAccount(
        "coordinator.altai", "Тадыева", "Айана", "Сергеевна", Role.REGION_COORDINATOR, "04"
    ),
    DemoAccount(
        "methodist.ongudai", "Кыдыева", "Чейнеш", "Петровна", Role.METHODIST, "04", ONGUDAI.name
    ),
    DemoAccount(
        "curator.ongudai",
        "",
        "",
        "",
        Role.CURATOR,
        "04",
        ONGUDAI.name,
        "Онгудайская СОШ",
        "Заместитель директора по УВР",
    ),
    DemoAccount(
        "director.ongudai",
        "",
        "",
        "",
        Role.DIRECTOR,
        "04",
        ONGUDAI.name,
        "Онгудайская СОШ",
        "Директор",
    ),
    DemoAccount(
        "psychologist.ongudai",
        "",
        "",
        "",
        Role.PSYCHOLOGIST,
        "04",
        ONGUDAI.name,
        "Онгудайская СОШ",
        "Педагог-психолог",
    ),
    DemoAccount(
        "mentor.ongudai", "", "", "", None, "04", ONGUDAI.name, "Онгудайская СОШ", "mentor"
    ),
    DemoAccount(
        "mentee.ongudai", "", "", "", None, "04", ONGUDAI.name, "Онгудайская СОШ", "mentee"
    ),
    DemoAccount(
        "coordinator.tomsk", "Белоусова", "Ирина", "Николаевна", Role.REGION_COORDINATOR, "70"
    ),
    DemoAccount(
        "methodist.kedrovy", "Корнилова", "Ольга", "Викторовна", Role.METHODIST, "70", KEDROVY.name
    ),
    DemoAccount(
        "curator.kedrovy",
        "",
        "",
        "",
        Role.CURATOR,
        "70",
        KEDROVY.name,
        "Кедровская СОШ",
        "Заместитель директора по УВР",
    ),
    DemoAccount(
        "director.kedrovy",
        "",
        "",
        "",
        Role.DIRECTOR,
        "70",
        KEDROVY.name,
        "Кедровская СОШ",
        "Директор",
    ),
]


def _rng(*parts: str) -> random.Random:
    return random.Random(zlib.crc32("|".join(parts).encode()))


def demo_password(username: str) -> str:
    """The documented password of every demo login, for development (DEBUG on) only."""
    return settings.DEMO_PASSWORD


@transaction.atomic
def seed(log=print, passwords=demo_password) -> None:
    """``passwords`` gives each new account its password (by username); accounts that exist
    already keep theirs."""
    subjects = {name: Subject.objects.get_or_create(name=name)[0] for name in SUBJECTS}
    organisations: dict[str, Organisation] = {}
    for code, region_name, municipalities in REGIONS:
        region, _ = Region.objects.get_or_create(code=code, defaults={"name": region_name})
        for demo_municipality in municipalities:
            municipality, _ = Municipality.objects.get_or_create(
                region=region,
                name=demo_municipality.name,
                defaults={
                    "kind": demo_municipality.kind,
                    "education_authority": demo_municipality.authority,
                    "settlement": demo_municipality.settlement,
                },
            )
            for demo in demo_municipality.organisations:
                organisation = _organisation(municipality, demo)
                organisations[demo.short_name] = organisation
                created = _staff(organisation, demo, demo_municipality.altai, subjects)
                if created:
                    people = ru_plural(created, "педагог,педагога,педагогов")
                    log(f"  {organisation.short_name}: {people}")
    _accounts(organisations, passwords)
    log(f"Демо-данные готовы: {len(organisations)} организаций")


def _organisation(municipality: Municipality, demo: DemoOrganisation) -> Organisation:
    organisation = Organisation.objects.filter(
        municipality=municipality, short_name=demo.short_name
    ).first()
    if organisation:
        return organisation
    # The head is the staff member in the head position (the first row of ``_positions``):
    # the staff list and every signature name the same person.
    return Organisation.objects.create(
        municipality=municipality,
        short_name=demo.short_name,
        name=demo.name,
        full_name=demo.full_name,
        settlement=demo.settlement,
        kind=demo.kind,
        head_position=HEAD_POSITIONS.get(demo.kind, "Директор"),
    )


HEAD_POSITIONS = {
    Organisation.Kind.KINDERGARTEN: "Заведующий",
    Organisation.Kind.METHOD_CENTRE: "Ректор",
}


def _person(rng: random.Random, female: bool, altai: bool) -> tuple[str, str, str, str]:
    surnames = SURNAMES + (ALTAI_SURNAMES * 2 if altai else [])
    last = rng.choice(surnames)[1 if female else 0]
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    patronymic = rng.choice(PATRONYMICS)[1 if female else 0]
    short = f"{last}\u00a0{first[0]}.\u00a0{patronymic[0]}."
    return last, first, patronymic, short


def _positions(
    demo: DemoOrganisation, count: int, rng: random.Random, altai: bool
) -> list[tuple[str, list]]:
    """Positions with subjects: the administration and specialists first, then teachers."""
    if demo.kind == Organisation.Kind.KINDERGARTEN:
        fixed = [
            ("Заведующий", []),
            ("Старший воспитатель", []),
            ("Педагог-психолог", []),
            ("Учитель-логопед", []),
            ("Музыкальный руководитель", ["Музыка"]),
            ("Инструктор по физической культуре", ["Физическая культура"]),
        ]
        rest = [("Воспитатель", [])] * (count - len(fixed))
        return fixed + rest
    if demo.kind == Organisation.Kind.ADDITIONAL:
        fixed = [("Директор", []), ("Методист", []), ("Педагог-организатор", [])]
        rest = [("Педагог дополнительного образования", [])] * (count - len(fixed))
        return fixed + rest
    if demo.kind == Organisation.Kind.METHOD_CENTRE:
        fixed = [("Ректор", []), ("Проректор", [])]
        rest = [("Старший преподаватель", []), ("Методист", [])]
        return fixed + [rng.choice(rest) for _ in range(count - len(fixed))]
    fixed = [
        ("Директор", []),
        ("Заместитель директора по УВР", ["Русский язык"]),
        ("Заместитель директора по ВР", ["История"]),
        ("Педагог-психолог", []),
        ("Социальный педагог", []),
    ]
    teaching = [
        ["Начальные классы"],
        ["Начальные классы"],
        ["Начальные классы"],
        ["Русский язык", "Литература"],
        ["Русский язык", "Литература"],
        ["Математика"],
        ["Математика", "Информатика"],
        ["Физика"],
        ["Химия", "Биология"],
        ["Биология"],
        ["География"],
        ["История", "Обществознание"],
        ["Английский язык"],
        ["Немецкий язык"],
        ["Физическая культура"],
        ["Музыка"],
        ["Изобразительное искусство"],
        ["Труд (технология)"],
        ["ОБЗР"],
    ]
    if altai:
        teaching.append(["Алтайский язык", "Алтайская литература"])
    rest = []
    for i in range(count - len(fixed)):
        subjects = teaching[i % len(teaching)]
        title = "Учитель начальных классов" if subjects == ["Начальные классы"] else "Учитель"
        rest.append((title, subjects))
    return fixed + rest


def _staff(organisation, demo: DemoOrganisation, altai: bool, subjects) -> int:
    if StaffMember.objects.filter(organisation=organisation).exists():
        return 0
    rng = _rng("staff", demo.short_name)
    count = rng.randint(*demo.staff_range)
    # Mostly older staff with few young specialists; each school still has enough young
    # teachers for the pairs that the district report of 25.03.2021 gives.
    young = max(demo.pairs + 1, round(count * 0.1))
    people = []
    for index, (position, subject_names) in enumerate(_positions(demo, count, rng, altai)):
        female = rng.random() < 0.82
        last, first, patronymic, _ = _person(rng, female, altai)
        is_young = index >= count - young and position.startswith(
            ("Учитель", "Воспитатель", "Педагог доп")
        )
        if is_young:
            age = rng.randint(22, 27)
            career_years = rng.randint(0, 2)
        else:
            age = rng.choices(
                [rng.randint(28, 35), rng.randint(36, 50), rng.randint(51, 66)],
                weights=[15, 40, 45],
            )[0]
            career_years = max(3, age - rng.randint(21, 26))
        birth = REFERENCE_DATE - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        career_start = datetime.date(REFERENCE_DATE.year - career_years, 9, 1)
        transferred = not is_young and rng.random() < 0.2
        hired = (
            datetime.date(rng.randint(career_start.year, REFERENCE_DATE.year), 9, 1)
            if transferred
            else career_start
        )
        if is_young:
            category = StaffMember.Category.NONE
        else:
            category = rng.choices(
                [
                    StaffMember.Category.HIGHEST,
                    StaffMember.Category.FIRST,
                    StaffMember.Category.CONFORMITY,
                    StaffMember.Category.NONE,
                ],
                weights=[25, 35, 25, 15],
            )[0]
        person = StaffMember.objects.create(
            organisation=organisation,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            position=position,
            category=category,
            birth_date=birth,
            hired_on=hired,
            career_started_on=career_start,
            previous_organisation_name="МБОУ «Усть-Канская СОШ»"
            if transferred and altai
            else ("МАОУ «Средняя школа № 4» г. Стрежевого" if transferred else ""),
        )
        person.subjects.set([subjects[name] for name in subject_names])
        people.append(person)
    return len(people)


def _accounts(organisations: dict[str, Organisation], passwords) -> None:
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_superuser": True,
            "is_staff": True,
            "last_name": "Администратор",
            "first_name": "Портала",
            "email": "admin@example.ru",
        },
    )
    if created:
        admin.set_password(passwords(admin.username))
        admin.save(update_fields=["password"])

    regions = {r.code: r for r in Region.objects.all()}
    for account in ACCOUNTS:
        region = regions[account.region]
        municipality = (
            Municipality.objects.get(region=region, name=account.municipality)
            if account.municipality
            else None
        )
        organisation = organisations.get(account.organisation) if account.organisation else None
        staff = _staff_for(organisation, account.staff_position) if organisation else None
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username, email=f"{account.username}@example.ru")
            if staff:
                user.last_name, user.first_name = staff.last_name, staff.first_name
                user.patronymic = staff.patronymic
                user.staff_member = staff
            else:
                user.last_name, user.first_name = account.last_name, account.first_name
                user.patronymic = account.patronymic
            user.set_password(passwords(user.username))
            user.save()
        if account.role:
            Membership.objects.get_or_create(
                user=user,
                role=account.role,
                region=region,
                municipality=municipality,
                organisation=organisation,
            )


def _staff_for(organisation: Organisation, position: str) -> StaffMember:
    """The staff member behind a demo account: by position, or a mentor / young mentee."""
    staff = StaffMember.objects.filter(organisation=organisation).working()
    if position == "mentor":
        experienced = staff.exclude(pk__in=staff.young_specialists(REFERENCE_DATE)).filter(
            position__startswith="Учитель"
        )
        return experienced.order_by("-category", "pk").first()
    if position == "mentee":
        return staff.young_specialists(REFERENCE_DATE).order_by("pk").first()
    return staff.filter(position=position).order_by("pk").first()
