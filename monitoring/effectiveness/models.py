"""Effectiveness criteria, annual monitoring, events, road maps and local acts (as Kedrovy's
order No. 76 of 10.11.2021 sets them).

Municipality-level rows declare all three tenant dimensions; their organisation FK is empty.
Child rows without tenant keys (criteria, indicators, road-map sections and items) are only
ever reached through their scoped parent, which the views fetch first.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from orgs.tenancy import PlaceOwned, TenantOwned

from .scales import Scale


class CriteriaSet(PlaceOwned):
    year = models.PositiveSmallIntegerField("год")
    title = models.CharField("название", max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "набор критериев эффективности"
        verbose_name_plural = "наборы критериев эффективности"
        ordering = ["-year"]
        indexes = [models.Index(fields=["municipality", "year"])]

    def __str__(self):
        return f"{self.title} ({self.year})"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("№")
    name = models.CharField("критерий", max_length=500)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    class Computed(models.TextChoices):
        NONE = "", "вводится куратором"
        APPROVED_PROGRAMME = "approved_programme", "утверждённая программа наставничества"
        YOUNG_RETENTION = "young_retention", "закрепляемость молодых специалистов"
        YOUNG_SHARE = "young_share", "доля молодых специалистов"
        YOUNG_CONTESTS = "young_contests", "участие молодых специалистов в конкурсах"
        YOUNG_SESSIONS = (
            "young_sessions",
            "посещение молодыми специалистами методических занятий",
        )
        MENTOR_TALKS = "mentor_talks", "выступления и публикации наставников"
        MENTORS_TRAINED = "mentors_trained", "обучение наставников"
        MENTOR_CONTESTS = "mentor_contests", "участие наставников в конкурсах"

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField("№")
    name = models.CharField("показатель", max_length=500)
    method = models.CharField("способ оценки", max_length=200)
    scale = models.CharField("шкала оценки", max_length=20, choices=Scale.choices)
    computed = models.CharField(
        "вычисляется из данных", max_length=30, choices=Computed.choices, blank=True
    )

    class Meta:
        ordering = ["criterion__position", "position"]

    def __str__(self):
        return self.name


class Campaign(PlaceOwned):
    """The year's monitoring of one municipality: one form per organisation."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("год")
    opened_on = models.DateField("открыт")
    deadline = models.DateField("срок сдачи", null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "мониторинг эффективности"
        verbose_name_plural = "мониторинги эффективности"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="campaign_one_per_year")
        ]
        indexes = [models.Index(fields=["updated_at"], name="effect_campaign_updated")]

    def __str__(self):
        return f"Мониторинг эффективности наставничества, {self.year}"


class Form(TenantOwned):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "не начата"
        IN_PROGRESS = "in_progress", "заполняется"
        SUBMITTED = "submitted", "сдана"
        RETURNED = "returned", "возвращена на доработку"
        ACCEPTED = "accepted", "принята"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="forms")
    status = models.CharField(
        "статус", max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    methodist_comment = models.TextField("комментарий методиста", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "форма мониторинга"
        verbose_name_plural = "формы мониторинга"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="form_one_per_org")
        ]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["updated_at"], name="effect_form_updated"),
            # The API's status filter over a methodist's municipality.
            models.Index(fields=["municipality", "status"], name="effect_form_place_status"),
        ]

    def __str__(self):
        return f"{self.campaign} — {self.organisation}"

    @property
    def editable(self) -> bool:
        return self.status in {
            self.Status.NOT_STARTED,
            self.Status.IN_PROGRESS,
            self.Status.RETURNED,
        }


class FormStatusChange(TenantOwned):
    """One step of a monitoring form: submitted, returned, accepted or reopened, by whom and
    why. A reopened accepted form keeps here the level it was accepted with."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="status_changes")
    action = models.CharField("действие", max_length=12)
    from_status = models.CharField("был статус", max_length=12, choices=Form.Status.choices)
    to_status = models.CharField("стал статус", max_length=12, choices=Form.Status.choices)
    comment = models.TextField("причина или комментарий", blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "изменение статуса формы мониторинга"
        verbose_name_plural = "история форм мониторинга"
        ordering = ["changed_at", "pk"]

    ACTION_LABELS = {
        "submit": "сдана",
        "return": "возвращена на доработку",
        "accept": "принята",
        "reopen": "снова открыта методистом",
    }

    @property
    def action_label(self) -> str:
        return self.ACTION_LABELS.get(self.action, self.action)


class Answer(TenantOwned):
    """One indicator of one form: the computed value (with how it was computed) kept beside
    the curator's confirmed or corrected value."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    computed_value = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    computed_note = models.CharField("как вычислено", max_length=500, blank=True)
    value = models.DecimalField("значение", max_digits=7, decimal_places=2, null=True, blank=True)
    option = models.CharField("ответ", max_length=20, blank=True)
    comment = models.TextField("комментарий", blank=True)
    evidence_text = models.TextField("подтверждение", blank=True)
    evidence_url = models.URLField("ссылка", blank=True)
    evidence_file = models.FileField("файл", upload_to="effectiveness/evidence/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["form", "indicator"], name="answer_one_per_indicator")
        ]
        indexes = [models.Index(fields=["updated_at"], name="effect_answer_updated")]


class Event(PlaceOwned):
    class Kind(models.TextChoices):
        CONTEST = "contest", "конкурс"
        SEMINAR = "seminar", "семинар"
        WEBINAR = "webinar", "вебинар"
        ASSOCIATION = "association", "методическое объединение"
        DECADE = "decade", "декада («Панорама наставничества»)"
        SERIES = "series", "цикл занятий («Школа молодого педагога»)"
        COURSE = "course", "курсы повышения квалификации"
        CONFERENCE = "conference", "конференция"
        PUBLICATION = "publication", "публикация"
        AWARD = "award", "награда"

    class Level(models.TextChoices):
        SCHOOL = "school", "школьный"
        MUNICIPAL = "municipal", "муниципальный"
        REGIONAL = "regional", "региональный"
        FEDERAL = "federal", "всероссийский"

    kind = models.CharField("вид", max_length=12, choices=Kind.choices)
    level = models.CharField("уровень", max_length=10, choices=Level.choices)
    title = models.CharField("название", max_length=300)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание", null=True, blank=True)
    hours = models.PositiveSmallIntegerField("часов", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["-starts_on"]
        indexes = [
            models.Index(fields=["municipality", "starts_on"]),
            models.Index(fields=["updated_at"], name="effect_event_updated"),
            # The API's filters of a place's events.
            models.Index(fields=["municipality", "kind"], name="effect_event_kind"),
            models.Index(fields=["municipality", "level"], name="effect_event_level"),
        ]

    def __str__(self):
        return self.title


# Events held as a series of sessions with attendance and materials: a methodical decade, a
# «Школа молодого педагога». Their people are the event's participations.
SERIES_KINDS = (Event.Kind.SERIES, Event.Kind.DECADE)


class Participation(TenantOwned):
    class Role(models.TextChoices):
        PARTICIPANT = "participant", "участник"
        SPEAKER = "speaker", "выступающий"
        ORGANISER = "organiser", "организатор"
        JURY = "jury", "член жюри"
        AUTHOR = "author", "автор"
        AWARDEE = "awardee", "награждённый"

    class Result(models.TextChoices):
        PARTICIPANT = "participant", "участник"
        PRIZE = "prize", "призёр"
        WINNER = "winner", "победитель"
        COMPLETED = "completed", "обучение пройдено"
        AWARDED = "awarded", "награждён(а)"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "orgs.StaffMember", on_delete=models.CASCADE, related_name="+", verbose_name="педагог"
    )
    role = models.CharField("роль", max_length=12, choices=Role.choices, default=Role.PARTICIPANT)
    result = models.CharField(
        "результат", max_length=12, choices=Result.choices, default=Result.PARTICIPANT
    )
    evidence = models.CharField("подтверждение", max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="participation_once")
        ]
        indexes = [
            models.Index(fields=["organisation", "person"]),
            models.Index(fields=["updated_at"], name="effect_participation_updated"),
        ]


class Session(PlaceOwned):
    """One session of a series: its date, topic and who leads it. It belongs to the series'
    place (a municipal series' sessions are read by the municipality's schools)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name="серия"
    )
    date = models.DateField("дата")
    topic = models.CharField("тема", max_length=300)
    leader = models.ForeignKey(
        "orgs.StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ведёт (педагог)",
    )
    leader_name = models.CharField(
        "ведёт (если не из списка педагогов)",
        max_length=300,
        blank=True,
        help_text="Например, методист ЦНППМ.",
    )
    description = models.TextField("содержание", blank=True)

    tenant_parent = "event"

    class Meta:
        verbose_name = "занятие серии"
        verbose_name_plural = "занятия серий"
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["event", "date"]),
            models.Index(fields=["leader", "date"]),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} — {self.topic}"

    @property
    def leader_display(self) -> str:
        if self.leader_id:
            return self.leader.full_name
        return self.leader_name


class SessionMaterial(PlaceOwned):
    """A session's material: an uploaded file or a link."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField("название", max_length=300)
    file = models.FileField("файл", upload_to="effectiveness/sessions/", blank=True)
    url = models.URLField("ссылка", blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    tenant_parent = "session"

    class Meta:
        verbose_name = "материал занятия"
        verbose_name_plural = "материалы занятий"
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Attendance(TenantOwned):
    """A teacher was present at a session; kept with the teacher's organisation."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "orgs.StaffMember", on_delete=models.CASCADE, related_name="+", verbose_name="педагог"
    )

    class Meta:
        verbose_name = "посещение занятия"
        verbose_name_plural = "посещаемость занятий"
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once")
        ]
        indexes = [models.Index(fields=["organisation", "person"])]


class RoadMap(PlaceOwned):
    title = models.CharField("название", max_length=500)
    first_year = models.PositiveSmallIntegerField("с года")
    last_year = models.PositiveSmallIntegerField("по год")
    approved_by = models.CharField("утверждена", max_length=300, blank=True)
    # Raised also when one of its sections, items or yearly statuses changes: a regional
    # system re-reads the whole road map.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        indexes = [models.Index(fields=["updated_at"], name="effect_road_map_updated")]

    def __str__(self):
        return self.title


class RoadMapSection(models.Model):
    road_map = models.ForeignKey(RoadMap, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    title = models.CharField("этап", max_length=500)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.title


class RoadMapItem(models.Model):
    section = models.ForeignKey(RoadMapSection, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    number = models.CharField("№", max_length=10)
    activity = models.TextField("мероприятие")
    indicators = models.CharField("показатель реализации", max_length=100, blank=True)
    result_form = models.TextField("форма представления результата", blank=True)
    deadline_text = models.CharField("сроки", max_length=200)
    deadline = models.DateField("крайний срок", null=True, blank=True)
    deadline_month = models.PositiveSmallIntegerField("месяц срока", null=True, blank=True)
    recurring = models.BooleanField("ежегодно", default=False)
    responsible = models.CharField("ответственные", max_length=300)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.number}. {self.activity[:60]}"


class RoadMapYear(models.Model):
    """An item's yearly indicator and its status that year."""

    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        DONE = "done", "выполнено"

    item = models.ForeignKey(RoadMapItem, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("год")
    target = models.PositiveSmallIntegerField("показатель")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    evidence = models.CharField("подтверждение", max_length=500, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["item", "year"], name="road_map_year_once")]

    def __str__(self):
        return f"{self.year}-{self.target}"


class ProgrammeTarget(PlaceOwned):
    number = models.CharField("№", max_length=10)
    text = models.TextField("ожидаемый результат")
    unit = models.CharField("единица", max_length=20)
    year = models.PositiveSmallIntegerField("год")
    value = models.DecimalField("цель", max_digits=7, decimal_places=2)
    computed = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["number", "year"]
        indexes = [models.Index(fields=["municipality", "year"])]

    def __str__(self):
        return f"{self.number}) {self.year}: {self.value} {self.unit}"


class LocalActKind(PlaceOwned):
    """A document of the required pack, configurable by the municipality."""

    position = models.PositiveSmallIntegerField()
    name = models.CharField("документ", max_length=300)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class LocalAct(TenantOwned):
    kind = models.ForeignKey(LocalActKind, on_delete=models.PROTECT, related_name="+")
    number = models.CharField("номер", max_length=40, blank=True)
    date = models.DateField("дата", null=True, blank=True)
    file = models.FileField("файл", upload_to="effectiveness/acts/", blank=True)
    generated = models.BooleanField("сформирован порталом", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="act_once")]
        indexes = [
            models.Index(fields=["updated_at"], name="effect_local_act_updated"),
            # The API's school-year filter reads acts by their date.
            models.Index(fields=["municipality", "date"], name="effect_local_act_date"),
        ]


class WebsiteSection(TenantOwned):
    url = models.URLField("адрес раздела «Наставничество»")
    checked_on = models.DateField("проверен", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="website_once")]
