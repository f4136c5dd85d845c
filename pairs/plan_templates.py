"""Plan templates shipped with the portal (loaded by a data migration).

Each activity: (month from the plan's start, direction, form, title, deficit area code,
stage, expected result, responsible). Months count from 0 = the plan's first month.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShippedTemplate:
    code: str
    title: str
    mentee_category: str
    description: str
    goals: str
    activities: list[tuple[int, str, str, str, str, str, str, str]]


INTERIM, FINAL = "interim", "final"

# From the Ongudai district's report of 25.03.2021: the September–March plan of a young
# primary school teacher (Ининская СОШ).
YOUNG_PRIMARY = ShippedTemplate(
    code="young-primary-teacher",
    title="Молодой учитель начальных классов: план на сентябрь – март",
    mentee_category="young_specialist",
    description=(
        "План пары «учитель – учитель» (наставник-консультант и наставник-предметник, "
        "наставляемый — молодой специалист) по опыту школ Онгудайского района."
    ),
    goals=(
        "Разносторонняя поддержка для успешного закрепления на месте работы молодого "
        "специалиста, повышение его профессионального потенциала и уровня, создание "
        "комфортной профессиональной среды."
    ),
    activities=[
        (
            0,
            "extracurricular",
            "talk",
            "Знакомство с традициями школы",
            "",
            INTERIM,
            "Наставляемый знает традиции и уклад школы",
            "mentor",
        ),
        (
            0,
            "normative",
            "consultation",
            "Знакомство с документацией школы и требованиями к оформлению и ведению школьной "
            "документации",
            "normative",
            INTERIM,
            "Документация ведётся по требованиям",
            "both",
        ),
        (
            1,
            "methods",
            "consultation",
            "Методическая помощь в составлении современного урока с анализом",
            "methodical",
            INTERIM,
            "Технологическая карта урока",
            "mentor",
        ),
        (
            1,
            "psychology",
            "practice",
            "Практическое занятие по работе с родителями",
            "parents",
            INTERIM,
            "План работы с родителями класса",
            "both",
        ),
        (
            1,
            "subject",
            "practice",
            "Практическое занятие «Как работать с тетрадями и прописями учащихся»",
            "subject",
            INTERIM,
            "Единые требования к тетрадям соблюдаются",
            "both",
        ),
        (
            1,
            "methods",
            "lesson_visit",
            "Посещение уроков наставляемого с целью методической помощи",
            "methodical",
            INTERIM,
            "Анализ уроков с рекомендациями",
            "mentor",
        ),
        (
            2,
            "methods",
            "practice",
            "Применение разнообразных форм и методов работы на уроке",
            "methodical",
            INTERIM,
            "Приёмы включены в поурочные планы",
            "both",
        ),
        (
            2,
            "extracurricular",
            "practice",
            "Занятие «Методика проведения классного часа и внеклассных мероприятий»",
            "classroom",
            INTERIM,
            "Сценарий классного часа",
            "both",
        ),
        (
            2,
            "methods",
            "mutual_visit",
            "Взаимопосещение уроков",
            "methodical",
            INTERIM,
            "Листы наблюдения урока",
            "both",
        ),
        (
            2,
            "methods",
            "consultation",
            "Контроль качества составления поурочных планов",
            "methodical",
            INTERIM,
            "Поурочные планы соответствуют требованиям",
            "mentor",
        ),
        (
            3,
            "methods",
            "self_analysis",
            "Самоанализ уроков наставляемого",
            "methodical",
            INTERIM,
            "Письменный самоанализ урока",
            "mentee",
        ),
        (
            3,
            "psychology",
            "training",
            "Тренинг «Учусь строить отношения»",
            "communicative",
            INTERIM,
            "Освоены приёмы бесконфликтного общения",
            "both",
        ),
        (
            3,
            "psychology",
            "talk",
            "Анализ педагогических ситуаций",
            "conflicts",
            INTERIM,
            "Разобраны трудные ситуации из практики",
            "both",
        ),
        (
            3,
            "theory",
            "talk",
            "Проверка выполнения программы за полугодие",
            "",
            INTERIM,
            "Корректировка плана",
            "mentor",
        ),
        (
            4,
            "psychology",
            "consultation",
            "Помощь в работе со слабоуспевающими детьми",
            "psycho_pedagogical",
            INTERIM,
            "Индивидуальные маршруты для слабоуспевающих",
            "both",
        ),
        (
            4,
            "normative",
            "self_study",
            "Точечное изучение документов ФГОС НОО",
            "normative",
            INTERIM,
            "Конспект требований ФГОС НОО",
            "mentee",
        ),
        (
            5,
            "methods",
            "practice",
            "Практическое занятие «Методы активизации познавательной деятельности учащихся»",
            "methodical",
            INTERIM,
            "Подборка приёмов активизации",
            "both",
        ),
        (
            5,
            "psychology",
            "practice",
            "Практическое занятие «Содержание, формы и методы работы педагога с родителями»",
            "parents",
            INTERIM,
            "Проведено родительское собрание",
            "both",
        ),
        (
            5,
            "theory",
            "talk",
            "Анализ портфолио наставника; требования и варианты оформления профессионального "
            "портфолио педагога",
            "",
            INTERIM,
            "Начато профессиональное портфолио",
            "both",
        ),
        (
            6,
            "ict",
            "seminar",
            "Инновационные технологии в процессе обучения",
            "ict",
            FINAL,
            "Урок с применением новой технологии",
            "both",
        ),
    ],
)

TRANSFER = ShippedTemplate(
    code="transferred-teacher",
    title="Педагог, перешедший из другой организации: адаптация",
    mentee_category="transfer",
    description="Вхождение опытного педагога в уклад, документы и коллектив новой школы.",
    goals="Быстрая адаптация педагога к требованиям, традициям и коллективу школы.",
    activities=[
        (
            0,
            "normative",
            "talk",
            "Знакомство с локальными актами, уставом и традициями школы",
            "normative",
            INTERIM,
            "Педагог знает локальные акты школы",
            "mentor",
        ),
        (
            0,
            "subject",
            "consultation",
            "Изучение основной образовательной программы и рабочих программ школы",
            "subject",
            INTERIM,
            "Рабочая программа согласована",
            "both",
        ),
        (
            0,
            "theory",
            "diagnostics",
            "Диагностика профессиональных затруднений",
            "",
            INTERIM,
            "Профиль затруднений, корректировка плана",
            "mentee",
        ),
        (
            1,
            "ict",
            "practice",
            "Работа с электронным журналом и цифровыми ресурсами школы",
            "ict",
            INTERIM,
            "Журнал ведётся своевременно",
            "both",
        ),
        (
            1,
            "methods",
            "mutual_visit",
            "Посещение уроков наставника и коллег по ШМО",
            "methodical",
            INTERIM,
            "Листы наблюдения",
            "mentee",
        ),
        (
            2,
            "methods",
            "lesson_visit",
            "Посещение уроков педагога наставником",
            "methodical",
            INTERIM,
            "Анализ уроков с рекомендациями",
            "mentor",
        ),
        (
            2,
            "psychology",
            "consultation",
            "Работа с родителями нового класса",
            "parents",
            INTERIM,
            "Проведено родительское собрание",
            "both",
        ),
        (
            3,
            "methods",
            "seminar",
            "Выступление на заседании ШМО с представлением своего опыта",
            "",
            INTERIM,
            "Опыт представлен коллегам",
            "mentee",
        ),
        (
            4,
            "methods",
            "self_analysis",
            "Самоанализ урока",
            "methodical",
            INTERIM,
            "Письменный самоанализ",
            "mentee",
        ),
        (
            5,
            "theory",
            "talk",
            "Итоговая беседа: результаты адаптации",
            "",
            FINAL,
            "Отзыв наставника, план дальнейшего развития",
            "both",
        ),
    ],
)

REVERSE_DIGITAL = ShippedTemplate(
    code="reverse-digital",
    title="Реверсивное (цифровое) наставничество: молодой педагог – опытный учитель",
    mentee_category="new_duties",
    description="Молодой педагог помогает опытному коллеге освоить цифровые инструменты урока.",
    goals="Освоение опытным педагогом цифровой образовательной среды и онлайн-инструментов.",
    activities=[
        (
            0,
            "ict",
            "diagnostics",
            "Самооценка цифровых навыков, выбор инструментов для освоения",
            "ict",
            INTERIM,
            "Перечень инструментов для освоения",
            "both",
        ),
        (
            0,
            "ict",
            "practice",
            "Электронный журнал и дневник: отметки, домашние задания, сообщения",
            "ict",
            INTERIM,
            "Журнал ведётся без помощи",
            "both",
        ),
        (
            1,
            "ict",
            "practice",
            "Интерактивные задания и онлайн-тесты для урока",
            "ict",
            INTERIM,
            "Банк заданий по теме",
            "both",
        ),
        (
            1,
            "ict",
            "master_class",
            "Мастер-класс: презентация и видео на уроке",
            "ict",
            INTERIM,
            "Урок с мультимедиа",
            "mentor",
        ),
        (
            2,
            "ict",
            "practice",
            "Дистанционное занятие и обратная связь с обучающимися онлайн",
            "ict",
            INTERIM,
            "Проведено онлайн-занятие",
            "both",
        ),
        (
            2,
            "normative",
            "consultation",
            "Информационная безопасность и персональные данные обучающихся",
            "normative",
            INTERIM,
            "Соблюдаются правила безопасности",
            "both",
        ),
        (
            3,
            "ict",
            "mutual_visit",
            "Взаимопосещение уроков с цифровыми ресурсами",
            "methodical",
            INTERIM,
            "Листы наблюдения",
            "both",
        ),
        (
            4,
            "ict",
            "lesson_visit",
            "Открытый урок с использованием цифровых ресурсов",
            "ict",
            FINAL,
            "Открытый урок проведён",
            "mentee",
        ),
    ],
)

SUBJECT_TEACHER = ShippedTemplate(
    code="subject-teacher-adaptation",
    title="Адаптация молодого учителя-предметника",
    mentee_category="young_specialist",
    description="План на учебный год для начинающего учителя основной и средней школы.",
    goals="Освоение предмета, методики урока и требований к оцениванию; закрепление в школе.",
    activities=[
        (
            0,
            "subject",
            "consultation",
            "Составление рабочей программы и календарно-тематического планирования",
            "subject",
            INTERIM,
            "Рабочая программа и КТП утверждены",
            "both",
        ),
        (
            0,
            "normative",
            "self_study",
            "Изучение ФГОС и федеральной образовательной программы по предмету",
            "normative",
            INTERIM,
            "Конспект требований",
            "mentee",
        ),
        (
            1,
            "methods",
            "consultation",
            "Структура современного урока, технологическая карта",
            "methodical",
            INTERIM,
            "Технологическая карта урока",
            "mentor",
        ),
        (
            1,
            "methods",
            "lesson_visit",
            "Посещение уроков наставляемого",
            "methodical",
            INTERIM,
            "Анализ уроков с рекомендациями",
            "mentor",
        ),
        (
            2,
            "psychology",
            "training",
            "Дисциплина и управление классом",
            "classroom",
            INTERIM,
            "Приёмы управления классом применяются",
            "both",
        ),
        (
            2,
            "methods",
            "mutual_visit",
            "Посещение уроков наставника и коллег по предмету",
            "methodical",
            INTERIM,
            "Листы наблюдения",
            "mentee",
        ),
        (
            3,
            "subject",
            "practice",
            "Критерии оценивания и проверка письменных работ",
            "subject",
            INTERIM,
            "Единые критерии оценивания",
            "both",
        ),
        (
            4,
            "psychology",
            "consultation",
            "Работа со слабоуспевающими и одарёнными обучающимися",
            "psycho_pedagogical",
            INTERIM,
            "Индивидуальные задания",
            "both",
        ),
        (
            5,
            "subject",
            "practice",
            "Подготовка обучающихся к ВПР и государственной итоговой аттестации",
            "subject",
            INTERIM,
            "План подготовки",
            "both",
        ),
        (
            6,
            "extracurricular",
            "practice",
            "Внеурочное мероприятие или предметная неделя",
            "",
            INTERIM,
            "Мероприятие проведено",
            "mentee",
        ),
        (
            7,
            "methods",
            "self_analysis",
            "Самоанализ урока и рефлексия собственной деятельности",
            "methodical",
            INTERIM,
            "Письменный самоанализ",
            "mentee",
        ),
        (
            8,
            "methods",
            "lesson_visit",
            "Открытый урок наставляемого",
            "methodical",
            FINAL,
            "Открытый урок, отзыв наставника",
            "mentee",
        ),
    ],
)

SHIPPED = [YOUNG_PRIMARY, TRANSFER, REVERSE_DIGITAL, SUBJECT_TEACHER]


def install(template_model, activity_model) -> int:
    """Create the shipped templates that are missing; returns how many were created.

    Takes the model classes so the data migration can pass its historical models."""
    created_count = 0
    for shipped in SHIPPED:
        template, created = template_model.objects.get_or_create(
            code=shipped.code,
            defaults={
                "title": shipped.title,
                "description": shipped.description,
                "goals": shipped.goals,
                "mentee_category": shipped.mentee_category,
            },
        )
        if not created:
            continue
        created_count += 1
        activity_model.objects.bulk_create(
            activity_model(
                template=template,
                position=index,
                month_offset=month,
                direction=direction,
                form=form,
                title=title,
                deficit_code=deficit,
                stage=stage,
                expected_result=result,
                responsible=responsible,
            )
            for index, (month, direction, form, title, deficit, stage, result, responsible) in (
                enumerate(shipped.activities)
            )
        )
    return created_count
