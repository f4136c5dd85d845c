"""The ready-made instruments and typical plan activities every deployment ships with.

``install`` is called from a data migration (with historical models) and is idempotent: an
instrument is found by its code and only filled when it has no version yet, so a region's
later edits (new versions) are never overwritten.
"""

from __future__ import annotations

from django.utils import timezone

SCALE_DIFFICULTY = ("испытываю серьёзные затруднения", "затруднений не испытываю")
SCALE_AGREE = ("совсем не согласен(на)", "полностью согласен(на)")
SCALE_SATISFIED = ("совсем не удовлетворён(а)", "полностью удовлетворён(а)")
SCALE_OBSERVED = ("не проявляется", "проявляется в полной мере")


def _scale(text, area=None, labels=SCALE_DIFFICULTY):
    return {"text": text, "kind": "scale", "area": area, "labels": labels}


def _choice(text, kind, options, required=True):
    return {"text": text, "kind": kind, "options": options, "required": required}


def _free(text):
    return {"text": text, "kind": "text", "required": False}


DIFFICULTIES = {
    "code": "difficulties-card",
    "title": "Карта профессиональных затруднений педагога",
    "purpose": "deficits",
    "audience": "teacher",
    "description": "Оцените каждое утверждение: 1 — испытываю серьёзные затруднения, "
    "5 — затруднений не испытываю. Область считается затруднением, если средний балл "
    "по ней не выше 2.",
    "sections": [
        (
            "Предметная и методическая подготовка",
            [
                _scale("Знание содержания преподаваемого предмета, ФГОС и ФОП", "subject"),
                _scale("Проектирование урока в соответствии с требованиями ФГОС", "methodical"),
                _scale("Выбор методов и технологий обучения", "methodical"),
                _scale(
                    "Знание нормативных документов, регламентирующих работу педагога", "normative"
                ),
                _scale("Использование цифровых ресурсов и инструментов на уроке", "ict"),
            ],
        ),
        (
            "Работа с обучающимися и родителями",
            [
                _scale(
                    "Учёт возрастных и индивидуальных особенностей обучающихся",
                    "psycho_pedagogical",
                ),
                _scale("Поддержание дисциплины и организация работы класса", "classroom"),
                _scale("Взаимодействие с обучающимися", "communicative"),
                _scale("Работа с родителями обучающихся", "parents"),
            ],
        ),
        (
            "Педагогическое общение и саморегуляция",
            [
                _scale("Управление своей эмоциональной сферой", "self_regulation"),
                _scale("Решение конфликтных ситуаций в классе с обучающимися", "conflicts"),
                _scale(
                    "Некатегоричность оценок и суждений в педагогическом общении", "communicative"
                ),
                _scale("Умение наблюдать за участниками коммуникации", "communicative"),
            ],
        ),
    ],
}

COMPATIBILITY = {
    "code": "pair-compatibility",
    "title": "Анкета психологической совместимости наставника и наставляемого",
    "purpose": "compatibility",
    "audience": "pair",
    "description": "Заполняют и наставник, и наставляемый. Чем ближе ответы, тем выше "
    "совместимость пары.",
    "sections": [
        (
            "Стиль работы и общения",
            [
                _scale("Мне важно заранее и подробно планировать работу", labels=SCALE_AGREE),
                _scale(
                    "Я предпочитаю обсуждать проблемы сразу, как только они возникли",
                    labels=SCALE_AGREE,
                ),
                _scale("Мне комфортно работать в тесном контакте с коллегой", labels=SCALE_AGREE),
                _scale("Я спокойно принимаю критику и замечания", labels=SCALE_AGREE),
                _scale(
                    "Я предпочитаю чёткие инструкции самостоятельному поиску решений",
                    labels=SCALE_AGREE,
                ),
                _scale(
                    "Я готов(а) встречаться для совместной работы чаще раза в неделю",
                    labels=SCALE_AGREE,
                ),
                _scale("В трудной ситуации я сохраняю спокойствие", labels=SCALE_AGREE),
            ],
        ),
    ],
}


def _satisfaction(code, title, audience, final):
    partner = "наставника" if audience == "mentee" else "наставляемого"
    questions = [
        _scale("Удовлетворённость совместной работой в паре", labels=SCALE_SATISFIED),
        _scale(f"Доступность и открытость {partner}", labels=SCALE_SATISFIED),
        _scale("Полезность встреч и мероприятий плана", labels=SCALE_SATISFIED),
        _scale("Организация наставничества в образовательной организации", labels=SCALE_SATISFIED),
    ]
    if final:
        questions += [
            _scale("Достижение целей персонализированной программы", labels=SCALE_SATISFIED),
            _choice("Готовы ли вы участвовать в наставничестве в следующем году?", "yes_no", []),
        ]
    questions.append(_free("Что стоит изменить в работе пары?"))
    return {
        "code": code,
        "title": title,
        "purpose": "satisfaction",
        "audience": audience,
        "description": "Оцените от 1 (совсем не удовлетворён) до 5 (полностью удовлетворён).",
        "sections": [("Удовлетворённость", questions)],
    }


EXPECTATIONS = {
    "code": "expectations",
    "title": "Анкета ожиданий участника наставничества",
    "purpose": "expectations",
    "audience": "pair",
    "description": "Заполняется до формирования пар: что участники ждут от совместной работы.",
    "sections": [
        (
            "Ожидания",
            [
                _choice(
                    "Какая форма работы вам ближе?",
                    "single",
                    ["один на один", "в группе", "дистанционно", "смешанная"],
                ),
                _choice(
                    "В чём вы ждёте помощи или готовы помогать?",
                    "multiple",
                    [
                        "предмет и методика",
                        "работа с классом и дисциплина",
                        "работа с родителями",
                        "документы и отчётность",
                        "цифровые инструменты",
                        "эмоциональная поддержка",
                    ],
                ),
                _choice("Сколько часов в месяц вы готовы уделять наставничеству?", "number", []),
                _free("Что для вас будет главным результатом наставничества?"),
            ],
        )
    ],
}

OBSERVATION = {
    "code": "lesson-observation",
    "title": "Карта наблюдения урока",
    "purpose": "observation",
    "audience": "observer",
    "description": "Заполняет наставник при посещении урока наставляемого.",
    "sections": [
        (
            "Урок",
            [
                _choice("Класс и тема урока", "text", [], required=False),
                _choice("Количество обучающихся на уроке", "number", [], required=False),
                _scale("Цель урока поставлена и достигнута", "methodical", SCALE_OBSERVED),
                _scale("Содержание соответствует программе и ФГОС", "subject", SCALE_OBSERVED),
                _scale("Используются цифровые ресурсы", "ict", SCALE_OBSERVED),
                _scale("Учитель удерживает дисциплину и темп урока", "classroom", SCALE_OBSERVED),
                _scale(
                    "Учитель спокоен и владеет собой в сложных ситуациях",
                    "self_regulation",
                    SCALE_OBSERVED,
                ),
                _scale(
                    "Доброжелательное взаимодействие с обучающимися",
                    "communicative",
                    SCALE_OBSERVED,
                ),
                _free("Рекомендации наставника"),
            ],
        )
    ],
}

INSTRUMENTS = [
    DIFFICULTIES,
    COMPATIBILITY,
    _satisfaction(
        "satisfaction-mentee-mid",
        "Удовлетворённость наставляемого (промежуточная)",
        "mentee",
        False,
    ),
    _satisfaction(
        "satisfaction-mentee-final", "Удовлетворённость наставляемого (итоговая)", "mentee", True
    ),
    _satisfaction(
        "satisfaction-mentor-mid", "Удовлетворённость наставника (промежуточная)", "mentor", False
    ),
    _satisfaction(
        "satisfaction-mentor-final", "Удовлетворённость наставника (итоговая)", "mentor", True
    ),
    EXPECTATIONS,
    OBSERVATION,
]

# Plan directions (pairs.models.Direction) and activity forms (pairs.models.ActivityForm) are
# stored as their codes: this module also runs inside a migration, with historical models.
AREA_DIRECTIONS = {
    "subject": "subject",
    "methodical": "methods",
    "psycho_pedagogical": "psychology",
    "communicative": "psychology",
    "ict": "ict",
    "normative": "normative",
    "parents": "psychology",
    "classroom": "methods",
    "self_regulation": "psychology",
    "conflicts": "psychology",
}

TYPICAL_ACTIVITIES = {
    "subject": [
        ("Разбор сложных тем предмета с наставником", "consultation"),
        ("Курсы повышения квалификации по предмету", "other"),
    ],
    "methodical": [
        ("Совместное проектирование урока по ФГОС", "practice"),
        ("Посещение уроков наставника с последующим анализом", "lesson_visit"),
        ("Самоанализ урока по схеме", "self_analysis"),
    ],
    "psycho_pedagogical": [
        ("Консультация педагога-психолога по возрастным особенностям", "consultation"),
        ("Составление психолого-педагогической характеристики класса", "practice"),
    ],
    "communicative": [
        ("Тренинг педагогического общения", "training"),
        ("Ролевые и деловые игры по взаимодействию с обучающимися", "training"),
        ("Рефлексивное обсуждение посещённых уроков", "talk"),
    ],
    "ict": [
        ("Мастер-класс по цифровым инструментам урока", "master_class"),
        ("Подготовка урока с электронными ресурсами", "practice"),
    ],
    "normative": [
        ("Изучение нормативных документов (ФГОС, ФОП, локальные акты)", "talk"),
        ("Оформление школьной документации с наставником", "consultation"),
    ],
    "parents": [
        ("Подготовка и проведение родительского собрания", "practice"),
        ("Консультация по работе с родителями", "consultation"),
    ],
    "classroom": [
        ("Взаимопосещение уроков: приёмы управления классом", "mutual_visit"),
        ("Консультация по организации дисциплины на уроке", "consultation"),
    ],
    "self_regulation": [
        ("Тренинг эмоциональной саморегуляции", "training"),
        ("Беседа с педагогом-психологом о профилактике выгорания", "talk"),
    ],
    "conflicts": [
        ("Тренинг разрешения конфликтных ситуаций на уроке", "training"),
        ("Разбор конфликтных ситуаций с наставником", "talk"),
    ],
}


def install(get_model) -> None:
    """Create the ready instruments and typical activities that do not exist yet."""
    Instrument = get_model("diagnostics", "Instrument")
    Version = get_model("diagnostics", "InstrumentVersion")
    Section = get_model("diagnostics", "Section")
    Question = get_model("diagnostics", "Question")
    DeficitArea = get_model("orgs", "DeficitArea")
    TypicalActivity = get_model("diagnostics", "TypicalActivity")

    areas = {a.code: a for a in DeficitArea.objects.filter(region=None)}
    for spec in INSTRUMENTS:
        instrument, _ = Instrument.objects.get_or_create(
            code=spec["code"],
            defaults={
                "title": spec["title"],
                "purpose": spec["purpose"],
                "audience": spec["audience"],
                "description": spec["description"],
            },
        )
        if Version.objects.filter(instrument=instrument).exists():
            continue
        version = Version.objects.create(
            instrument=instrument, number=1, published_at=timezone.now()
        )
        for s_pos, (title, questions) in enumerate(spec["sections"], start=1):
            section = Section.objects.create(version=version, position=s_pos, title=title)
            for q_pos, q in enumerate(questions, start=1):
                low, high = q.get("labels") or ("", "")
                Question.objects.create(
                    section=section,
                    position=q_pos,
                    text=q["text"],
                    kind=q["kind"],
                    area=areas.get(q.get("area")),
                    options=q.get("options", []),
                    required=q.get("required", True),
                    scale_low=low,
                    scale_high=high,
                )
    for code, activities in TYPICAL_ACTIVITIES.items():
        area = areas.get(code)
        if area is None:
            continue
        for position, (title, form) in enumerate(activities, start=1):
            TypicalActivity.objects.get_or_create(
                area=area,
                title=title,
                defaults={
                    "form": form,
                    "direction": AREA_DIRECTIONS[code],
                    "position": position,
                },
            )
