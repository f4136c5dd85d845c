"""Demo effectiveness data: Kedrovy's road map and targets of its order No. 76 (every row), a
monitoring campaign for each demo municipality with forms in several states, local acts,
and events with participations. Deterministic and idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from orgs.demo.seed import KEDROVY, ONGUDAI, REFERENCE_DATE
from orgs.models import Municipality, Organisation, StaffMember, User

from . import services
from .models import (
    Answer,
    Campaign,
    Event,
    Form,
    LocalAct,
    Participation,
    RoadMapYear,
    WebsiteSection,
)
from .scales import NUMERIC_SCALES, SCALE_OPTIONS

# Each school's form ends in one of these states, in the order of the schools.
FORM_STATES = ["accepted", "submitted", "returned", "in_progress", "not_started"]
EVENTS = [
    ("contest", "municipal", "Муниципальный конкурс «Наставник года»", 3),
    ("contest", "regional", "Региональный конкурс «Лучшие практики наставничества»", 4),
    ("seminar", "municipal", "Семинар «Наставничество: опыт и перспективы»", 9),
    ("decade", "municipal", "Декада «Панорама наставничества»", 11),
    ("course", "regional", "Курсы для кураторов наставничества (36 часов)", 10),
    ("publication", "regional", "Публикация в сборнике лучших практик наставничества", 5),
    ("award", "municipal", "Грамота отдела образования «Почетный наставник»", 5),
]


@transaction.atomic
def seed(log=print) -> None:
    year = REFERENCE_DATE.year
    kedrovy = Municipality.objects.filter(name=KEDROVY.name).first()
    if kedrovy is not None:
        road_map = services.road_map_load_seed(municipality=kedrovy)
        # Items of past years of the reference date are done; the rest stay planned.
        RoadMapYear.objects.filter(
            item__section__road_map=road_map, year__lt=year, status=RoadMapYear.Status.PLANNED
        ).exclude(item__position__in=[3, 9]).update(
            status=RoadMapYear.Status.DONE, evidence="Отчёт отдела образования"
        )
    for demo in (ONGUDAI, KEDROVY):
        municipality = Municipality.objects.filter(name=demo.name).first()
        if municipality is None:
            continue
        _events(municipality, year)
        _local_acts(municipality)
        if not Campaign.objects.filter(municipality=municipality, year=year).exists():
            methodist = User.objects.filter(username__startswith="methodist.").first()
            campaign = services.campaign_open(
                municipality=municipality, year=year, acting_user=methodist
            )
            _fill(campaign, methodist)
    log("Мониторинг эффективности: дорожная карта, мониторинг, мероприятия, локальные акты.")


def _events(municipality, year) -> None:
    staff = list(
        StaffMember.objects.filter(municipality=municipality).working().order_by("pk")[:40]
    )
    for index, (kind, level, title, month) in enumerate(EVENTS):
        event, created = Event.objects.get_or_create(
            municipality=municipality,
            title=title,
            starts_on=datetime.date(year, month, 10),
            defaults={
                "region_id": municipality.region_id,
                "kind": kind,
                "level": level,
                "hours": 36 if kind == "course" else None,
            },
        )
        if not created:
            continue
        for person in staff[index::5]:
            Participation.objects.create(
                event=event,
                organisation_id=person.organisation_id,
                person=person,
                role="author" if kind == "publication" else "participant",
                result="winner" if person.pk % 7 == 0 and kind == "contest" else "participant",
                evidence="Приказ отдела образования" if kind == "award" else "",
            )


def _local_acts(municipality) -> None:
    kinds = services.local_act_kinds(municipality=municipality)
    for index, organisation in enumerate(
        Organisation.objects.filter(municipality=municipality).order_by("pk")
    ):
        # Earlier schools keep the whole pack; later ones have gaps, so the filter shows some.
        for position, kind in enumerate(kinds):
            if position >= len(kinds) - index:
                break
            LocalAct.objects.get_or_create(
                organisation=organisation,
                kind=kind,
                defaults={"number": f"{position + 10}-од", "date": REFERENCE_DATE},
            )
        if organisation.website and index % 2 == 0:
            WebsiteSection.objects.get_or_create(
                organisation=organisation,
                defaults={
                    "url": organisation.website.rstrip("/") + "/nastavnichestvo/",
                    "checked_on": REFERENCE_DATE,
                },
            )


def _fill(campaign, methodist) -> None:
    forms = Form.objects.filter(campaign=campaign).order_by("organisation__pk")
    for index, form in enumerate(forms):
        state = FORM_STATES[index % len(FORM_STATES)]
        if state == "not_started":
            continue
        for n, answer in enumerate(Answer.objects.filter(form=form).select_related("indicator")):
            scale = answer.indicator.scale
            if scale in NUMERIC_SCALES:
                answer.value = (
                    answer.computed_value
                    if answer.computed_value is not None
                    else Decimal(40 + 15 * ((index + n) % 4))
                )
            else:
                options = SCALE_OPTIONS[scale]
                answer.option = options[(index + n) % len(options)][0]
                answer.evidence_text = "Итоги анкетирования педагогов"
            answer.save()
        form.status = Form.Status.IN_PROGRESS
        form.save(update_fields=["status"])
        if state == "in_progress":
            continue
        services.form_transition(form=form, action="submit", acting_user=None)
        if state == "accepted":
            services.form_transition(form=form, action="accept", acting_user=methodist)
        elif state == "returned":
            services.form_transition(
                form=form,
                action="return",
                acting_user=methodist,
                comment="Приложите итоги анкетирования по мотивации.",
            )
