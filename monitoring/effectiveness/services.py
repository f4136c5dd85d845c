"""Writes of effectiveness monitoring: criteria sets, campaigns and forms, road maps, local
acts. Keyword-only, atomic, validated; the cross-tenant checks live here."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from orgs.models import Organisation

from .data import kedrovy
from .models import (
    Answer,
    Campaign,
    CriteriaSet,
    Criterion,
    Form,
    Indicator,
    LocalAct,
    LocalActKind,
    ProgrammeTarget,
    RoadMap,
    RoadMapItem,
    RoadMapSection,
    RoadMapYear,
)
from .pack import ORGANISATION_PACK
from .selectors import compute_indicator, parse_yearly_indicators


@transaction.atomic
def criteria_set_load_seed(*, municipality, year: int) -> CriteriaSet:
    """The criteria table of seed 003 as this municipality's set for ``year``."""
    criteria_set = CriteriaSet(
        region_id=municipality.region_id,
        municipality=municipality,
        year=year,
        title="Критерии эффективности системы наставничества на уровне образовательной организации",
    )
    criteria_set.full_clean()
    criteria_set.save()
    for c_pos, (name, indicators) in enumerate(kedrovy.CRITERIA, start=1):
        criterion = Criterion.objects.create(criteria_set=criteria_set, position=c_pos, name=name)
        for i_pos, (text, method, scale, computed) in enumerate(indicators, start=1):
            Indicator.objects.create(
                criterion=criterion,
                position=i_pos,
                name=text,
                method=method,
                scale=scale,
                computed=computed,
            )
    return criteria_set


@transaction.atomic
def criteria_set_copy(*, source: CriteriaSet, year: int) -> CriteriaSet:
    """Copy last year's set to ``year`` in one action, to be edited afterwards."""
    if CriteriaSet.objects.filter(
        municipality=source.municipality, region=source.region, year=year
    ).exists():
        raise ValidationError(f"Набор критериев на {year} год уже есть.")
    copy = CriteriaSet(
        region_id=source.region_id,
        municipality_id=source.municipality_id,
        year=year,
        title=source.title,
    )
    copy.full_clean()
    copy.save()
    for criterion in source.criteria.prefetch_related("indicators"):
        new = Criterion.objects.create(
            criteria_set=copy, position=criterion.position, name=criterion.name
        )
        Indicator.objects.bulk_create(
            Indicator(
                criterion=new,
                position=i.position,
                name=i.name,
                method=i.method,
                scale=i.scale,
                computed=i.computed,
            )
            for i in criterion.indicators.all()
        )
    return copy


@transaction.atomic
def campaign_open(*, municipality, year: int, acting_user, deadline=None) -> Campaign:
    """Open the year's monitoring: every organisation of the municipality gets a form with
    the computed indicators filled in."""
    if Campaign.objects.filter(municipality=municipality, year=year).exists():
        raise ValidationError(f"Мониторинг за {year} год уже открыт.")
    criteria_set = (
        CriteriaSet.objects.filter(municipality=municipality, year__lte=year)
        .order_by("-year")
        .first()
    ) or criteria_set_load_seed(municipality=municipality, year=year)
    campaign = Campaign(
        region_id=municipality.region_id,
        municipality=municipality,
        criteria_set=criteria_set,
        year=year,
        opened_on=timezone.localdate(),
        deadline=deadline,
        opened_by=acting_user,
    )
    campaign.full_clean()
    campaign.save()
    indicators = list(Indicator.objects.filter(criterion__criteria_set=criteria_set))
    for organisation in Organisation.objects.filter(municipality=municipality):
        form = Form.objects.create(campaign=campaign, organisation=organisation)
        for indicator in indicators:
            computed = (
                compute_indicator(indicator.computed, organisation=organisation, year=year)
                if indicator.computed
                else None
            )
            Answer.objects.create(
                form=form,
                organisation=organisation,
                indicator=indicator,
                computed_value=computed.value if computed else None,
                computed_note=computed.note if computed else "",
            )
    return campaign


@transaction.atomic
def answer_save(
    *,
    answer: Answer,
    value=None,
    option: str = "",
    comment: str = "",
    evidence_text: str = "",
    evidence_url: str = "",
    evidence_file=None,
    acting_user,
) -> Answer:
    form = answer.form
    if not form.editable:
        raise ValidationError("Форма сдана: изменить её можно только после возврата.")
    computed = answer.computed_value
    if computed is not None and value is not None and value != computed and not comment.strip():
        raise ValidationError("Исправляя вычисленное значение, укажите причину в комментарии.")
    answer.value = value
    answer.option = option
    answer.comment = comment
    answer.evidence_text = evidence_text
    answer.evidence_url = evidence_url
    if evidence_file:
        answer.evidence_file = evidence_file
    answer.full_clean()
    answer.save()
    if form.status == Form.Status.NOT_STARTED:
        form.status = Form.Status.IN_PROGRESS
        form.save(update_fields=["status"])
    return answer


_TRANSITIONS = {
    "submit": (
        {Form.Status.NOT_STARTED, Form.Status.IN_PROGRESS, Form.Status.RETURNED},
        Form.Status.SUBMITTED,
    ),
    "return": ({Form.Status.SUBMITTED}, Form.Status.RETURNED),
    "accept": ({Form.Status.SUBMITTED}, Form.Status.ACCEPTED),
}


@transaction.atomic
def form_transition(*, form: Form, action: str, acting_user, comment: str = "") -> Form:
    """The one path of a form's status: submit (curator), return or accept (methodist)."""
    allowed, target = _TRANSITIONS[action]
    form = Form.objects.select_for_update().get(pk=form.pk)
    if form.status not in allowed:
        raise ValidationError(
            f"Форма в статусе «{form.get_status_display()}»: действие недоступно."
        )
    if action == "return" and not comment.strip():
        raise ValidationError("Возвращая форму, напишите, что исправить.")
    if action == "submit":
        missing = form.answers.filter(
            value__isnull=True, computed_value__isnull=True, option=""
        ).count()
        if missing:
            raise ValidationError(f"Не заполнено показателей: {missing}.")
        form.submitted_at = timezone.now()
    else:
        form.decided_at = timezone.now()
        form.methodist_comment = comment
    form.status = target
    form.save(update_fields=["status", "submitted_at", "decided_at", "methodist_comment"])
    return form


_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_MONTHS = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
]


def parse_deadline(text: str) -> dict:
    """«До 01.12.2020 г.» → a date; «Ноябрь 2021» → a month; «ежегодно» → recurring."""
    found = _DATE.search(text)
    lowered = text.lower()
    if "ежегодно" in lowered:
        return {"recurring": True}
    if found:
        day, month, year = (int(g) for g in found.groups())
        return {"deadline": datetime.date(year, month, day)}
    for number, stem in enumerate(_MONTHS, start=1):
        if lowered.startswith(stem):
            return {"deadline_month": number}
    return {}


@transaction.atomic
def road_map_load_seed(*, municipality) -> RoadMap:
    """Kedrovy's road map and programme targets from seed 003, every row (idempotent)."""
    existing = RoadMap.objects.filter(municipality=municipality, title=kedrovy.ROAD_MAP_TITLE)
    if existing.exists():
        return existing.get()
    road_map = RoadMap(
        region_id=municipality.region_id,
        municipality=municipality,
        title=kedrovy.ROAD_MAP_TITLE,
        first_year=2020,
        last_year=2024,
        approved_by="Приказ Отдела образования от 10.11.2021 № 76",
    )
    road_map.full_clean()
    road_map.save()
    position = 0
    for s_pos, (stage, rows) in enumerate(kedrovy.ROAD_MAP, start=1):
        section = RoadMapSection.objects.create(road_map=road_map, position=s_pos, title=stage)
        for number, activity, indicators, result_form, deadline, responsible in rows:
            position += 1
            item = RoadMapItem.objects.create(
                section=section,
                position=position,
                number=number,
                activity=activity,
                indicators=indicators,
                result_form=result_form,
                deadline_text=deadline,
                responsible=responsible,
                **parse_deadline(deadline),
            )
            RoadMapYear.objects.bulk_create(
                RoadMapYear(item=item, year=year, target=target)
                for year, target in parse_yearly_indicators(indicators)
            )
    for number, text, unit, by_year, computed in kedrovy.TARGETS:
        for year, value in by_year.items():
            ProgrammeTarget.objects.create(
                region_id=municipality.region_id,
                municipality=municipality,
                number=number,
                text=text,
                unit=unit,
                year=year,
                value=value,
                computed=computed,
            )
    return road_map


@transaction.atomic
def road_map_year_mark_done(*, year_row: RoadMapYear, evidence: str, acting_user) -> RoadMapYear:
    if not evidence.strip():
        raise ValidationError("Укажите подтверждение выполнения.")
    year_row.status = RoadMapYear.Status.DONE
    year_row.evidence = evidence
    year_row.done_on = timezone.localdate()
    year_row.save(update_fields=["status", "evidence", "done_on"])
    return year_row


def local_act_kinds(*, municipality) -> list[LocalActKind]:
    """The municipality's required pack; the DOMAIN.md list when it has not configured one."""
    kinds = list(LocalActKind.objects.filter(municipality=municipality))
    if kinds:
        return kinds
    with transaction.atomic():
        return [
            LocalActKind.objects.create(
                region_id=municipality.region_id,
                municipality=municipality,
                position=position,
                name=name,
            )
            for position, name in enumerate(ORGANISATION_PACK, start=1)
        ]


@transaction.atomic
def local_act_record_generated(
    *, organisation, kind: str, number: str, date: datetime.date, file, acting_user
) -> LocalAct:
    """Register a document generated by the documents app in the organisation's pack.

    ``kind`` is the document's name as in the pack (ORGANISATION_PACK); ``file`` a Django
    File. Re-registering replaces the previous record of that kind.
    """
    kinds = {k.name: k for k in local_act_kinds(municipality=organisation.municipality)}
    if kind not in kinds:
        raise ValidationError(f"Документа «{kind}» нет в перечне локальных актов.")
    act = LocalAct.objects.filter(organisation=organisation, kind=kinds[kind]).first() or LocalAct(
        organisation=organisation, kind=kinds[kind]
    )
    act.number = number
    act.date = date
    act.generated = True
    act.file = file
    act.full_clean()
    act.save()
    return act


@transaction.atomic
def form_answers_save(*, form: Form, changes: list[tuple[Answer, dict]], acting_user) -> Form:
    """Save several answers of one form together: all of them or none."""
    for answer, data in changes:
        if answer.form_id != form.pk:
            raise ValidationError("Показатель относится к другой форме.")
        answer_save(answer=answer, acting_user=acting_user, **data)
    return form
