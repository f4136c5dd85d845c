"""Diagnostics: instruments (versioned questionnaires), campaigns, invitations and answers,
and the per-area results computed when a respondent submits.

Instruments are a catalogue like ``orgs.DeficitArea``: the ready ones are portal-wide (no
owner), a region or municipality may build its own. They hold no personal data, so they are
not scoped by the tenancy layer; ``selectors.instruments_visible_to`` decides who sees which.
Campaigns, invitations, answers and results are tenant rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from orgs.models import DeficitArea, Municipality, Region, StaffMember
from orgs.tenancy import ORG_KEYS, PlaceOwned, TenantManager, TenantOwned

SCALE_MAX = 5


class Instrument(models.Model):
    class Purpose(models.TextChoices):
        DEFICITS = "deficits", "профессиональные затруднения"
        COMPATIBILITY = "compatibility", "совместимость пары"
        SATISFACTION = "satisfaction", "удовлетворённость"
        EXPECTATIONS = "expectations", "ожидания"
        SELF_ASSESSMENT = "self_assessment", "самооценка"
        OBSERVATION = "observation", "наблюдение урока"

    class Audience(models.TextChoices):
        TEACHER = "teacher", "педагог"
        MENTOR = "mentor", "наставник"
        MENTEE = "mentee", "наставляемый"
        PAIR = "pair", "наставник и наставляемый"
        OBSERVER = "observer", "эксперт / наблюдатель"

    code = models.SlugField(
        "код", max_length=60, blank=True, help_text="Заполнен у готовых инструментов портала."
    )
    title = models.CharField("название", max_length=300)
    purpose = models.CharField("назначение", max_length=20, choices=Purpose.choices)
    audience = models.CharField("кто отвечает", max_length=20, choices=Audience.choices)
    description = models.TextField("описание", blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "диагностический инструмент"
        verbose_name_plural = "диагностические инструменты"
        ordering = ["purpose", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="instrument_unique_code"
            )
        ]
        indexes = [models.Index(fields=["region", "municipality"], name="instrument_owner")]

    def __str__(self):
        return self.title

    @property
    def is_ready_made(self) -> bool:
        return self.region_id is None


class InstrumentVersion(models.Model):
    """What respondents answer. A published version never changes: editing an instrument
    starts a new draft version, and answers keep pointing to the version they answered."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("версия")
    published_at = models.DateTimeField("опубликована", null=True, blank=True)
    difficulty_threshold = models.DecimalField(
        "порог затруднения",
        max_digits=3,
        decimal_places=2,
        default=Decimal("2.00"),
        help_text="Область считается затруднением, если средний балл по ней не выше порога "
        "(шкала 1–5).",
    )
    compatibility_threshold = models.PositiveSmallIntegerField("порог совместимости, %", default=70)

    class Meta:
        verbose_name = "версия инструмента"
        verbose_name_plural = "версии инструментов"
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="version_unique_number")
        ]

    def __str__(self):
        return f"{self.instrument} (версия {self.number})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Section(models.Model):
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField("порядок", default=0)
    title = models.CharField("раздел", max_length=300)
    description = models.TextField("пояснение", blank=True)

    class Meta:
        verbose_name = "раздел"
        verbose_name_plural = "разделы"
        ordering = ["version", "position", "id"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", "шкала 1–5"
        YES_NO = "yes_no", "да / нет"
        SINGLE = "single", "один вариант"
        MULTIPLE = "multiple", "несколько вариантов"
        NUMBER = "number", "число"
        TEXT = "text", "свободный ответ"

    SCORED_KINDS = (Kind.SCALE, Kind.YES_NO)

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("порядок", default=0)
    text = models.CharField("вопрос", max_length=500)
    kind = models.CharField("тип", max_length=10, choices=Kind.choices, default=Kind.SCALE)
    area = models.ForeignKey(
        DeficitArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="область затруднений",
    )
    options = models.JSONField("варианты ответа", default=list, blank=True)
    required = models.BooleanField("обязательный", default=True)
    reverse = models.BooleanField(
        "обратная шкала",
        default=False,
        help_text="Высокий балл или ответ «да» означает затруднение.",
    )
    scale_low = models.CharField("подпись 1", max_length=100, blank=True)
    scale_high = models.CharField("подпись 5", max_length=100, blank=True)

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["section", "position", "id"]

    def __str__(self):
        return self.text

    @property
    def is_scored(self) -> bool:
        return self.kind in self.SCORED_KINDS


class TypicalActivity(models.Model):
    """A plan activity that typically addresses a deficit area: what the «по результатам
    диагностики» panel suggests. Part of the catalogue, edited in the admin."""

    area = models.ForeignKey(
        DeficitArea,
        on_delete=models.CASCADE,
        related_name="typical_activities",
        verbose_name="область затруднений",
    )
    title = models.CharField("мероприятие", max_length=300)
    # Codes of pairs.models.ActivityForm and pairs.models.Direction.
    form = models.CharField("форма", max_length=20, default="talk")
    direction = models.CharField("направление плана", max_length=20, default="psychology")
    expected_result = models.CharField("ожидаемый результат", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "типовое мероприятие"
        verbose_name_plural = "типовые мероприятия"
        ordering = ["area", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["area", "title"], name="typical_activity_unique")
        ]

    def __str__(self):
        return self.title


class Campaign(PlaceOwned):
    """A diagnostics campaign of a municipality (organisation empty) or of one organisation."""

    class Audience(models.TextChoices):
        ALL_TEACHERS = "all", "все педагоги"
        YOUNG = "young", "молодые специалисты"
        IN_PAIRS = "in_pairs", "участники наставнических пар"
        CHOSEN = "chosen", "выбранные педагоги"

    title = models.CharField("название", max_length=300)
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="+", verbose_name="инструмент"
    )
    audience = models.CharField("кто отвечает", max_length=10, choices=Audience.choices)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    anonymous = models.BooleanField(
        "анонимно", default=False, help_text="Результаты только сводно, от 5 ответов."
    )
    # Every campaign has a municipality: its own, or its school's (never a region's alone).
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    lifecycle = models.CharField(
        "автоматический опрос", max_length=60, blank=True, help_text="У опросов по графику."
    )
    closed_at = models.DateTimeField("закрыта", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Read only within its own place: a school's staff do not list their municipality's
    # campaigns (its results reach them through their own school's invitations).
    objects = TenantManager(**ORG_KEYS)

    class Meta:
        verbose_name = "диагностическая кампания"
        verbose_name_plural = "диагностические кампании"
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "starts_on"], name="campaign_org"),
            models.Index(fields=["municipality", "starts_on"], name="campaign_muni"),
            models.Index(fields=["region", "starts_on"], name="campaign_region"),
            models.Index(fields=["updated_at"], name="diag_campaign_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="campaign_dates_ordered",
                violation_error_message="Окончание кампании не может быть раньше начала.",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Invitation(TenantOwned):
    """One person asked to answer one campaign; holds their response's state."""

    class Side(models.TextChoices):
        NONE = "", "—"
        MENTOR = "mentor", "наставник"
        MENTEE = "mentee", "наставляемый"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="+", verbose_name="педагог"
    )
    side = models.CharField("сторона пары", max_length=10, choices=Side.choices, blank=True)
    occasion = models.CharField(
        "повод", max_length=40, blank=True, help_text="Для опросов по графику: какой по счёту."
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField("ответ отправлен", null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="внесено за респондента",
    )
    on_paper = models.BooleanField("с бумажного бланка", default=False)

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        ordering = ["campaign", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "staff_member", "occasion"], name="invitation_once"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "organisation"], name="invitation_campaign_org"),
            models.Index(fields=["staff_member", "submitted_at"], name="invitation_staff"),
        ]

    def __str__(self):
        return f"{self.campaign}: {self.staff_member}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def open_to(self, user) -> bool:
        """Whether ``user`` may read and write this response's answers. Its respondent may,
        unless it came from a paper form; anyone else (the curator entering a paper form)
        only makes a new answer: never over one sent, nor one its respondent has begun,
        only their own unfinished entry. The campaign must also run (services)."""
        if user.staff_member_id == self.staff_member_id and not self.on_paper:
            return True
        if self.submitted_at is not None:
            return False
        return self.started_at is None or (self.on_paper and self.entered_by_id == user.pk)


class Answer(TenantOwned):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    number = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)
    # The answer on the 1–5 scale where 1 is a serious difficulty; empty for unscored kinds.
    score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "ответ"
        verbose_name_plural = "ответы"
        constraints = [
            models.UniqueConstraint(fields=["invitation", "question"], name="answer_once")
        ]
        indexes = [
            models.Index(fields=["question", "score"], name="answer_question_score"),
            # A place's answers to the scale questions (the satisfaction figure): read by
            # both keys at once instead of ANDing the question's whole column of answers.
            models.Index(fields=["organisation", "question"], name="answer_org_question"),
        ]


class AreaResult(TenantOwned):
    """A submitted response's mean score in one deficit area, and whether it is a difficulty
    by the version's rule. Stored at submission so that shares aggregate in one query."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="areas")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(DeficitArea, on_delete=models.PROTECT, related_name="+")
    mean = models.DecimalField(max_digits=3, decimal_places=2)
    is_difficulty = models.BooleanField()

    class Meta:
        verbose_name = "результат по области"
        verbose_name_plural = "результаты по областям"
        constraints = [
            models.UniqueConstraint(fields=["invitation", "area"], name="area_result_once")
        ]
        indexes = [models.Index(fields=["campaign", "area"], name="area_result_campaign")]


class CompatibilityDecision(TenantOwned):
    """The curator's decision on a pair's compatibility: a low score is flagged, not
    forbidden (the Онгудайский district report keeps such a pair on purpose), and keeping it
    needs a reason."""

    pair = models.ForeignKey(
        "pairs.Pair", on_delete=models.CASCADE, related_name="+", verbose_name="пара"
    )
    score = models.PositiveSmallIntegerField("совместимость, %", null=True, blank=True)
    flagged = models.BooleanField("ниже порога", default=False)
    reason = models.TextField("обоснование")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "решение о совместимости пары"
        verbose_name_plural = "решения о совместимости пар"
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["pair", "decided_at"], name="compat_decision_pair")]


class LifecycleSchedule(TenantOwned):
    """An organisation's schedule of surveys that run themselves (Celery beat invites the
    people concerned once per occasion)."""

    enabled = models.BooleanField("включено", default=True)
    pulse_first_days = models.PositiveSmallIntegerField(
        "первый опрос удовлетворённости, дней после начала пары", default=30
    )
    pulse_every_days = models.PositiveSmallIntegerField("затем каждые, дней", default=60)
    final_on_completion = models.BooleanField("итоговый опрос при завершении пары", default=True)
    compatibility_on_draft = models.BooleanField(
        "анкета совместимости при формировании пары", default=True
    )

    class Meta:
        verbose_name = "график опросов"
        verbose_name_plural = "графики опросов"
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="lifecycle_schedule_once")
        ]

    def __str__(self):
        return f"График опросов: {self.organisation}"
