"""The portal-wide catalogue of deficit areas (the five difficulties of the Ongudai district's report of 25.03.2021 are
among them: emotional self-regulation, conflicts, categorical judgements, observing
communication, interaction with pupils)."""

from django.db import migrations

AREAS = [
    ("subject", "Предметная подготовка", "Содержание преподаваемого предмета, ФГОС и ФОП."),
    ("methodical", "Методическая работа", "Методики и технологии обучения, проектирование урока."),
    ("psycho_pedagogical", "Психолого-педагогическая работа",
     "Учёт возрастных и индивидуальных особенностей обучающихся."),
    ("communicative", "Коммуникация",
     "Взаимодействие с обучающимися и коллегами; наблюдение за общением; категоричность суждений."),
    ("ict", "ИКТ-компетенции", "Цифровые ресурсы и инструменты в обучении."),
    ("normative", "Нормативно-правовая база", "Документы, регламентирующие работу педагога."),
    ("parents", "Работа с родителями", "Содержание, формы и методы работы с семьями обучающихся."),
    ("classroom", "Организация работы в классе", "Дисциплина, управление классом, классное руководство."),
    ("self_regulation", "Эмоциональная саморегуляция",
     "Управление своим эмоциональным состоянием, профилактика выгорания."),
    ("conflicts", "Разрешение конфликтных ситуаций", "Конфликтные ситуации на уроке и вне его."),
]


def create(apps, schema_editor):
    DeficitArea = apps.get_model("orgs", "DeficitArea")
    for position, (code, name, description) in enumerate(AREAS, start=1):
        DeficitArea.objects.get_or_create(
            region=None, code=code,
            defaults={"name": name, "description": description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_deficit_area")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
