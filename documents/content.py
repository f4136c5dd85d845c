"""What each document kind says: the data read at issue time, frozen into a JSON snapshot.

A builder reads the portal's data once and returns plain JSON (strings, lists, dicts). The
print templates read only that snapshot, so an issued document renders the same words for
ever, whatever happens to the staff or pairs afterwards.

Fixed wording comes from ``DEFAULTS`` or the issuer's ``Wording`` rows and may use ``$name``
placeholders (``string.Template``): the only substitution there is; braces, percent signs
and template tags in a user's text stay literal.
"""

from __future__ import annotations

import datetime
import re
from string import Template

from django.core.exceptions import ValidationError

from orgs import declension
from orgs.models import Organisation, StaffMember
from orgs.schoolyear import SchoolYear
from orgs.selectors import name_overrides, organisation_head

from .models import Document, Kind, Wording
from .report import build_analytical_report

DEFAULTS: dict[str, dict[str, str]] = {
    Kind.TARGET_MODEL: {
        "grounds": (
            "Во исполнение распоряжения Министерства просвещения Российской Федерации "
            "от 25.12.2019 № Р-145, распоряжения Правительства Российской Федерации от "
            "31.12.2019 № 3273-р, в целях развития системы наставничества педагогических "
            "работников в $organisation_loc"
        ),
        "points": (
            "Внедрить в $short_name_loc целевую модель наставничества с $year учебного года.\n"
            "Определить формы наставничества: «учитель – учитель», «молодой учитель – "
            "наставник».\n"
            "Куратору наставничества разработать Положение о системе наставничества и "
            "дорожную карту внедрения целевой модели."
        ),
    },
    Kind.REGULATION: {
        "grounds": (
            "На основании решения педагогического совета, в целях организации системы "
            "наставничества педагогических работников в $organisation_loc"
        ),
        "points": (
            "Утвердить Положение о системе наставничества педагогических работников "
            "(приложение 1).\n"
            "Утвердить дорожную карту (план мероприятий) по реализации Положения "
            "(приложение 2).\n"
            "Разместить Положение в разделе «Наставничество» официального сайта организации."
        ),
    },
    Kind.CURATOR: {
        "grounds": (
            "В соответствии с Положением о системе наставничества педагогических работников "
            "$organisation_gen, в целях организации наставничества в $year учебном году"
        ),
        "points": "",
    },
    Kind.PAIRS: {
        "grounds": (
            "В соответствии с Положением о системе наставничества педагогических работников "
            "$organisation_gen, на основании взаимного согласия наставников и наставляемых, "
            "в целях адаптации и профессионального развития педагогических работников"
        ),
        "points": "",
    },
    Kind.PROGRAMMES: {
        "grounds": (
            "В соответствии с Положением о системе наставничества педагогических работников "
            "$organisation_gen, в целях планомерного профессионального развития наставляемых"
        ),
        "points": "",
    },
    Kind.FINAL_EVENT: {
        "grounds": (
            "В соответствии с Положением о системе наставничества педагогических работников "
            "$organisation_gen, по итогам реализации программ наставничества в $year учебном году"
        ),
        "points": "",
    },
    Kind.COUNCIL: {"grounds": "", "points": ""},
    Kind.YOUNG_SPECIALISTS: {
        "grounds": (
            "В соответствии со статьёй 351.8 Трудового кодекса Российской Федерации, "
            "Положением о системе наставничества педагогических работников $organisation, в "
            "целях адаптации молодых специалистов и их закрепления в профессии"
        ),
        "points": "",
    },
    Kind.ROADMAP_ORDER: {
        "grounds": (
            "В целях развития системы наставничества как механизма профессионального роста "
            "педагогических работников образовательных организаций $municipality_gen"
        ),
        # The points approving the appendices come first, one per appendix that exists.
        "points": (
            "Руководителям образовательных организаций:\n"
            "- обеспечить исполнение мероприятий программы и дорожной карты на уровне "
            "муниципалитета и образовательных организаций;\n"
            "- обеспечить участие педагогов-наставников в мероприятиях программы "
            "муниципального и регионального уровней;\n"
            "- обеспечить сбор информации для отчёта об исполнении дорожной карты."
        ),
    },
}

# The Положение о системе наставничества: general provisions, terms, goals and tasks, forms,
# the order of work, rights and duties of mentor, mentee and curator, incentives, expected
# results and documents. ``$organisation`` is the organisation's full name.
REGULATION_SECTIONS = [
    (
        "1. Общие положения",
        [
            "1.1. Положение о системе наставничества педагогических работников (далее — "
            "Положение) определяет цели, задачи, формы и порядок организации наставничества "
            "в $organisation_loc (далее — организация).",
            "1.2. Положение разработано в соответствии с Федеральным законом от 29.12.2012 "
            "№ 273-ФЗ «Об образовании в Российской Федерации», статьёй 351.8 Трудового кодекса "
            "Российской Федерации, распоряжением Министерства просвещения Российской Федерации "
            "от 25.12.2019 № Р-145 и письмом Министерства просвещения Российской Федерации "
            "от 21.12.2021 № АЗ-1128/08 о методических рекомендациях по разработке и "
            "внедрению системы (целевой модели) наставничества педагогических работников.",
            "1.3. Участники системы наставничества: наставники, наставляемые, куратор "
            "наставничества, руководитель организации, педагог-психолог, руководители "
            "методических объединений.",
            "1.4. Наставничество осуществляется на добровольной основе, с письменного "
            "согласия наставника и наставляемого.",
        ],
    ),
    (
        "2. Основные понятия",
        [
            "Наставничество — форма передачи профессионального опыта, знаний и умений, при "
            "которой опытный педагог помогает коллеге освоить трудовые функции и развиваться "
            "профессионально.",
            "Наставник — педагогический работник, назначенный ответственным за "
            "профессиональную и должностную адаптацию и развитие наставляемого.",
            "Наставляемый — педагогический работник, включённый в программу наставничества и "
            "осваивающий с помощью наставника новые знания, умения и компетенции.",
            "Куратор — заместитель руководителя или иной работник организации, который "
            "организует систему наставничества и отвечает за её результаты.",
            "Персонализированная программа наставничества — программа пары (группы) на срок "
            "до одного года с планом мероприятий по устранению затруднений наставляемого.",
        ],
    ),
    (
        "3. Цели и задачи наставничества",
        [
            "3.1. Цель — профессиональный рост педагогов, их закрепление в профессии и "
            "повышение качества образования в организации.",
            "3.2. Задачи: помочь молодым специалистам и вновь принятым педагогам "
            "адаптироваться в коллективе и профессии; выявить и устранить профессиональные "
            "затруднения педагогов; развивать интерес к методике и самообразованию; "
            "распространять лучший педагогический опыт; создавать условия для "
            "профессиональных конкурсов и аттестации.",
        ],
    ),
    (
        "4. Формы наставничества",
        [
            "4.1. Наставничество организуется в формах «учитель – учитель», «молодой учитель "
            "– опытный наставник», «руководитель – педагог», «педагог вуза (колледжа) – "
            "молодой специалист» и других, предусмотренных целевой моделью.",
            "4.2. По числу участников наставничество бывает индивидуальным («один на один») "
            "и групповым; по способу взаимодействия — очным, дистанционным, сетевым, "
            "реверсивным и флеш-наставничеством.",
        ],
    ),
    (
        "5. Организация наставничества",
        [
            "5.1. Наставляемыми становятся молодые специалисты со стажем до трёх лет, "
            "педагоги, осваивающие новую должность или технологии, и педагоги, перешедшие из "
            "другой организации. Потребности наставляемых выявляются диагностикой "
            "профессиональных затруднений.",
            "5.2. Наставник назначается приказом руководителя с его письменного согласия; "
            "одновременно за наставником закрепляется не более трёх наставляемых. Пары "
            "(группы) формируются по взаимному согласию и закрепляются приказом на срок от "
            "трёх месяцев до одного года.",
            "5.3. Наставник и наставляемый в течение месяца составляют персонализированную "
            "программу наставничества, которую утверждает руководитель.",
            "5.4. Наставничество проходит подготовительный, основной и заключительный этапы; "
            "программа завершается выполнением плана или досрочно — по заявлению участника, "
            "при увольнении или по решению руководителя.",
        ],
    ),
    (
        "6. Права и обязанности наставника",
        [
            "6.1. Наставник обязан: составить с наставляемым программу и выполнять её план; "
            "помогать наставляемому в освоении трудовых функций, посещать его уроки и "
            "приглашать на свои; проводить консультации; сообщать куратору о ходе работы и "
            "затруднениях.",
            "6.2. Наставник вправе: привлекать к работе других педагогов с их согласия; "
            "требовать выполнения согласованного плана; участвовать в обсуждении результатов "
            "работы наставляемого; отказаться от наставничества, письменно предупредив "
            "руководителя.",
        ],
    ),
    (
        "7. Права и обязанности наставляемого",
        [
            "7.1. Наставляемый обязан: выполнять план программы в установленные сроки; "
            "изучать нормативные документы и локальные акты организации; посещать занятия "
            "наставника и выполнять его рекомендации; отчитываться о выполнении плана.",
            "7.2. Наставляемый вправе: обращаться к наставнику и куратору за помощью; "
            "участвовать в составлении программы; просить о замене наставника, обосновав "
            "причину.",
        ],
    ),
    (
        "8. Права и обязанности куратора",
        [
            "8.1. Куратор обязан: вести базу наставников и наставляемых; готовить проекты "
            "приказов о наставничестве; организовывать диагностику затруднений, мониторинг "
            "удовлетворённости и эффективности; размещать сведения о наставничестве на сайте "
            "организации; ежегодно отчитываться перед руководителем.",
            "8.2. Куратор вправе запрашивать у наставников и наставляемых отчёты о ходе "
            "программ и вносить руководителю предложения о поощрении и о замене наставника.",
        ],
    ),
    (
        "9. Поощрение наставников",
        [
            "9.1. За наставничество работнику устанавливается доплата в размере и порядке, "
            "определённых дополнительным соглашением к трудовому договору и локальным актом "
            "об оплате труда.",
            "9.2. Успешные наставники поощряются благодарностью, грамотой, представлением к "
            "ведомственным наградам, учётом наставничества при аттестации; лучшие "
            "практики публикуются на сайте и выдвигаются на конкурсы наставников.",
        ],
    ),
    (
        "10. Ожидаемые результаты",
        [
            "Успешная адаптация и закрепление молодых специалистов в организации; устранение "
            "выявленных профессиональных затруднений; рост числа педагогов, участвующих в "
            "конкурсах и распространяющих опыт; положительная динамика образовательных "
            "результатов обучающихся наставляемых.",
        ],
    ),
    (
        "11. Документы системы наставничества",
        [
            "Настоящее Положение; дорожная карта внедрения целевой модели наставничества; "
            "приказы о назначении куратора и наставников, о закреплении пар (групп), об "
            "утверждении персонализированных программ, о поощрении наставников; согласия "
            "наставников и дополнительные соглашения к трудовым договорам; "
            "персонализированные программы наставничества; отчёты и аналитические справки "
            "по итогам мониторинга.",
        ],
    ),
]

ROADMAP_STAGES = [
    (
        "Подготовительный этап",
        [
            (
                "Издание приказа о внедрении целевой модели наставничества",
                "Приказ",
                "Сентябрь",
                "Руководитель",
            ),
            ("Разработка Положения о системе наставничества", "Положение", "Сентябрь", "Куратор"),
        ],
    ),
    (
        "Формирование базы наставников и наставляемых",
        [
            (
                "Диагностика профессиональных затруднений педагогов",
                "Аналитическая справка",
                "Сентябрь",
                "Куратор, педагог-психолог",
            ),
            (
                "Формирование наставнических пар (групп)",
                "Приказ о закреплении пар",
                "Октябрь",
                "Куратор",
            ),
        ],
    ),
    (
        "Реализация и оценка результатов",
        [
            (
                "Разработка персонализированных программ наставничества",
                "Программы",
                "Октябрь",
                "Наставники",
            ),
            (
                "Мониторинг удовлетворённости и эффективности",
                "Аналитическая справка",
                "Май",
                "Куратор",
            ),
            ("Итоговое мероприятие, поощрение наставников", "Приказ", "Май", "Руководитель"),
        ],
    ),
]


def _names(document: Document) -> dict:
    """The issuer's hand-corrected cases, read once per document."""
    cached = getattr(document, "_name_overrides", None)
    if cached is None:
        cached = name_overrides(
            municipality_id=document.municipality_id, organisation_id=document.organisation_id
        )
        document._name_overrides = cached
    return cached


def _with_cases(values: dict[str, str], key: str, phrase: str, overrides) -> None:
    values[key] = phrase
    for case, suffix in CASE_SUFFIXES.items():
        values[f"{key}_{suffix}"] = declension.decline(phrase, case, overrides)


# $name_gen, $name_dat, $name_acc, $name_ins, $name_loc: the placeholder in that case.
CASE_SUFFIXES = {
    declension.GENITIVE: "gen",
    declension.DATIVE: "dat",
    declension.ACCUSATIVE: "acc",
    declension.INSTRUMENTAL: "ins",
    declension.PREPOSITIONAL: "loc",
}


def placeholders(document: Document) -> dict[str, str]:
    issuer = document.issuer
    overrides = _names(document)
    start = SchoolYear.containing(document.date).start_year
    values = {"year": f"{start}/{start + 1}", "date": f"{document.date:%d.%m.%Y}"}
    _with_cases(
        values,
        "municipality",
        declension.municipality_phrase(document.municipality.name),
        overrides,
    )
    if isinstance(issuer, Organisation):
        _with_cases(values, "organisation", issuer.name, overrides)
        _with_cases(values, "short_name", issuer.short_name, overrides)
        head = organisation_head(issuer, on=document.date)
        values["head"] = head.full_name if head else ""
    else:
        authority = document.municipality.education_authority or document.municipality.name
        _with_cases(values, "organisation", authority, overrides)
        _with_cases(values, "short_name", authority, overrides)
        values["head"] = ""
    return values


def wording(document: Document, part: str) -> str:
    """The text of one fixed part: the document's own edit, else the issuer's, else ours."""
    own = (document.params.get("wording") or {}).get(part)
    if own is None:
        row = Wording.objects.filter(
            municipality=document.municipality_id,
            organisation=document.organisation_id,
            kind=document.kind,
            part=part,
        ).first()
        own = row.text if row else DEFAULTS.get(document.kind, {}).get(part, "")
    return fill(own, placeholders(document))


def fill(text: str, values: dict[str, str]) -> str:
    return Template(text).safe_substitute(values)


def signature_name(full_name: str) -> str:
    """«Е. А. Смирнова»: initials before the surname under a signature (GOST R 7.0.97)."""
    if not full_name.strip():
        return ""
    return declension.Person.parse(full_name).signature()


def described(staff: StaffMember, case: str = declension.NOMINATIVE, overrides=None) -> str:
    """«Тадыева А. Н., учитель физики»: the position keeps its own capitals (УВР, ОБЖ)."""
    name = declension.Person.of(staff).short(case, overrides)
    return f"{name}, {declension.position(staff.position, case, overrides)}"


def person(staff: StaffMember, overrides=None) -> dict:
    """A person as documents name them, with the cases their sentences need: «от Беловой
    Людмилы Ивановны, учителя физики» (genitive)."""
    name = declension.Person.of(staff)
    return {
        "id": staff.pk,
        "name": staff.short_name,
        "full_name": staff.full_name,
        "position": staff.position,
        "full_name_gen": name.full(declension.GENITIVE, overrides),
        "position_gen": declension.position(staff.position, declension.GENITIVE, overrides),
    }


def _head(position: str, name: declension.Person | None, overrides) -> dict:
    """The signatory: «Директор … Ю. В. Высоцкая», and the forms of the sentences that name
    them («в лице директора Высоцкой Юлии Владимировны», «Директору … Ю. В. Высоцкой»)."""
    head = {"position": position, "name": "", "full_name": ""}
    for case, suffix in CASE_SUFFIXES.items():
        head[f"position_{suffix}"] = declension.decline(position, case, overrides)
        head[f"name_{suffix}"] = ""
        head[f"full_name_{suffix}"] = ""
    # In a running text: «в лице директора …», «и. о. директора».
    head["position_in_text_gen"] = declension.position(position, declension.GENITIVE, overrides)
    if name is None or not name.last_name:
        return head
    head["name"] = name.signature()
    head["full_name"] = name.full() if name.first_name[-1:] != "." else name.short()
    for case, suffix in CASE_SUFFIXES.items():
        head[f"name_{suffix}"] = name.signature(case, overrides)
        head[f"full_name_{suffix}"] = (
            name.full(case, overrides) if name.first_name[-1:] != "." else name.short(case)
        )
    return head


def _issuer(document: Document) -> dict:
    params = document.params
    overrides = _names(document)
    typed_name = params.get("signer_name") or ""
    typed = declension.Person.parse(typed_name) if typed_name.strip() else None
    if document.organisation_id:
        organisation = document.organisation
        lines = [organisation.official_name]
        named = organisation.name  # letters to the head use the short official name
        recorded = organisation_head(organisation, on=document.date)
        position = params.get("signer_position") or (
            recorded.position if recorded else organisation.head_position
        )
        name = typed or (declension.Person.of(recorded.staff) if recorded else None)
        place = organisation.settlement or organisation.municipality.settlement
    else:
        municipality = document.municipality
        lines = [municipality.education_authority or municipality.name, municipality.region.name]
        named = lines[0]
        position = params.get("signer_position") or "Руководитель"
        name = typed
        place = params.get("place") or municipality.settlement
    return {
        "issuer_lines": lines,
        "issuer_gen": declension.decline(named, declension.GENITIVE, overrides),
        "place": place,
        "head": _head(position, name, overrides),
    }


def _points(document: Document) -> list[dict]:
    """One point per line; a line starting with «-» is a sub-point of the point above."""
    points: list[dict] = []
    for line in wording(document, "points").splitlines():
        text = line.strip()
        if not text:
            continue
        if text.startswith("-") and points:
            sub = text.lstrip("- ").strip()
            # «3.1. обеспечить …» typed with its number keeps one number, not two.
            points[-1]["subpoints"].append(re.sub(r"^\d+(\.\d+)*\.?\s+", "", sub))
        else:
            points.append({"text": re.sub(r"^\d+\.\s+", "", text), "subpoints": []})
    return points


def _staff(document: Document, key: str) -> list[StaffMember]:
    ids = document.params.get(key) or []
    people = {
        s.pk: s
        for s in StaffMember.objects.filter(organisation=document.organisation_id, pk__in=ids)
    }
    return [people[i] for i in ids if i in people]


def _one_staff(document: Document, key: str, message: str) -> StaffMember:
    people = _staff(document, key)
    if not people:
        raise ValidationError(message)
    return people[0]


def described_accusative(staff: StaffMember, overrides) -> str:
    """«заместителя директора по УВР Яковлева Р. Г.»."""
    name = declension.Person.of(staff).short(declension.ACCUSATIVE, overrides)
    return f"{declension.position(staff.position, declension.ACCUSATIVE, overrides)} {name}"


def _control(document: Document) -> str:
    typed = (document.params.get("control") or "").strip()
    if typed:
        return typed if typed.endswith((".", "!", ")")) else f"{typed}."
    curator_ids = document.params.get("curator")
    if curator_ids:
        curator = _staff(document, "curator")
        if curator:
            # «возложить на кого»: the accusative of the position and the name.
            return f"возложить на {described_accusative(curator[0], _names(document))}."
    return "оставляю за собой."


# --- builders -----------------------------------------------------------------------------


def build_target_model(document: Document) -> dict:
    return {"template": "order", "points": _points(document), "acquainted": []}


def build_regulation(document: Document) -> dict:
    values = placeholders(document)
    roadmap_rows = []
    number = 0
    for stage, items in ROADMAP_STAGES:
        roadmap_rows.append({"section": stage})
        for title, result, deadline, responsible in items:
            number += 1
            roadmap_rows.append({"cells": [f"{number}.", title, result, deadline, responsible]})
    return {
        "template": "order",
        "points": _points(document),
        "attachments": [
            {
                "title": "Положение о системе наставничества педагогических работников",
                "sections": [
                    {"heading": heading, "paragraphs": [fill(p, values) for p in paragraphs]}
                    for heading, paragraphs in REGULATION_SECTIONS
                ],
            },
            {
                "title": "Дорожная карта внедрения целевой модели наставничества",
                "table": {
                    "columns": [
                        {"title": "№", "width": 6},
                        {"title": "Мероприятие", "width": 41},
                        {"title": "Результат", "width": 20},
                        {"title": "Срок", "width": 12},
                        # Wide enough for «Ответственные» in bold without hyphenation.
                        {"title": "Ответственные", "width": 21},
                    ],
                    "rows": roadmap_rows,
                },
            },
        ],
    }


def build_curator(document: Document) -> dict:
    curator = _one_staff(document, "curator", "Выберите куратора наставничества.")
    mentors = _staff(document, "staff")
    points = [
        {
            "text": "Назначить куратором наставничества:",
            "subpoints": [described(curator)],
        }
    ]
    if mentors:
        points.append(
            {
                "text": "Назначить наставниками педагогических работников (с их письменного "
                "согласия):",
                "subpoints": [described(m) for m in mentors],
            }
        )
    points += _points(document)
    return {
        "template": "order",
        "points": points,
        "acquainted": [curator.short_name] + [m.short_name for m in mentors],
    }


def build_final_event(document: Document) -> dict:
    mentors = _staff(document, "staff")
    if not mentors:
        raise ValidationError("Выберите наставников, которых приказ поощряет.")
    event_date = document.params.get("event_date") or ""
    points = [
        {
            "text": "Провести итоговое мероприятие по результатам реализации программ "
            f"наставничества{(' ' + event_date) if event_date else ''}.",
            "subpoints": [],
        },
        {
            "text": "Объявить благодарность за высокие результаты наставнической деятельности:",
            "subpoints": [described(m) for m in mentors],
        },
    ] + _points(document)
    return {"template": "order", "points": points, "acquainted": [m.short_name for m in mentors]}


COUNCIL_QUESTIONS = [
    (
        "Об утверждении Положения о системе наставничества педагогических работников.",
        "о проекте Положения о системе наставничества педагогических работников: цели, "
        "формы наставничества, права и обязанности участников, порядок поощрения.",
        "Рекомендовать руководителю утвердить Положение о системе наставничества "
        "педагогических работников.",
    ),
    (
        "Об утверждении дорожной карты внедрения целевой модели наставничества.",
        "о мероприятиях дорожной карты внедрения целевой модели наставничества, сроках и "
        "ответственных.",
        "Рекомендовать руководителю утвердить дорожную карту внедрения целевой модели "
        "наставничества.",
    ),
]


def _count(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def build_council(document: Document) -> dict:
    """The protocol of the pedagogical council: quorum, then per question СЛУШАЛИ,
    ВЫСТУПИЛИ, ПОСТАНОВИЛИ and the vote. A council without a quorum decides nothing, so
    such a protocol is refused rather than printed."""
    params = document.params
    members, present = _count(params.get("members")), _count(params.get("present_count"))
    against, abstained = _count(params.get("against")) or 0, _count(params.get("abstained")) or 0
    quorum = ""
    votes_for = None
    if members and present is not None:
        if present > members:
            raise ValidationError("Присутствующих больше, чем членов педагогического совета.")
        if present * 2 <= members:
            raise ValidationError(
                f"Кворума нет: присутствуют {present} из {members} членов педагогического "
                "совета, решения не правомочны."
            )
        if against + abstained > present:
            raise ValidationError("Голосов «против» и «воздержались» больше, чем присутствующих.")
        votes_for = present - against - abstained
        quorum = (
            f"Присутствовали {present} из {members} членов педагогического совета. "
            "Кворум имеется, заседание правомочно."
        )
    speaker = params.get("speaker") or params.get("secretary") or ""
    spoke = params.get("spoke") or ""
    vote = (
        f"за — {votes_for}, против — {against}, воздержались — {abstained}."
        if votes_for is not None
        else "за — ____, против — ____, воздержались — ____."
    )
    return {
        "template": "council",
        "chair": params.get("chair") or "",
        "secretary": params.get("secretary") or "",
        "present": params.get("present") or "",
        "quorum": quorum,
        "agenda": [question for question, _heard, _decided in COUNCIL_QUESTIONS],
        "questions": [
            {
                "heard": f"{speaker}, {heard}" if speaker else heard[0].upper() + heard[1:],
                "spoke": spoke,
                "decided": decided,
                "vote": vote,
            }
            for _question, heard, decided in COUNCIL_QUESTIONS
        ],
    }


YOUNG_COLUMNS = [
    {"title": "№", "width": 6},
    {"title": "Молодой специалист, должность", "width": 36},
    # «Стаж» (pedagogical): a narrow column fits no longer heading without hyphenation.
    {"title": "Стаж", "width": 14},
    {"title": "Наставник", "width": 44},
]


def build_young_specialists(document: Document) -> dict:
    """Every young specialist of the organisation on the order's date (pedagogical career
    under three years) with the mentor of an open pair, or a gap the order tells to fill."""
    from pairs.models import PairMember

    young = list(
        StaffMember.objects.filter(organisation=document.organisation_id)
        .young_specialists(document.date)
        .order_by("last_name", "first_name", "pk")
    )
    if not young:
        raise ValidationError("В организации нет молодых специалистов (стаж менее трёх лет).")
    mentors: dict[int, list[str]] = {}
    memberships = PairMember.objects.filter(
        organisation=document.organisation_id,
        pair__status__in=["draft", "active"],
        pair__members__staff__in=young,
        pair__members__role="mentee",
        role="mentor",
    ).select_related("staff")
    mentees_of: dict[int, list[int]] = {}
    for pair_id, staff_id in PairMember.objects.filter(
        organisation=document.organisation_id,
        staff__in=young,
        role="mentee",
        pair__status__in=["draft", "active"],
    ).values_list("pair_id", "staff_id"):
        mentees_of.setdefault(pair_id, []).append(staff_id)
    for membership in memberships:
        for staff_id in mentees_of.get(membership.pair_id, []):
            named = described(membership.staff)
            if named not in mentors.setdefault(staff_id, []):
                mentors[staff_id].append(named)
    rows = []
    for number, person_ in enumerate(young, start=1):
        years = person_.career_years(document.date)
        rows.append(
            {
                "cells": [
                    f"{number}.",
                    described(person_),
                    "менее года" if not years else f"{years} {'год' if years == 1 else 'года'}",
                    "\n".join(mentors.get(person_.pk, [])) or "не назначен",
                ]
            }
        )
    without = sum(1 for p in young if p.pk not in mentors)
    curator = _staff(document, "curator")
    curator_text = (
        f"Куратору наставничества ({curator[0].short_name})"
        if curator
        else ("Куратору наставничества")
    )
    points = [
        {
            "text": "Организовать работу с молодыми специалистами в "
            f"{placeholders(document)['year']} учебном году; утвердить их список и "
            "закреплённых наставников согласно таблице:",
            "subpoints": [],
            "table": {"columns": YOUNG_COLUMNS, "rows": rows},
        },
        {
            "text": f"{curator_text}:",
            "subpoints": [
                "провести диагностику профессиональных затруднений молодых специалистов в "
                "течение месяца со дня издания приказа;",
                "организовать посещение молодыми специалистами уроков наставников и "
                "методических объединений;",
                "провести мониторинг адаптации молодых специалистов по итогам полугодия и "
                "учебного года.",
            ]
            + (
                [
                    f"подобрать наставников молодым специалистам, за которыми наставник не "
                    f"закреплён ({without} чел.), и подготовить проект приказа о закреплении "
                    "пар."
                ]
                if without
                else []
            ),
        },
        {
            "text": "Наставникам совместно с молодыми специалистами разработать "
            "персонализированные программы наставничества.",
            "subpoints": [],
        },
    ] + _points(document)
    acquainted = [p.short_name for p in young]
    return {"template": "order", "points": points, "acquainted": acquainted}


def _mentor_letters(document: Document) -> list[dict]:
    """One consent or agreement per mentor: of the chosen pairs (with their mentees, term and
    extra pay from the pairs), or of the chosen staff with the terms typed in the form."""
    params = document.params
    typed_term = params.get("term") or "на период реализации программы наставничества"
    if params.get("pairs"):
        letters: dict[int, dict] = {}
        for pair in _pairs(document):
            for mentor in _members(pair, "mentor"):
                letter = letters.setdefault(
                    mentor.pk,
                    {
                        "mentor": person(mentor, _names(document)),
                        "mentees": [],
                        "term": "",
                        "pay": "",
                        "consent_on": "",
                    },
                )
                letter["mentees"] += [described(m) for m in _members(pair, "mentee")]
                end = pair.agreement_ends_on or pair.planned_end_on
                letter["term"] = params.get("term") or (
                    f"с {pair.starts_on:%d.%m.%Y} по {end:%d.%m.%Y}"
                )
                if pair.extra_pay_amount is not None:
                    amount = f"{pair.extra_pay_amount:.2f}".replace(".", ",")
                    letter["pay"] = f"{amount} руб. в месяц"
                elif pair.extra_pay_percent is not None:
                    letter["pay"] = f"{pair.extra_pay_percent} % должностного оклада"
                letter["pay"] = params.get("pay") or letter["pay"]
                if pair.consent_on:
                    letter["consent_on"] = f"{pair.consent_on:%d.%m.%Y}"
        return [{**letter, "mentees": "; ".join(letter["mentees"])} for letter in letters.values()]
    mentors = _staff(document, "staff")
    if not mentors:
        raise ValidationError("Выберите наставника или пары, наставникам которых нужен документ.")
    return [
        {
            "mentor": person(mentor, _names(document)),
            "mentees": params.get("mentees_text") or "",
            "term": typed_term,
            "pay": params.get("pay") or "",
        }
        for mentor in mentors
    ]


def build_consent(document: Document) -> dict:
    return {"template": "consent", "letters": _mentor_letters(document)}


def build_agreement(document: Document) -> dict:
    """Each agreement names the employment contract it amends: the typed number and date
    (one mentor), else the date of hire from the staff card and a blank for the number."""
    params = document.params
    letters = _mentor_letters(document)
    hired = {
        s.pk: s.hired_on
        for s in StaffMember.objects.filter(
            organisation=document.organisation_id, pk__in=[x["mentor"]["id"] for x in letters]
        )
    }
    single = len(letters) == 1
    for letter in letters:
        date = params.get("contract_date") if single else ""
        if not date and hired.get(letter["mentor"]["id"]):
            date = f"{hired[letter['mentor']['id']]:%d.%m.%Y}"
        letter["contract"] = {
            "number": (params.get("contract_number") if single else "") or "________",
            "date": date or "«___» __________ ____ г.",
        }
    # «действующего / действующей на основании Устава» agrees with the head.
    parts = _issuer(document)["head"]["full_name"].split()
    female = (
        bool(parts)
        and declension.gender_of(
            last_name=parts[0],
            first_name=parts[1] if len(parts) > 1 else "",
            patronymic=parts[2] if len(parts) > 2 else "",
        )
        == declension.FEMALE
    )
    return {
        "template": "agreement",
        "letters": letters,
        "head_acting": "действующей" if female else "действующего",
    }


def build_certificate(document: Document) -> dict:
    mentor = _one_staff(document, "staff", "Выберите наставника.")
    return {
        "template": "certificate",
        "mentor": person(mentor, _names(document)),
        "text": wording(document, "points")
        or ("за высокий профессионализм и успешную наставническую деятельность"),
    }


BUILDERS = {
    Kind.TARGET_MODEL: build_target_model,
    Kind.REGULATION: build_regulation,
    Kind.CURATOR: build_curator,
    Kind.FINAL_EVENT: build_final_event,
    Kind.YOUNG_SPECIALISTS: build_young_specialists,
    Kind.COUNCIL: build_council,
    Kind.CONSENT: build_consent,
    Kind.AGREEMENT: build_agreement,
    Kind.CERTIFICATE: build_certificate,
}


def available_kinds() -> set[str]:
    return set(BUILDERS)


def build_snapshot(document: Document) -> dict:
    """Everything the print template needs, read now and frozen as JSON."""
    builder = BUILDERS.get(document.kind)
    if builder is None:
        raise ValidationError("Этот вид документа пока не формируется порталом.")
    snapshot = {
        "kind": document.kind,
        "title": document.title,
        "grounds": wording(document, "grounds"),
        "control": _control(document),
        **_issuer(document),
        "attachments": [],
        "acquainted": [],
    }
    snapshot.update(builder(document))
    typed = document.params.get("acquainted_text") or ""
    for name in (line.strip() for line in typed.splitlines()):
        if name and name not in snapshot["acquainted"]:
            snapshot["acquainted"].append(name)
    # Whoever the order names signs that they read it, the curator in the control point too.
    for curator in _staff(document, "curator") if snapshot["template"] == "order" else []:
        if curator.short_name not in snapshot["acquainted"]:
            snapshot["acquainted"].append(curator.short_name)
    snapshot["built_on"] = datetime.date.today().isoformat()
    return snapshot


# --- pairs and plans ------------------------------------------------------------------------


def _pairs(document: Document):
    from pairs.selectors import pairs_named

    ids = document.params.get("pairs") or []
    if not ids:
        raise ValidationError("Выберите хотя бы одну наставническую пару (группу).")
    rows = pairs_named(organisation_id=document.organisation_id, ids=ids)
    if len(rows) != len(set(ids)):
        raise ValidationError("Некоторые из выбранных пар не найдены в этой организации.")
    return rows


def _members(pair, role: str) -> list[StaffMember]:
    return [m.staff for m in pair.members.all() if m.role == role]


def _named(people: list[StaffMember]) -> str:
    return "\n".join(described(p) for p in people)


def _period(start, end) -> str:
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"


def _acquainted(pairs) -> list[str]:
    names: dict[int, str] = {}
    for pair in pairs:
        for member in sorted(pair.members.all(), key=lambda m: m.role != "mentor"):
            names.setdefault(member.staff_id, member.staff.short_name)
    return list(names.values())


PAIR_COLUMNS = [
    {"title": "№", "width": 6},
    {"title": "Наставник, должность", "width": 27},
    {"title": "Наставляемый, должность", "width": 27},
    {"title": "Форма и формат наставничества", "width": 24},
    {"title": "Срок", "width": 16},
]


def pairs_table(pairs) -> dict:
    return {
        "columns": PAIR_COLUMNS,
        "rows": [
            {
                "cells": [
                    f"{number}.",
                    _named(_members(pair, "mentor")),
                    _named(_members(pair, "mentee")),
                    f"{pair.programme.form_title}; {pair.get_format_display()}",
                    f"{pair.starts_on:%d.%m.%Y} –\n{pair.planned_end_on:%d.%m.%Y}",
                ]
            }
            for number, pair in enumerate(pairs, start=1)
        ],
    }


MUTUAL_CONSENT = "на основании взаимного согласия наставников и наставляемых, "


def missing_consents(pairs) -> list[str]:
    """«Белова Л. И. (согласие не запрошено)» for every pair whose mentor's written consent
    (art. 351.8 of the Labour Code) is not recorded as given."""
    from pairs.models import Pair

    missing = []
    for pair in pairs:
        if pair.consent_status != Pair.Consent.GIVEN:
            names = ", ".join(m.short_name for m in _members(pair, "mentor"))
            missing.append(f"{names} (согласие {pair.get_consent_status_display()})")
    return missing


def build_pairs(document: Document) -> dict:
    pairs = _pairs(document)
    missing = missing_consents(pairs)
    consent_point = []
    if missing:
        # The order may only cite mutual consent that the record holds for every pair.
        consent_point = [
            {
                "text": "Куратору наставничества до начала наставничества получить письменное "
                "согласие наставников (статья 351.8 Трудового кодекса Российской Федерации): "
                + "; ".join(missing)
                + ".",
                "subpoints": [],
            }
        ]
    points = [
        {
            "text": "Закрепить наставнические пары (группы) в составе согласно таблице:",
            "subpoints": [],
            "table": pairs_table(pairs),
        },
        {
            "text": "Наставникам совместно с наставляемыми разработать персонализированные "
            "программы наставничества в течение месяца со дня издания приказа.",
            "subpoints": [],
        },
        *consent_point,
    ] + _points(document)
    snapshot = {"template": "order", "points": points, "acquainted": _acquainted(pairs)}
    if missing:
        snapshot["grounds"] = wording(document, "grounds").replace(MUTUAL_CONSENT, "")
    return snapshot


def _plans(pairs):
    from pairs.models import Plan

    return list(
        Plan.objects.filter(pair__in=[p.pk for p in pairs])
        .select_related("mentee", "pair")
        .prefetch_related("activities")
        .order_by("pair__starts_on", "pair_id", "pk")
    )


PLAN_COLUMNS = [
    {"title": "№", "width": 6},
    {"title": "Мероприятие", "width": 34},
    {"title": "Направление, форма", "width": 22},
    {"title": "Срок", "width": 13},
    {"title": "Ожидаемый результат", "width": 25},
]


def plan_attachment(plan, mentors: list[StaffMember]) -> dict:
    rows = []
    for number, activity in enumerate(plan.activities.all(), start=1):
        rows.append(
            {
                "cells": [
                    f"{number}.",
                    activity.title,
                    f"{activity.get_direction_display()}; {activity.get_form_display()}",
                    activity.when,
                    activity.expected_result,
                ]
            }
        )
    return {
        "title": f"Персонализированная программа наставничества: {plan.mentee.full_name}",
        "paragraphs": [
            f"Наставляемый: {described(plan.mentee)}.",
            "Наставник: " + "; ".join(described(m) for m in mentors) + ".",
            f"Срок реализации: {_period(plan.starts_on, plan.ends_on)}.",
        ]
        + ([f"Цели и задачи: {plan.goals}"] if plan.goals else []),
        "table": {"columns": PLAN_COLUMNS, "rows": rows},
    }


def build_programmes(document: Document) -> dict:
    pairs = _pairs(document)
    plans = _plans(pairs)
    if not plans:
        raise ValidationError("У выбранных пар ещё нет персонализированных программ.")
    mentors = {p.pk: _members(p, "mentor") for p in pairs}
    attachments = [plan_attachment(plan, mentors[plan.pair_id]) for plan in plans]
    points = [
        {
            "text": "Утвердить персонализированные программы наставничества:",
            "subpoints": [
                f"{plan.mentee.short_name} (приложение {n})" for n, plan in enumerate(plans, 1)
            ],
        },
        {
            "text": "Наставникам обеспечить выполнение программ, куратору — мониторинг их "
            "реализации.",
            "subpoints": [],
        },
    ] + _points(document)
    return {
        "template": "order",
        "points": points,
        "acquainted": _acquainted(pairs),
        "attachments": attachments,
    }


def build_plan(document: Document) -> dict:
    pairs = _pairs(document)
    plans = _plans(pairs)
    if not plans:
        raise ValidationError("У выбранной пары ещё нет персонализированной программы.")
    mentors = {p.pk: _members(p, "mentor") for p in pairs}
    return {
        "template": "plan",
        "plans": [plan_attachment(plan, mentors[plan.pair_id]) for plan in plans],
        "signatures": _plan_signatures(document, pairs),
    }


def _plan_signatures(document: Document, pairs) -> list[dict]:
    """Who signs a personalised plan, each on a line that says in what role."""
    rows: dict[tuple[str, int], dict] = {}
    for pair in pairs:
        for role, label in (("mentor", "Наставник"), ("mentee", "Наставляемый")):
            for staff in _members(pair, role):
                rows.setdefault((role, staff.pk), {"role": label, "name": staff.short_name})
    for curator in _staff(document, "curator"):
        rows.setdefault(("curator", curator.pk), {"role": "Куратор", "name": curator.short_name})
    return list(rows.values())


def _programme_name(road_map_title: str) -> str:
    """«Развитие наставничества …» out of «Дорожная карта по реализации муниципальной
    программы «…»»: the programme's own name, quoted as the road map quotes it."""
    start = road_map_title.find("«")
    return road_map_title[start:] if start >= 0 else ""


APPENDIX_REFERENCE = re.compile(r"приложени[еюя]\s*(\d+)", re.I)


def build_roadmap_order(document: Document) -> dict:
    """The order approves exactly the appendices that exist: the road map, the municipal
    programme and the criteria, each with its own point; a municipality without a road map
    gets no point approving one."""
    from .programme import criteria_attachment, programme_attachment

    params = document.params
    attachments = []
    points = []
    roadmap = roadmap_attachment(document)
    name = params.get("programme_title") or (_programme_name(roadmap["title"]) if roadmap else "")
    named = f" {name}" if name else ""
    if roadmap:
        attachments.append(roadmap)
        points.append(
            f"Утвердить дорожную карту по реализации муниципальной программы{named} согласно "
            f"приложению {len(attachments)} к настоящему приказу."
        )
    programme = programme_attachment(document.municipality, name)
    text = params.get("programme_text") or ""
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    if programme is None and paragraphs:
        programme = {"title": f"Муниципальная программа{named}", "sections": []}
    if programme is not None:
        if paragraphs:
            programme["sections"].insert(0, {"heading": "", "paragraphs": paragraphs})
        attachments.append(programme)
        points.append(
            f"Утвердить муниципальную программу{named} согласно приложению "
            f"{len(attachments)} к настоящему приказу."
        )
    criteria = criteria_attachment(document.municipality)
    if criteria is not None and attachments:
        attachments.append(criteria)
        points.append(
            "Утвердить критерии эффективности системы наставничества на уровне "
            f"образовательной организации согласно приложению {len(attachments)} к "
            "настоящему приказу."
        )
    typed = _points(document)
    for point in typed:
        for number in APPENDIX_REFERENCE.findall(" ".join([point["text"], *point["subpoints"]])):
            if int(number) > len(attachments):
                raise ValidationError(
                    f"Пункт «{point['text'][:60]}» ссылается на приложение {number}, которого "
                    "у приказа нет: у муниципалитета нет дорожной карты или программы. "
                    "Уберите пункт или загрузите дорожную карту."
                )
    # Points typed in an earlier wording that approve an appendix replace ours.
    if any(p["text"].lower().startswith("утвердить") for p in typed):
        points = []
    return {
        "template": "order",
        "points": [{"text": text, "subpoints": []} for text in points] + typed,
        "attachments": attachments,
    }


ROADMAP_COLUMNS = [
    {"title": "№", "width": 6},
    {"title": "Мероприятия", "width": 32},
    {"title": "Показатель реализации", "width": 14},
    {"title": "Форма представления результата", "width": 18},
    {"title": "Сроки", "width": 13},
    {"title": "Ответственные", "width": 17},
]


def roadmap_attachment(document: Document) -> dict | None:
    """The municipality's road map (Kedrovy's table: stages, items, yearly indicators)."""
    from monitoring.effectiveness.selectors import municipal_road_map

    road_map = municipal_road_map(document.municipality)
    if road_map is None:
        return None
    rows = []
    for section in road_map.sections.prefetch_related("items"):
        rows.append({"section": section.title})
        rows += [
            {
                "cells": [
                    item.number,
                    item.activity,
                    item.indicators,
                    item.result_form,
                    item.deadline_text,
                    item.responsible,
                ]
            }
            for item in section.items.all()
        ]
    return {
        "title": road_map.title,
        "table": {"columns": ROADMAP_COLUMNS, "rows": rows},
        # Six columns of long text: on portrait pages words would not fit their columns.
        "landscape": True,
    }


BUILDERS.update(
    {
        Kind.ANALYTICAL_REPORT: build_analytical_report,
        Kind.ROADMAP_ORDER: build_roadmap_order,
        Kind.PAIRS: build_pairs,
        Kind.PROGRAMMES: build_programmes,
        Kind.PLAN: build_plan,
    }
)


def pair_choices(organisation: Organisation) -> list[tuple[int, str]]:
    """Open pairs (groups) of the organisation, labelled «наставник → наставляемый»."""
    from pairs.models import Pair

    rows = (
        Pair.objects.filter(
            organisation=organisation, status__in=[Pair.Status.DRAFT, Pair.Status.ACTIVE]
        )
        .prefetch_related("members__staff")
        .order_by("starts_on", "pk")
    )
    return [
        (
            pair.pk,
            ", ".join(m.short_name for m in _members(pair, "mentor"))
            + " → "
            + ", ".join(m.short_name for m in _members(pair, "mentee")),
        )
        for pair in rows
    ]
