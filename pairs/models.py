"""Programmes, pairs and groups, personalised plans (ИОМ) and the activity log.

Every row here belongs to one organisation (``TenantOwned``). A pair's members, status
history, plans, activities and log entries carry the tenant keys of the pair's organisation,
even when a network mentor works in another school: the pair is that school's record.
"""

from __future__ import annotations

import calendar
import datetime
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from orgs.models import DeficitArea, StaffMember, Subject
from orgs.tenancy import PlaceOwned, TenantManager, TenantOwned

# Days after a pair's end during which its curator may return it to work.
REOPEN_DAYS = 30


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class Programme(TenantOwned):
    """Программа наставничества организации."""

    class Form(models.TextChoices):
        # The five forms of the federal target model (Р-145), then the school's own.
        STUDENT_STUDENT = "student_student", "«ученик – ученик»"
        TEACHER_TEACHER = "teacher_teacher", "«учитель – учитель»"
        STUDENT_PUPIL = "student_pupil", "«студент – ученик»"
        EMPLOYER_PUPIL = "employer_pupil", "«работодатель – ученик»"
        EMPLOYER_STUDENT = "employer_student", "«работодатель – студент»"
        CUSTOM = "custom", "другая форма"

    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        ACTIVE = "active", "реализуется"
        CLOSED = "closed", "завершена"

    title = models.CharField("название", max_length=300)
    form = models.CharField(
        "форма наставничества", max_length=30, choices=Form.choices, default=Form.TEACHER_TEACHER
    )
    custom_form = models.CharField(
        "своя форма",
        max_length=200,
        blank=True,
        help_text="Например: «практикант вуза – учитель», «молодой учитель – наставник».",
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    goals = models.TextField("цели и задачи", blank=True)
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    approval_order = models.CharField(
        "приказ об утверждении",
        max_length=200,
        blank=True,
        help_text="Номер и дата приказа, например: № 45-од от 28.08.2025.",
    )
    closed_on = models.DateField("дата завершения", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "программа наставничества"
        verbose_name_plural = "программы наставничества"
        ordering = ["-starts_on", "title"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="programme_org_status"),
            models.Index(fields=["municipality", "status"], name="programme_muni_status"),
            models.Index(fields=["region", "status"], name="programme_region_status"),
            models.Index(fields=["organisation", "form"], name="programme_org_form"),
            models.Index(fields=["organisation", "starts_on"], name="programme_org_start"),
            models.Index(fields=["updated_at"], name="programme_updated"),
        ]

    def __str__(self):
        return self.title

    @property
    def form_title(self) -> str:
        if self.form == self.Form.CUSTOM and self.custom_form:
            return self.custom_form
        return self.get_form_display()

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = "Дата окончания должна быть позже даты начала."
        if self.form == self.Form.CUSTOM and not self.custom_form.strip():
            errors["custom_form"] = "Для другой формы наставничества укажите её название."
        if errors:
            raise ValidationError(errors)


def _consent_upload_to(instance, filename: str) -> str:
    # A random folder: a guessed media URL leads nowhere; downloads go through the scoped view.
    return f"consents/{uuid.uuid4().hex}/{filename}"


class Pair(TenantOwned):
    """Наставническая пара или группа: one or more mentors, one or more mentees."""

    class Format(models.TextChoices):
        # The six formats of Kedrovy's municipal programme (order No. 76 of 10.11.2021).
        TRADITIONAL = "traditional", "традиционное («один на один»)"
        GROUP = "group", "групповое («круги наставничества»)"
        FLASH = "flash", "флеш-наставничество"
        NETWORK = "network", "сетевое"
        REVERSE = "reverse", "реверсивное"
        VIRTUAL = "virtual", "виртуальное (цифровое)"

    class ModelElement(models.TextChoices):
        ADAPTATION = "adaptation", "адаптация"
        TRAINING = "training", "обучение"
        ACCOMPANIMENT = "accompaniment", "сопровождение"

    class MentorType(models.TextChoices):
        CONSULTANT = "consultant", "наставник-консультант"
        SUBJECT = "subject", "наставник-предметник"

    class MenteeCategory(models.TextChoices):
        # Who is mentored, as Kedrovy's municipal programme names them.
        YOUNG_SPECIALIST = "young_specialist", "молодой специалист"
        NEW_DUTIES = "new_duties", "педагог, осваивающий новые обязанности или технологии"
        TRANSFER = "transfer", "педагог, перешедший из другой организации"
        OTHER = "other", "другое"

    class Status(models.TextChoices):
        DRAFT = "draft", "формируется"
        ACTIVE = "active", "действует"
        COMPLETED = "completed", "завершена"
        TERMINATED = "terminated", "прекращена досрочно"

    class Compatibility(models.TextChoices):
        UNKNOWN = "", "не определялась"
        HIGH = "high", "высокая"
        MEDIUM = "medium", "средняя"
        LOW = "low", "низкая"

    class Consent(models.TextChoices):
        NONE = "none", "не запрошено"
        REQUESTED = "requested", "запрошено"
        GIVEN = "given", "получено"
        REFUSED = "refused", "отказ"

    class Agreement(models.TextChoices):
        NONE = "none", "не оформлено"
        DRAFT = "draft", "готовится"
        SIGNED = "signed", "подписано"
        ENDED = "ended", "прекращено"

    class Initiator(models.TextChoices):
        ORGANISATION = "organisation", "по решению организации"
        MENTOR = "mentor", "по заявлению наставника"
        MENTEE = "mentee", "по заявлению наставляемого"

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="pairs", verbose_name="программа"
    )
    title = models.CharField(
        "название группы", max_length=200, blank=True, help_text="Для групп; для пар не нужно."
    )
    format = models.CharField(
        "формат", max_length=20, choices=Format.choices, default=Format.TRADITIONAL
    )
    model_element = models.CharField(
        "элемент модели",
        max_length=20,
        choices=ModelElement.choices,
        default=ModelElement.ADAPTATION,
    )
    mentor_type = models.CharField(
        "тип наставника", max_length=20, choices=MentorType.choices, default=MentorType.CONSULTANT
    )
    mentee_category = models.CharField(
        "категория наставляемого",
        max_length=20,
        choices=MenteeCategory.choices,
        default=MenteeCategory.YOUNG_SPECIALIST,
    )
    starts_on = models.DateField("начало")
    planned_end_on = models.DateField("плановое окончание")
    ended_on = models.DateField("фактическое окончание", null=True, blank=True)
    status = models.CharField("статус", max_length=12, choices=Status.choices, default=Status.DRAFT)
    compatibility = models.CharField(
        "психологическая совместимость",
        max_length=10,
        choices=Compatibility.choices,
        default=Compatibility.UNKNOWN,
        blank=True,
    )
    compatibility_note = models.CharField("комментарий о совместимости", max_length=300, blank=True)
    # Article 351.8 of the Labour Code (since 1 March 2025).
    consent_status = models.CharField(
        "письменное согласие наставника",
        max_length=10,
        choices=Consent.choices,
        default=Consent.NONE,
    )
    consent_on = models.DateField("дата согласия", null=True, blank=True)
    consent_scan = models.FileField(
        "скан подписанного согласия", upload_to=_consent_upload_to, blank=True, max_length=300
    )
    # The consent letter generated when the curator asked for it (a draft they issue and print).
    consent_document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="документ согласия",
    )
    agreement_status = models.CharField(
        "дополнительное соглашение к трудовому договору",
        max_length=10,
        choices=Agreement.choices,
        default=Agreement.NONE,
    )
    agreement_on = models.DateField("дата соглашения", null=True, blank=True)
    agreement_ends_on = models.DateField("срок соглашения", null=True, blank=True)
    extra_pay_amount = models.DecimalField(
        "доплата наставнику, руб. в месяц",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    extra_pay_percent = models.DecimalField(
        "доплата наставнику, % оклада",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    termination_reason = models.CharField("причина прекращения", max_length=500, blank=True)
    termination_initiator = models.CharField(
        "инициатор прекращения", max_length=15, choices=Initiator.choices, blank=True
    )
    termination_notice_on = models.DateField("дата уведомления", null=True, blank=True)
    appointment_order = models.CharField(
        "приказ о закреплении", max_length=200, blank=True, help_text="Номер и дата приказа."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "наставническая пара (группа)"
        verbose_name_plural = "наставнические пары и группы"
        ordering = ["-starts_on", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="pair_org_status"),
            models.Index(fields=["organisation", "planned_end_on"], name="pair_org_end"),
            models.Index(fields=["organisation", "format"], name="pair_org_format"),
            models.Index(fields=["organisation", "mentee_category"], name="pair_org_category"),
            models.Index(fields=["programme", "status"], name="pair_programme_status"),
            models.Index(fields=["municipality", "status"], name="pair_muni_status"),
            models.Index(fields=["region", "status"], name="pair_region_status"),
            models.Index(fields=["organisation", "starts_on"], name="pair_org_start"),
            models.Index(fields=["updated_at"], name="pair_updated"),
        ]

    def __str__(self):
        return self.title or f"Пара № {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.ACTIVE)

    @property
    def reopen_until(self) -> datetime.date | None:
        """The last day a closed pair may be returned to work (a mistaken closing is undone
        by its curator; after that the closing stands)."""
        if self.is_open or self.ended_on is None:
            return None
        return self.ended_on + datetime.timedelta(days=REOPEN_DAYS)

    @property
    def has_consent(self) -> bool:
        """Art. 351.8 of the Labour Code: the mentor's written consent, with its date."""
        return self.consent_status == self.Consent.GIVEN and self.consent_on is not None

    @property
    def needs_agreement(self) -> bool:
        """A working pair whose supplementary agreement or extra pay is not recorded yet."""
        return self.agreement_status != self.Agreement.SIGNED or (
            self.extra_pay_amount is None and self.extra_pay_percent is None
        )

    def clean(self):
        errors = {}
        if self.starts_on and self.planned_end_on and self.planned_end_on <= self.starts_on:
            errors["planned_end_on"] = "Дата окончания должна быть позже даты начала."
        if self.ended_on and self.starts_on and self.ended_on < self.starts_on:
            errors["ended_on"] = "Дата окончания не может быть раньше даты начала."
        if self.extra_pay_amount is not None and self.extra_pay_percent is not None:
            errors["extra_pay_percent"] = (
                "Укажите доплату либо суммой, либо процентом, не то и другое."
            )
        if self.consent_status == self.Consent.GIVEN and not self.consent_on:
            errors["consent_on"] = "Укажите дату письменного согласия наставника."
        if self.agreement_status == self.Agreement.SIGNED and not self.agreement_on:
            errors["agreement_on"] = "Укажите дату дополнительного соглашения."
        if (
            self.agreement_on
            and self.agreement_ends_on
            and self.agreement_ends_on <= self.agreement_on
        ):
            errors["agreement_ends_on"] = "Срок соглашения должен заканчиваться после его даты."
        if errors:
            raise ValidationError(errors)


def consent_recorded_q() -> Q:
    """``Pair.has_consent`` as a query filter."""
    return Q(consent_status=Pair.Consent.GIVEN, consent_on__isnull=False)


class PairMember(TenantOwned):
    """A mentor or mentee of a pair. Tenant keys are the pair's; ``staff`` may belong to
    another organisation (a network mentor)."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "наставник"
        MENTEE = "mentee", "наставляемый"

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="members", verbose_name="пара"
    )
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="pair_memberships",
        verbose_name="педагог",
    )
    role = models.CharField("роль", max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = "участник пары"
        verbose_name_plural = "участники пар"
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "staff"], name="pair_member_unique"),
        ]
        indexes = [
            models.Index(fields=["staff", "role"], name="pair_member_staff_role"),
            models.Index(fields=["pair", "role"], name="pair_member_pair_role"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.staff}"


class PairStatusChange(TenantOwned):
    """One step of a pair's life: who, when, from which status to which, and why."""

    class Event(models.TextChoices):
        CREATED = "created", "создана"
        CONSENT_REQUESTED = "consent_asked", "запрошено согласие наставника"
        CONSENT_GIVEN = "consent_given", "получено согласие наставника"
        ACTIVATED = "activated", "начала работу"
        EXTENDED = "extended", "продлена"
        COMPLETED = "completed", "завершена"
        TERMINATED = "terminated", "прекращена досрочно"
        REOPENED = "reopened", "возобновлена"

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="status_changes", verbose_name="пара"
    )
    event = models.CharField("событие", max_length=15, choices=Event.choices)
    from_status = models.CharField(
        "был статус", max_length=12, choices=Pair.Status.choices, blank=True
    )
    to_status = models.CharField("стал статус", max_length=12, choices=Pair.Status.choices)
    reason = models.CharField("причина", max_length=500, blank=True)
    old_end_on = models.DateField("прежнее окончание", null=True, blank=True)
    new_end_on = models.DateField("новое окончание", null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто изменил",
    )
    changed_at = models.DateTimeField("когда", default=timezone.now)

    class Meta:
        verbose_name = "изменение статуса пары"
        verbose_name_plural = "история пар"
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["pair", "changed_at"], name="pair_change_pair_at")]


class Direction(models.TextChoices):
    """The seven directions of a personalised plan, as «Технология наставничества в ОО» lists
    them."""

    THEORY = "theory", "теоретическая"
    NORMATIVE = "normative", "нормативно-правовая"
    SUBJECT = "subject", "предметно-профессиональная"
    PSYCHOLOGY = "psychology", "психолого-педагогическая (обучающиеся и родители)"
    METHODS = "methods", "методическая (содержание, методики и технологии)"
    ICT = "ict", "ИКТ-компетенции"
    EXTRACURRICULAR = "extracurricular", "внеурочная и воспитательная деятельность"


class ActivityForm(models.TextChoices):
    TALK = "talk", "беседа"
    CONSULTATION = "consultation", "консультация"
    TRAINING = "training", "тренинг"
    PRACTICE = "practice", "практическое занятие"
    LESSON_VISIT = "lesson_visit", "посещение урока"
    MUTUAL_VISIT = "mutual_visit", "взаимопосещение уроков"
    MASTER_CLASS = "master_class", "мастер-класс"
    SELF_ANALYSIS = "self_analysis", "самоанализ урока"
    SEMINAR = "seminar", "семинар, совещание"
    SELF_STUDY = "self_study", "самообразование"
    DIAGNOSTICS = "diagnostics", "диагностика"
    OTHER = "other", "другое"


class Responsible(models.TextChoices):
    MENTOR = "mentor", "наставник"
    MENTEE = "mentee", "наставляемый"
    BOTH = "both", "наставник и наставляемый"
    OTHER = "other", "другой сотрудник"


class Stage(models.TextChoices):
    INTERIM = "interim", "промежуточный"
    FINAL = "final", "итоговый"


class Plan(TenantOwned):
    """Персонализированная программа наставничества (ИОМ) of one mentee in one pair."""

    class Status(models.TextChoices):
        DRAFT = "draft", "составляется"
        ACTIVE = "active", "выполняется"
        COMPLETED = "completed", "выполнена"
        CANCELLED = "cancelled", "прекращена"

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="plans", verbose_name="пара"
    )
    mentee = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="plans", verbose_name="наставляемый"
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    goals = models.TextField("цели и задачи", blank=True)
    deficits = models.ManyToManyField(
        DeficitArea, blank=True, related_name="+", verbose_name="дефициты, которые устраняет"
    )
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "персонализированная программа (ИОМ)"
        verbose_name_plural = "персонализированные программы (ИОМ)"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "mentee"], name="plan_one_per_mentee"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="plan_org_status"),
            models.Index(fields=["mentee", "status"], name="plan_mentee_status"),
            models.Index(fields=["organisation", "starts_on"], name="plan_org_start"),
            models.Index(fields=["updated_at"], name="plan_updated"),
        ]

    def __str__(self):
        return f"ИОМ: {self.mentee}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "Дата окончания должна быть позже даты начала."})


class PlanActivity(TenantOwned):
    """One activity of a plan. «Просрочено» is not stored: it follows from the deadline."""

    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        DONE = "done", "выполнено"
        CANCELLED = "cancelled", "отменено"

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="activities", verbose_name="план"
    )
    position = models.PositiveIntegerField("порядок", default=0)
    direction = models.CharField("направление", max_length=20, choices=Direction.choices)
    title = models.CharField("мероприятие", max_length=500)
    form = models.CharField(
        "форма", max_length=20, choices=ActivityForm.choices, default=ActivityForm.TALK
    )
    deficit_area = models.ForeignKey(
        DeficitArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="устраняемый дефицит",
    )
    planned_month = models.DateField(
        "месяц", null=True, blank=True, help_text="Первое число месяца, если срок — месяц."
    )
    due_on = models.DateField("срок", null=True, blank=True)
    # The day after which the activity is overdue: due_on, or the last day of planned_month.
    deadline = models.DateField("крайний срок", editable=False)
    stage = models.CharField("этап", max_length=10, choices=Stage.choices, default=Stage.INTERIM)
    expected_result = models.CharField("ожидаемый результат", max_length=500, blank=True)
    responsible = models.CharField(
        "ответственный", max_length=10, choices=Responsible.choices, default=Responsible.BOTH
    )
    responsible_other = models.CharField("другой ответственный", max_length=200, blank=True)
    status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    done_on = models.DateField("дата выполнения", null=True, blank=True)
    evidence_note = models.TextField("подтверждение выполнения", blank=True)
    evidence_file = models.FileField(
        "файл-подтверждение", upload_to="plans/evidence/%Y/%m/", blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "мероприятие плана"
        verbose_name_plural = "мероприятия плана"
        ordering = ["position", "deadline", "pk"]
        indexes = [
            models.Index(fields=["plan", "position"], name="activity_plan_position"),
            models.Index(fields=["plan", "status", "deadline"], name="activity_plan_due"),
            models.Index(fields=["organisation", "status", "deadline"], name="activity_org_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | ~Q(status="done"),
                name="activity_done_has_date",
                violation_error_message="Для выполненного мероприятия укажите дату выполнения.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.deadline = self.compute_deadline()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "deadline"}
        super().save(*args, **kwargs)

    def compute_deadline(self) -> datetime.date | None:
        if self.due_on:
            return self.due_on
        if self.planned_month:
            return month_end(self.planned_month)
        return None

    def clean(self):
        errors = {}
        if not self.due_on and not self.planned_month:
            errors["due_on"] = "Укажите месяц или срок выполнения."
        if self.planned_month and self.planned_month.day != 1:
            self.planned_month = self.planned_month.replace(day=1)
        if self.responsible == Responsible.OTHER and not self.responsible_other.strip():
            errors["responsible_other"] = "Укажите, кто из сотрудников отвечает за мероприятие."
        if self.status == self.Status.DONE and not self.done_on:
            errors["done_on"] = "Для выполненного мероприятия укажите дату выполнения."
        if self.done_on and self.done_on > timezone.localdate():
            errors["done_on"] = "Дата выполнения не может быть в будущем."
        if errors:
            raise ValidationError(errors)
        self.deadline = self.compute_deadline()

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.PLANNED and self.deadline < timezone.localdate()

    @property
    def display_status(self) -> str:
        return "просрочено" if self.is_overdue else self.get_status_display()

    @property
    def when(self) -> str:
        if self.due_on:
            return self.due_on.strftime("%d.%m.%Y")
        return f"{MONTHS[self.planned_month.month]} {self.planned_month.year}"


MONTHS = [
    "",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


class PlanTemplate(PlaceOwned):
    """A ready plan to start from. Owned by an organisation, a municipality, or nobody
    (shipped with the portal, visible to everyone)."""

    portal_rows = True

    title = models.CharField("название", max_length=300)
    code = models.SlugField(
        "код", max_length=60, blank=True, help_text="Для шаблонов, поставляемых с порталом."
    )
    description = models.TextField("описание", blank=True)
    goals = models.TextField("цели и задачи", blank=True)
    mentee_category = models.CharField(
        "для кого", max_length=20, choices=Pair.MenteeCategory.choices, blank=True
    )
    # Empty for the portal's own templates.
    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The portal's templates (no keys) and a region's or municipality's are read below them.
    objects = TenantManager(
        shared=("region", "municipality", "organisation"),
        region="region",
        municipality="municipality",
        organisation="organisation",
    )

    class Meta:
        verbose_name = "шаблон плана"
        verbose_name_plural = "шаблоны планов"
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="plan_template_unique_code"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation"], name="plan_template_org"),
            models.Index(fields=["municipality"], name="plan_template_muni"),
        ]

    def __str__(self):
        return self.title

    @property
    def owner_title(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        if self.municipality_id:
            return str(self.municipality)
        return "шаблон портала"


class PlanTemplateActivity(models.Model):
    """An activity of a template; its month counts from the first month of the plan."""

    template = models.ForeignKey(
        PlanTemplate, on_delete=models.CASCADE, related_name="activities", verbose_name="шаблон"
    )
    position = models.PositiveIntegerField("порядок", default=0)
    direction = models.CharField("направление", max_length=20, choices=Direction.choices)
    title = models.CharField("мероприятие", max_length=500)
    form = models.CharField(
        "форма", max_length=20, choices=ActivityForm.choices, default=ActivityForm.TALK
    )
    deficit_code = models.SlugField("код дефицита", max_length=50, blank=True)
    month_offset = models.PositiveSmallIntegerField(
        "месяц от начала плана", default=0, validators=[MaxValueValidator(35)]
    )
    stage = models.CharField("этап", max_length=10, choices=Stage.choices, default=Stage.INTERIM)
    expected_result = models.CharField("ожидаемый результат", max_length=500, blank=True)
    responsible = models.CharField(
        "ответственный", max_length=10, choices=Responsible.choices, default=Responsible.BOTH
    )

    class Meta:
        verbose_name = "мероприятие шаблона"
        verbose_name_plural = "мероприятия шаблона"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class LogEntry(TenantOwned):
    """Журнал: a meeting, a lesson visit, a training or a consultation of a pair."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "встреча"
        LESSON_VISIT = "lesson_visit", "посещение урока"
        TRAINING = "training", "тренинг, занятие"
        CONSULTATION = "consultation", "консультация"

    pair = models.ForeignKey(
        Pair, on_delete=models.CASCADE, related_name="log_entries", verbose_name="пара"
    )
    kind = models.CharField("вид", max_length=15, choices=Kind.choices, default=Kind.MEETING)
    happened_on = models.DateField("дата")
    topic = models.CharField("тема", max_length=300)
    notes = models.TextField("заметки", blank=True)
    visitor = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто посетил",
    )
    visited = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="у кого урок",
    )
    class_name = models.CharField("класс", max_length=20, blank=True)
    subject = models.ForeignKey(
        Subject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="предмет",
    )
    activity = models.ForeignKey(
        PlanActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log_entries",
        verbose_name="мероприятие плана",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "запись журнала"
        verbose_name_plural = "журнал наставничества"
        ordering = ["-happened_on", "-pk"]
        indexes = [
            models.Index(fields=["pair", "happened_on"], name="log_pair_date"),
            models.Index(fields=["organisation", "kind", "happened_on"], name="log_org_kind_date"),
            models.Index(fields=["visitor", "kind"], name="log_visitor_kind"),
            models.Index(fields=["organisation", "happened_on"], name="log_org_date"),
            models.Index(fields=["updated_at"], name="log_updated"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.happened_on:%d.%m.%Y}: {self.topic}"

    def clean(self):
        errors = {}
        if self.happened_on and self.happened_on > timezone.localdate():
            errors["happened_on"] = "Запись журнала не может быть датирована будущим днём."
        if self.kind == self.Kind.LESSON_VISIT and not (self.visitor_id and self.visited_id):
            errors["visited"] = "Для посещения урока укажите, кто посетил и у кого был урок."
        if self.visitor_id and self.visitor_id == self.visited_id:
            errors["visited"] = "Посетивший и ведущий урок должны быть разными людьми."
        if errors:
            raise ValidationError(errors)


class PersonalSettings(models.Model):
    """A person's own switches: the weekly digest and the private calendar link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pairs_settings"
    )
    weekly_digest = models.BooleanField("еженедельная сводка по e-mail", default=True)
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "личные настройки"
        verbose_name_plural = "личные настройки"

    def __str__(self):
        return f"Настройки: {self.user}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class DigestDelivery(models.Model):
    """One sent weekly digest: its unique key makes a repeated run send nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField("неделя (понедельник)")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "отправленная сводка"
        verbose_name_plural = "отправленные сводки"
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="digest_once_a_week"),
        ]

    def __str__(self):
        return f"Сводка {self.week:%d.%m.%Y}: {self.user}"
