"""Writes of effectiveness monitoring: criteria sets, campaigns and forms, road maps, local
acts. Keyword-only, atomic, validated; the cross-tenant checks live here."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from orgs.concurrency import STALE_MESSAGE, StaleEdit, lock_for_edit, save_changed
from orgs.files import discard
from orgs.models import Organisation
from orgs.uploads import DOCUMENTS, check_upload

from .data import kedrovy
from .models import (
    SERIES_KINDS,
    Answer,
    Attendance,
    Campaign,
    CriteriaSet,
    Criterion,
    Event,
    Form,
    FormStatusChange,
    Indicator,
    LocalAct,
    LocalActKind,
    Participation,
    ProgrammeTarget,
    RoadMap,
    RoadMapItem,
    RoadMapSection,
    RoadMapYear,
    Session,
    SessionMaterial,
    WebsiteSection,
)
from .pack import ORGANISATION_PACK
from .selectors import (
    compute_indicator,
    municipal_pack,
    option_for_mean,
    parse_yearly_indicators,
    survey_choices,
)


@transaction.atomic
def criteria_set_load_seed(*, municipality, year: int) -> CriteriaSet:
    """Kedrovy's criteria table (order No. 76 of 10.11.2021) as this municipality's set for
    ``year``."""
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


def _answer_apply(answer: Answer, fields: dict) -> None:
    """Set the given fields of a locked answer and check them; the caller saves."""
    for name, value in fields.items():
        if name == "evidence_file":
            if not value:
                continue  # no new upload keeps the stored file
            check_upload(value, allowed=DOCUMENTS)
            discard(answer.evidence_file.name)
        setattr(answer, name, value)
    computed = answer.computed_value
    if (
        computed is not None
        and answer.value is not None
        and answer.value != computed
        and not answer.comment.strip()
    ):
        raise ValidationError("Исправляя вычисленное значение, укажите причину в комментарии.")
    answer.full_clean()


class StaleAnswers(ValidationError):
    """Some answers changed after the form was opened; ``stale`` maps each answer's id to
    its ``StaleEdit`` (the row as stored now). Nothing of the save was written."""

    def __init__(self, stale: dict[int, StaleEdit]):
        super().__init__(STALE_MESSAGE, code="stale")
        self.stale = stale


_TRANSITIONS = {
    "submit": (
        {Form.Status.NOT_STARTED, Form.Status.IN_PROGRESS, Form.Status.RETURNED},
        Form.Status.SUBMITTED,
    ),
    "return": ({Form.Status.SUBMITTED}, Form.Status.RETURNED),
    "accept": ({Form.Status.SUBMITTED}, Form.Status.ACCEPTED),
    # An accepted form the methodist opens again (with a reason) goes back to the curator
    # and loses its level until it is accepted again.
    "reopen": ({Form.Status.ACCEPTED}, Form.Status.RETURNED),
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
    if action == "reopen" and not comment.strip():
        raise ValidationError("Укажите причину, по которой принятая форма открывается снова.")
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
    change = FormStatusChange(
        form=form,
        organisation_id=form.organisation_id,
        action=action,
        from_status=form.status,
        to_status=target,
        comment=comment.strip(),
        changed_by=acting_user,
    )
    form.status = target
    # updated_at is named: a regional system re-reads the forms changed since its last run.
    form.save(
        update_fields=["status", "submitted_at", "decided_at", "methodist_comment", "updated_at"]
    )
    change.save()
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
    """Kedrovy's road map and programme targets of its order No. 76 of 10.11.2021, every row
    (idempotent)."""
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
    """The municipality's required pack; the default pack (``pack.py``), written as its own
    the first time, when it has not configured one."""
    kinds = municipal_pack(municipality)
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
    replaced = act.file.name if act.generated else ""  # a curator's own upload is kept
    act.number = number
    act.date = date
    act.generated = True
    act.file = file
    act.full_clean()
    act.save()
    if replaced and replaced != act.file.name:
        discard(replaced)
    return act


@transaction.atomic
def local_act_withdraw_generated(
    *, organisation, kind: str, number: str, date: datetime.date, acting_user
) -> bool:
    """A revoked generated document leaves the organisation's pack. Only the record it made
    goes (generated, same number and date): a later document or the curator's own entry of
    that act stays. Returns whether a record went."""
    act = LocalAct.objects.filter(
        organisation=organisation, kind__name=kind, generated=True, number=number, date=date
    ).first()
    if act is None:
        return False
    discard(act.file.name)
    act.delete()
    return True


@transaction.atomic
@transaction.atomic
def form_answers_save(
    *,
    form: Form,
    changes: list[tuple[Answer, str | None, dict]],
    acting_user,
    surveys=None,
) -> Form:
    """Save the changed answers of one form together: all of them or none.

    Each change is ``(answer, version, fields)``: the version the page showed the answer
    with and only the fields this person changed. An answer changed by someone else since
    is refused (``StaleAnswers``, nothing written); otherwise only the changed fields are
    written, so two people filling different indicators of one form never undo each other.
    ``surveys`` maps an answer to the diagnostics question (``"campaign:question"``) it
    takes its value from."""
    surveys = surveys or {}
    form = Form.objects.select_for_update().get(pk=form.pk)
    if not form.editable:
        raise ValidationError("Форма сдана: изменить её можно только после возврата.")
    locked, stale = [], {}
    for answer, version, fields in changes:
        if answer.form_id != form.pk:
            raise ValidationError("Показатель относится к другой форме.")
        try:
            locked.append((lock_for_edit(answer, version), fields))
        except StaleEdit as error:
            stale[answer.pk] = error
    if stale:
        raise StaleAnswers(stale)
    for answer, fields in locked:
        if surveys.get(answer.pk):
            fields = {**fields}
            fields["option"], fields["computed_note"] = _survey_value(
                answer, form, surveys[answer.pk]
            )
        _answer_apply(answer, fields)
        save_changed(answer)
    if locked and form.status == Form.Status.NOT_STARTED:
        form.status = Form.Status.IN_PROGRESS
        form.save(update_fields=["status", "updated_at"])
    return form


def _survey_value(answer: Answer, form: Form, key: str) -> tuple[str, str]:
    """The verbal answer a diagnostics question gives (recomputed here, never trusted from
    the browser), with the note of how it was obtained."""
    from .scales import SCALE_OPTIONS

    if answer.indicator.scale not in SCALE_OPTIONS:
        raise ValidationError("Этот показатель не берётся из анкеты.")
    found = next(
        (c for c in survey_choices(form.organisation, year=form.campaign.year) if c["key"] == key),
        None,
    )
    if found is None:
        raise ValidationError("Выбранной анкеты нет среди диагностик организации за этот год.")
    return option_for_mean(answer.indicator.scale, found["mean"]), found["note"]


@transaction.atomic
def event_save(*, event: Event, acting_user) -> Event:
    """Create or update an event owned by a municipality or one of its schools."""
    if event.organisation_id:
        event.municipality_id = event.organisation.municipality_id
    event.region_id = event.municipality.region_id
    if event.ends_on and event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": "Окончание не может быть раньше начала."})
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_update(*, event: Event, acting_user, version: str | None = None, **fields) -> Event:
    """Change an event's own fields; a stale ``version`` is refused and only the given
    fields are written (``orgs.concurrency``)."""
    event = lock_for_edit(event, version)
    for name, value in fields.items():
        setattr(event, name, value)
    if event.ends_on and event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": "Окончание не может быть раньше начала."})
    event.full_clean()
    save_changed(event)
    return event


@transaction.atomic
def participation_add(
    *, event: Event, person, role: str, result: str, evidence: str = "", acting_user
) -> Participation:
    """Record that a teacher took part; a school's event takes only its own staff."""
    if person.municipality_id != event.municipality_id:
        raise ValidationError("Педагог работает в другом муниципалитете.")
    if event.organisation_id and person.organisation_id != event.organisation_id:
        raise ValidationError("В школьном мероприятии участвуют только педагоги этой школы.")
    if Participation.objects.filter(event=event, person=person).exists():
        raise ValidationError(f"{person.full_name} уже есть в списке участников.")
    participation = Participation(
        event=event,
        person=person,
        organisation_id=person.organisation_id,
        role=role,
        result=result,
        evidence=evidence,
    )
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def local_act_save(
    *, organisation, position: int, number: str, date, file=None, acting_user
) -> LocalAct:
    """The curator records a local act of the pack (by its place in the municipality's list)
    that exists on paper or in Word."""
    kinds = {k.position: k for k in local_act_kinds(municipality=organisation.municipality)}
    if position not in kinds:
        raise ValidationError("Такого документа нет в перечне локальных актов.")
    kind = kinds[position]
    if file:
        check_upload(file, allowed=DOCUMENTS)
    act = LocalAct.objects.filter(organisation=organisation, kind=kind).first() or LocalAct(
        organisation=organisation, kind=kind
    )
    act.number = number
    act.date = date
    if file:
        act.file = file
        act.generated = False
    act.full_clean()
    act.save()
    return act


@transaction.atomic
def website_section_save(*, organisation, url: str, acting_user) -> WebsiteSection:
    site = WebsiteSection.objects.filter(organisation=organisation).first() or WebsiteSection(
        organisation=organisation
    )
    if site.url != url:
        site.checked_on = None  # a new address has not been checked yet
    site.url = url
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def website_section_mark_checked(*, organisation, acting_user) -> WebsiteSection:
    site = WebsiteSection.objects.filter(organisation=organisation).first()
    if site is None:
        raise ValidationError("Школа ещё не указала адрес раздела «Наставничество».")
    site.checked_on = timezone.localdate()
    site.save(update_fields=["checked_on"])
    return site


@transaction.atomic
def road_map_year_reopen(*, year_row: RoadMapYear, acting_user) -> RoadMapYear:
    year_row.status = RoadMapYear.Status.PLANNED
    year_row.evidence = ""
    year_row.done_on = None
    year_row.save(update_fields=["status", "evidence", "done_on"])
    return year_row


@transaction.atomic
def road_map_copy_for_organisation(
    *, source: RoadMap, organisation, acting_user, first_year: int | None = None
) -> RoadMap:
    """A school's own road map, started from the municipality's: same stages, items and
    yearly indicators, every year planned; the school edits statuses from there.

    ``first_year`` is the school's first year of the map: every year and dated deadline moves
    by the same number of years, so a 2021–2024 sample copied in 2026 starts in 2026, not
    with four years already overdue."""
    if source.municipality_id != organisation.municipality_id or source.organisation_id:
        raise ValidationError("Образец должен быть дорожной картой муниципалитета этой школы.")
    first_year = source.first_year if first_year is None else first_year
    if not 2000 <= first_year <= 2100:
        raise ValidationError({"first_year": "Укажите первый год дорожной карты, например 2026."})
    shift = first_year - source.first_year
    if RoadMap.objects.filter(organisation=organisation, first_year=first_year).exists():
        raise ValidationError("У школы уже есть дорожная карта на эти годы.")
    road_map = RoadMap(
        region_id=organisation.region_id,
        municipality_id=organisation.municipality_id,
        organisation=organisation,
        title=f"Дорожная карта {organisation.short_name}: {source.title}",
        first_year=first_year,
        last_year=source.last_year + shift,
    )
    road_map.full_clean()
    road_map.save()
    for section in source.sections.prefetch_related("items__years"):
        new_section = RoadMapSection.objects.create(
            road_map=road_map, position=section.position, title=section.title
        )
        for item in section.items.all():
            years = list(item.years.all())
            item.pk = None
            item.section = new_section
            if item.deadline and shift:
                item.deadline = _shift_years(item.deadline, shift)
                item.deadline_text = _shift_years_in_text(item.deadline_text, shift)
            elif shift:
                item.deadline_text = _shift_years_in_text(item.deadline_text, shift)
            item.indicators = (
                " ".join(f"{y.year + shift}-{y.target}" for y in years) or item.indicators
            )
            item.save()
            RoadMapYear.objects.bulk_create(
                RoadMapYear(item=item, year=y.year + shift, target=y.target) for y in years
            )
    return road_map


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _shift_years_in_text(text: str, years: int) -> str:
    """«ноябрь 2021» → «ноябрь 2026», «01.12.2020» → «01.12.2025»: four-digit years only."""
    return re.sub(r"\b(19|20)\d{2}\b", lambda m: str(int(m.group(0)) + years), text)


def _ensure_editable(criteria_set: CriteriaSet) -> None:
    """A set that a campaign used is history: its forms were scored against it."""
    used = Campaign.objects.filter(criteria_set=criteria_set).values_list("year", flat=True)
    if used:
        raise ValidationError(
            f"Набор используется в мониторинге {min(used)} года: скопируйте его на новый год "
            "и меняйте копию."
        )


@transaction.atomic
def criterion_add(*, criteria_set: CriteriaSet, name: str, acting_user) -> Criterion:
    _ensure_editable(criteria_set)
    position = criteria_set.criteria.count() + 1
    criterion = Criterion(criteria_set=criteria_set, position=position, name=name.strip())
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def indicator_save(*, indicator: Indicator, acting_user) -> Indicator:
    """Add or change an indicator of a set nobody has answered yet."""
    _ensure_editable(indicator.criterion.criteria_set)
    if indicator.pk is None:
        indicator.position = indicator.criterion.indicators.count() + 1
    if indicator.computed and indicator.computed not in Indicator.Computed.values:
        raise ValidationError("Неизвестный способ вычисления.")
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, acting_user, version: str | None = None, **fields
) -> Indicator:
    """Change an indicator of a set nobody has answered yet; a stale ``version`` is refused
    and only the fields this edit changed are written (``orgs.concurrency``)."""
    _ensure_editable(indicator.criterion.criteria_set)
    indicator = lock_for_edit(indicator, version)
    for name, value in fields.items():
        setattr(indicator, name, value)
    if indicator.computed and indicator.computed not in Indicator.Computed.values:
        raise ValidationError("Неизвестный способ вычисления.")
    indicator.full_clean()
    save_changed(indicator)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, acting_user) -> None:
    _ensure_editable(indicator.criterion.criteria_set)
    indicator.delete()


@transaction.atomic
def local_act_kind_add(*, municipality, name: str, acting_user) -> LocalActKind:
    """Add a document to the municipality's required pack."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Введите название документа.")
    kinds = local_act_kinds(municipality=municipality)
    if any(k.name.lower() == name.lower() for k in kinds):
        raise ValidationError(f"«{name}» уже есть в перечне.")
    kind = LocalActKind(
        region_id=municipality.region_id,
        municipality=municipality,
        position=max(k.position for k in kinds) + 1,
        name=name,
    )
    kind.full_clean()
    kind.save()
    return kind


@transaction.atomic
def local_act_kind_remove(*, municipality, position: int, acting_user) -> None:
    """Drop a document from the pack unless a school has already recorded it."""
    kind = next(
        (k for k in local_act_kinds(municipality=municipality) if k.position == position), None
    )
    if kind is None:
        raise ValidationError("Такого документа нет в перечне.")
    if LocalAct.objects.filter(kind=kind).exists():
        raise ValidationError(f"«{kind.name}» уже отмечен школами: его нельзя убрать из перечня.")
    kind.delete()


# --- Methodical series: sessions, materials, attendance ------------------------------------

SESSION_MATERIALS = DOCUMENTS | {"xlsx"}


@transaction.atomic
def series_save(*, event: Event, acting_user) -> Event:
    """Create or change a series of sessions: a school's is at school level, a municipality's
    at municipal level (the level follows who holds it)."""
    _check_series(event)
    return event_save(event=event, acting_user=acting_user)


def _check_series(event: Event) -> None:
    if event.kind not in SERIES_KINDS:
        raise ValidationError({"kind": "Серия занятий — это цикл занятий или декада."})
    event.level = Event.Level.SCHOOL if event.organisation_id else Event.Level.MUNICIPAL
    last = event.pk and event.sessions.order_by("-date").values_list("date", flat=True).first()
    first = event.pk and event.sessions.order_by("date").values_list("date", flat=True).first()
    if first and first < event.starts_on:
        raise ValidationError({"starts_on": f"Первое занятие серии — {first:%d.%m.%Y}."})
    if last and event.ends_on and last > event.ends_on:
        raise ValidationError({"ends_on": f"Последнее занятие серии — {last:%d.%m.%Y}."})


@transaction.atomic
def series_update(*, event: Event, acting_user, version: str | None = None, **fields) -> Event:
    """Change a series' own fields; a stale ``version`` is refused and only the fields
    this edit changed are written (``orgs.concurrency``)."""
    event = lock_for_edit(event, version)
    for name, value in fields.items():
        setattr(event, name, value)
    _check_series(event)
    if event.ends_on and event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": "Окончание не может быть раньше начала."})
    event.full_clean()
    save_changed(event)
    return event


@transaction.atomic
def session_save(*, session: Session, acting_user) -> Session:
    """Create or change a session: within the series' dates, led by a teacher of the
    series' municipality (of its school, for a school's series) or by a named guest."""
    _check_session(session)
    session.save()
    return session


@transaction.atomic
def session_update(
    *, session: Session, acting_user, version: str | None = None, **fields
) -> Session:
    """Change a session; a stale ``version`` is refused and only the fields this edit
    changed are written (``orgs.concurrency``)."""
    session = lock_for_edit(session, version)
    for name, value in fields.items():
        setattr(session, name, value)
    _check_session(session)
    save_changed(session)
    return session


def _check_session(session: Session) -> None:
    event = session.event
    if session.date < event.starts_on or (event.ends_on and session.date > event.ends_on):
        end = f" – {event.ends_on:%d.%m.%Y}" if event.ends_on else ""
        raise ValidationError({"date": f"Дата вне сроков серии ({event.starts_on:%d.%m.%Y}{end})."})
    session.leader_name = " ".join(session.leader_name.split())
    if session.leader_id is None and not session.leader_name:
        raise ValidationError("Укажите, кто ведёт занятие: педагога из списка или имя гостя.")
    if session.leader_id is not None:
        leader = session.leader
        if leader.municipality_id != event.municipality_id:
            raise ValidationError({"leader": "Педагог работает в другом муниципалитете."})
        if event.organisation_id and leader.organisation_id != event.organisation_id:
            raise ValidationError({"leader": "Школьную серию ведут педагоги этой школы."})
    session.full_clean(exclude=["region", "municipality", "organisation"])


@transaction.atomic
def session_delete(*, session: Session, acting_user) -> None:
    """Remove a session with its attendance and materials."""
    session.delete()


@transaction.atomic
def material_add(*, session: Session, title: str, file=None, url: str = "", acting_user):
    """Attach an uploaded file or a link (exactly one) to a session."""
    title = " ".join(title.split())
    if bool(file) == bool(url):
        raise ValidationError("Приложите файл или укажите ссылку (что-то одно).")
    if file:
        check_upload(file, allowed=SESSION_MATERIALS)
    material = SessionMaterial(session=session, title=title or getattr(file, "name", url), url=url)
    if file:
        material.file.save(file.name.rsplit("/", 1)[-1], file, save=False)
    material.full_clean(exclude=["region", "municipality", "organisation"])
    material.save()
    return material


@transaction.atomic
def material_delete(*, material: SessionMaterial, acting_user) -> None:
    discard(material.file.name)
    material.delete()


@transaction.atomic
def series_enrol(*, event: Event, person, acting_user) -> Participation:
    """Enrol a teacher in a series: a participation in its event, which the staff card and
    the criteria read like any other."""
    return participation_add(
        event=event,
        person=person,
        role=Participation.Role.PARTICIPANT,
        result=Participation.Result.PARTICIPANT,
        acting_user=acting_user,
    )


@transaction.atomic
def attendance_set(*, session: Session, present, acting_user) -> tuple[int, int]:
    """Record who was at ``session``: the series' participants in ``present`` get a mark,
    the others lose theirs. Returns (marked, unmarked)."""
    enrolled = set(
        Participation.objects.filter(event_id=session.event_id).values_list("person_id", flat=True)
    )
    wanted = {p.pk: p for p in present}
    strangers = [p.full_name for pk, p in wanted.items() if pk not in enrolled]
    if strangers:
        raise ValidationError(f"Не записаны в серию: {', '.join(sorted(strangers))}.")
    marked = set(Attendance.objects.filter(session=session).values_list("person_id", flat=True))
    removed, _ = Attendance.objects.filter(
        session=session, person_id__in=marked - set(wanted)
    ).delete()
    added = sorted(set(wanted) - marked)
    for pk in added:  # one by one, so that the audit trail records each mark
        Attendance.objects.create(
            session=session, person=wanted[pk], organisation_id=wanted[pk].organisation_id
        )
    return len(added), removed
