"""The municipal programme of mentoring development and its effectiveness criteria, as the
appendices of the municipal order that approves them.

The programme is data: its goal, tasks, mentee categories, the «Элементы модели» and «Формы»
tables below, and the municipality's yearly targets (``ProgrammeTarget`` rows, 20/40/60/80/
100 % of organisations with programmes, events and contests per year). The criteria table
comes from the municipality's criteria set, with the verbal scales kept verbal."""

from __future__ import annotations

from string import Template

GOAL = (
    "Создание и внедрение системы наставничества как механизма профессионального роста "
    "педагогических работников, обеспечивающего повышение качества образования в "
    "образовательных организациях $municipality."
)

TASKS = [
    "ввести наставничество во всех образовательных организациях для сопровождения молодых "
    "специалистов и вновь принятых педагогов в период адаптации и профессионального "
    "становления;",
    "развивать современные формы взаимодействия и обмена опытом между педагогами, в том "
    "числе с использованием цифровых образовательных ресурсов;",
    "разработать нормативные документы и обеспечить методическое сопровождение программы на "
    "уровне органа управления образованием и образовательных организаций;",
    "ежегодно выявлять профессиональные и методические дефициты педагогов, нуждающихся в "
    "наставничестве, и проводить по их итогам адресные мероприятия;",
    "развивать сетевое наставничество с участием школ с высокими результатами, вузов, "
    "организаций дополнительного и профессионального образования;",
    "создать информационно-коммуникативное пространство для обмена успешными практиками "
    "наставничества.",
]

CATEGORIES = [
    "молодые специалисты со стажем работы от 0 до 3 лет, пришедшие в организацию после "
    "окончания обучения;",
    "педагоги, осваивающие новые должностные обязанности, технологии, формы и методы обучения "
    "или готовящиеся к профессиональным конкурсам, независимо от возраста и стажа;",
    "педагоги, перешедшие из другой образовательной организации, независимо от возраста и стажа.",
]

ELEMENTS = {
    "columns": [
        {"title": "Элемент модели", "width": 20},
        {"title": "Содержание", "width": 40},
        {"title": "Цели и задачи", "width": 40},
    ],
    "rows": [
        {
            "cells": [
                "Адаптация",
                "Включение нового сотрудника в жизнь организации, принятие её требований и норм.",
                "Облегчить вхождение молодого специалиста или нового сотрудника в должность и "
                "коллектив.",
            ]
        },
        {
            "cells": [
                "Обучение",
                "Освоение новых знаний, навыков и компетенций.",
                "Раскрыть потенциал работающих педагогов, в том числе при переходе на новую "
                "должность или освоении новых технологий.",
            ]
        },
        {
            "cells": [
                "Сопровождение",
                "Совершенствование умений и компетенций в своей профессиональной области и их "
                "применение в работе.",
                "Поддерживать профессиональный рост педагога, готовить его к конкурсам и "
                "аттестации.",
            ]
        },
    ],
}

FORMS = {
    "columns": [
        {"title": "Форма", "width": 26},
        {"title": "Содержание", "width": 37},
        {"title": "Преимущества", "width": 37},
    ],
    "rows": [
        {
            "cells": [
                "Традиционное («один на один»)",
                "Опытный педагог помогает коллеге освоить профессиональные знания и умения.",
                "Индивидуальный темп, личный контакт, быстрая обратная связь.",
            ]
        },
        {
            "cells": [
                "Групповое",
                "Несколько наставляемых работают с одним или несколькими наставниками "
                "(«круги наставничества»).",
                "Обмен опытом внутри группы, экономия времени наставника.",
            ]
        },
        {
            "cells": [
                "Флеш-наставничество",
                "Разовые встречи и обсуждения по конкретному вопросу.",
                "Быстрая помощь опытного коллеги без долгих обязательств.",
            ]
        },
        {
            "cells": [
                "Сетевое",
                "Взаимодействие педагогов разных организаций на общей площадке.",
                "Доступ к наставникам, которых нет в своей организации.",
            ]
        },
        {
            "cells": [
                "Реверсивное",
                "Младший по возрасту или стажу педагог помогает опытному освоить новые технологии.",
                "Взаимное обучение, освоение цифровых инструментов.",
            ]
        },
        {
            "cells": [
                "Виртуальное (цифровое)",
                "Советы и консультации наставника в режиме онлайн.",
                "Помощь в удобное время независимо от удалённости.",
            ]
        },
    ],
}

TARGET_COLUMNS = [
    {"title": "№", "width": 6},
    {"title": "Ожидаемый результат", "width": 44},
]

CRITERIA_COLUMNS = [
    {"title": "Критерий", "width": 26},
    {"title": "Показатель", "width": 34},
    {"title": "Способ оценки", "width": 17},
    {"title": "Шкала оценки", "width": 23},
]


def _number(value) -> str:
    text = f"{value:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def targets_table(municipality) -> dict | None:
    """Expected results by year: one column per programme year."""
    from monitoring.effectiveness.models import ProgrammeTarget

    rows = list(ProgrammeTarget.objects.filter(municipality=municipality).order_by("pk"))
    if not rows:
        return None
    years = sorted({row.year for row in rows})
    grouped: dict[str, dict] = {}
    for row in rows:
        entry = grouped.setdefault(row.number, {"text": row.text, "unit": row.unit, "years": {}})
        entry["years"][row.year] = row.value
    share = round(50 / len(years), 1)
    columns = TARGET_COLUMNS + [{"title": f"{year} г.", "width": share} for year in years]
    return {
        "columns": columns,
        "rows": [
            {
                "cells": [f"{number}.", f"{entry['text']}, {entry['unit']}"]
                + [
                    _number(entry["years"][year]) if year in entry["years"] else "—"
                    for year in years
                ]
            }
            for number, entry in sorted(grouped.items(), key=lambda item: int(item[0]))
        ],
    }


def programme_attachment(municipality, name: str) -> dict | None:
    """Appendix «Муниципальная программа»: only where the municipality has its targets."""
    targets = targets_table(municipality)
    if targets is None:
        return None
    values = {"municipality": f"муниципального образования «{municipality.name}»"}
    sections = [
        {"heading": "1. Цель программы", "paragraphs": [Template(GOAL).safe_substitute(values)]},
        {"heading": "2. Задачи программы", "paragraphs": TASKS},
        {
            "heading": "3. Категории наставляемых",
            "paragraphs": ["Наставничество требуется следующим категориям педагогов:"] + CATEGORIES,
        },
        {
            "heading": "4. Элементы модели наставничества",
            "paragraphs": [],
            "table": ELEMENTS,
        },
        {"heading": "5. Формы наставничества", "paragraphs": [], "table": FORMS},
        {
            "heading": "6. Ожидаемые результаты по годам",
            "paragraphs": [
                "Целевые значения программы по годам реализации (доля организаций, число "
                "событий и участников):"
            ],
            "table": targets,
        },
    ]
    return {"title": f"Муниципальная программа {name}".strip(), "sections": sections}


def scale_text(indicator) -> str:
    from monitoring.effectiveness.scales import BANDS, SCALE_OPTIONS

    options = SCALE_OPTIONS.get(indicator.scale)
    if options:  # a verbal scale stays verbal: «Имеется / Отсутствует»
        return " / ".join(label for _code, label, _score in options)
    if indicator.scale == "count":
        return "количество (человек, событий)"
    return "; ".join(band.label for band in BANDS)


def criteria_attachment(municipality) -> dict | None:
    """Appendix «Критерии эффективности»: the municipality's latest criteria set."""
    from monitoring.effectiveness.models import CriteriaSet, Indicator

    criteria_set = (
        CriteriaSet.objects.filter(municipality=municipality, organisation__isnull=True)
        .order_by("-year", "-pk")
        .first()
    )
    if criteria_set is None:
        return None
    rows = []
    indicators = (
        Indicator.objects.filter(criterion__criteria_set=criteria_set)
        .select_related("criterion")
        .order_by("criterion__position", "position")
    )
    previous = None
    for indicator in indicators:
        first = indicator.criterion_id != previous
        previous = indicator.criterion_id
        rows.append(
            {
                "cells": [
                    indicator.criterion.name if first else "",
                    indicator.name,
                    indicator.method,
                    scale_text(indicator),
                ]
            }
        )
    if not rows:
        return None
    return {
        "title": "Критерии эффективности системы наставничества на уровне образовательной "
        "организации",
        "paragraphs": [
            "Показатели в процентах оцениваются по диапазонам 100–80 %, 79–60 %, 59–40 %, "
            "39 % и ниже; остальные показатели оцениваются словесно по указанной шкале."
        ],
        "table": {"columns": CRITERIA_COLUMNS, "rows": rows},
    }
