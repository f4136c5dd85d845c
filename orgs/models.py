"""The organisation tree (region → municipality → organisation), staff, accounts and roles."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import identifiers
from .registers import Register, validate_format
from .tenancy import ORG_KEYS, PlaceOwned, TenantManager, TenantOwned

YOUNG_SPECIALIST_YEARS = 3


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def young_specialist_threshold(on: datetime.date | None = None) -> datetime.date:
    """Careers that started after this date are still young specialists on ``on``."""
    return add_years(on or timezone.localdate(), -YOUNG_SPECIALIST_YEARS)


def full_years_between(start: datetime.date, end: datetime.date) -> int:
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)


class Region(models.Model):
    """Субъект Российской Федерации."""

    name = models.CharField("название", max_length=200, unique=True)
    code = models.CharField("код субъекта", max_length=2, unique=True)

    # Raised by PostgreSQL on every write of a row this tenant owns (orgs/data_versions.py).
    data_version = models.BigIntegerField("версия данных", default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager(region="id")

    class Meta:
        verbose_name = "субъект РФ"
        verbose_name_plural = "субъекты РФ"
        ordering = ["name"]
        indexes = [models.Index(fields=["updated_at"], name="region_updated")]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """Муниципальное образование: район, городской или муниципальный округ."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "муниципальный район"
        URBAN_DISTRICT = "urban_district", "городской округ"
        MUNICIPAL_DISTRICT = "municipal_district", "муниципальный округ"

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="регион"
    )
    name = models.CharField("название", max_length=200)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    education_authority = models.CharField(
        "орган управления образованием",
        max_length=300,
        blank=True,
        help_text="Например: Отдел образования Администрации МО «Город Кедровый».",
    )
    settlement = models.CharField(
        "место издания документов",
        max_length=100,
        blank=True,
        help_text="Населённый пункт органа управления образованием: «г. Кедровый».",
    )
    allow_regional_network_mentors = models.BooleanField(
        "наставники из других муниципалитетов региона",
        default=False,
        help_text="Разрешить сетевых наставников из всего региона, а не только муниципалитета.",
    )
    oktmo = models.CharField(
        "код ОКТМО",
        max_length=11,
        blank=True,
        validators=[identifiers.validate_oktmo],
        help_text="8 или 11 цифр: по нему региональные системы находят муниципалитет.",
    )

    # Raised by PostgreSQL on every write of a row this tenant owns (orgs/data_versions.py).
    data_version = models.BigIntegerField("версия данных", default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager(region="region", municipality="id")

    class Meta:
        verbose_name = "муниципальное образование"
        verbose_name_plural = "муниципальные образования"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name")
        ]
        # Regional systems find a municipality by its ОКТМО.
        indexes = [
            models.Index(fields=["oktmo"], name="municipality_oktmo"),
            models.Index(fields=["updated_at"], name="municipality_updated"),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self) -> dict:
        """The audit trail files changes of a municipality under itself (see orgs.audit)."""
        return {"region": self.region_id, "municipality": self.pk, "organisation": None}


class Organisation(models.Model):
    """Образовательная организация (ОО) or the regional methodological centre."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "общеобразовательная организация"
        KINDERGARTEN = "kindergarten", "дошкольная образовательная организация"
        ADDITIONAL = "additional", "организация дополнительного образования"
        COLLEGE = "college", "профессиональная образовательная организация"
        METHOD_CENTRE = "method_centre", "методический центр (ЦНППМ, ИПК)"

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name="регион"
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name="муниципальное образование",
    )
    name = models.CharField(
        "сокращённое официальное наименование",
        max_length=400,
        help_text="Как в уставе: МБОУ «Онгудайская СОШ им. С.Т. Пекпеева».",
    )
    full_name = models.CharField(
        "полное официальное наименование",
        max_length=500,
        blank=True,
        help_text="Как в уставе: Муниципальное бюджетное общеобразовательное учреждение …",
    )
    short_name = models.CharField("краткое наименование (на портале)", max_length=200)
    settlement = models.CharField(
        "населённый пункт",
        max_length=100,
        blank=True,
        help_text="Место издания документов: «с. Онгудай», «г. Кедровый».",
    )
    kind = models.CharField("тип", max_length=20, choices=Kind.choices, default=Kind.SCHOOL)
    address = models.CharField("адрес", max_length=300, blank=True)
    head_position = models.CharField(
        "должность руководителя",
        max_length=200,
        default="Директор",
        help_text="Руководитель — сотрудник с этой должностью в списке педагогов "
        "или назначенный в разделе «Реквизиты».",
    )
    website = models.URLField("сайт", blank=True)
    # The organisation's ids in the state registers, for regional systems to match rows.
    inn = models.CharField("ИНН", max_length=10, blank=True, validators=[identifiers.validate_inn])
    kpp = models.CharField("КПП", max_length=9, blank=True, validators=[identifiers.validate_kpp])
    ogrn = models.CharField(
        "ОГРН", max_length=13, blank=True, validators=[identifiers.validate_ogrn]
    )
    mentor_load_limit = models.PositiveSmallIntegerField(
        "наставляемых у одного наставника, не более",
        null=True,
        blank=True,
        help_text="Пусто — значение по умолчанию для портала.",
    )

    # Raised by PostgreSQL on every write of a row this tenant owns (orgs/data_versions.py).
    data_version = models.BigIntegerField("версия данных", default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager(region="region", municipality="municipality", organisation="id")

    class Meta:
        verbose_name = "образовательная организация"
        verbose_name_plural = "образовательные организации"
        ordering = ["short_name"]
        indexes = [
            models.Index(fields=["municipality", "kind"], name="org_municipality_kind"),
            models.Index(fields=["municipality", "short_name"], name="org_municipality_name"),
            # Regional systems find an organisation by its ids in the state registers.
            models.Index(fields=["inn"], name="org_inn"),
            models.Index(fields=["kpp"], name="org_kpp"),
            models.Index(fields=["ogrn"], name="org_ogrn"),
            models.Index(fields=["updated_at"], name="org_updated"),
        ]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        self.region_id = self.municipality.region_id
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        """The audit trail files changes of an organisation under itself (see orgs.audit)."""
        return {
            "region": self.region_id,
            "municipality": self.municipality_id,
            "organisation": self.pk,
        }

    @property
    def official_name(self) -> str:
        """The name a document's header carries: the full one when it is known."""
        return self.full_name or self.name

    @property
    def head_name(self) -> str:
        """The head's full name, read from the one record of who heads the organisation."""
        from .selectors import organisation_head

        head = organisation_head(self)
        return head.full_name if head else ""


class Subject(models.Model):
    """A school subject or area of work; a shared catalogue, not tenant data."""

    name = models.CharField("название", max_length=120, unique=True)

    class Meta:
        verbose_name = "предмет"
        verbose_name_plural = "предметы"
        ordering = ["name"]

    def __str__(self):
        return self.name


class StaffQuerySet(models.QuerySet):
    def working(self):
        return self.filter(employment_status=StaffMember.Status.WORKS)

    def young_specialists(self, on: datetime.date | None = None):
        """Working staff whose pedagogical career is shorter than three full years."""
        return self.working().filter(career_started_on__gt=young_specialist_threshold(on))


class StaffMember(TenantOwned):
    """Педагогический работник of one organisation."""

    class Category(models.TextChoices):
        NONE = "none", "без категории"
        CONFORMITY = "conformity", "соответствие занимаемой должности"
        FIRST = "first", "первая"
        HIGHEST = "highest", "высшая"

    class Status(models.TextChoices):
        WORKS = "works", "работает"
        LEFT = "left", "уволен(а)"

    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    patronymic = models.CharField("отчество", max_length=100, blank=True)
    position = models.CharField("должность", max_length=200)
    subjects = models.ManyToManyField(Subject, blank=True, verbose_name="предметы")
    category = models.CharField(
        "квалификационная категория", max_length=20, choices=Category.choices, default=Category.NONE
    )
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    hired_on = models.DateField("дата приёма в организацию", null=True, blank=True)
    career_started_on = models.DateField(
        "начало педагогической деятельности",
        null=True,
        blank=True,
        help_text="С этой даты считается педагогический стаж.",
    )
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)
    needs = models.ManyToManyField(
        "DeficitArea",
        blank=True,
        related_name="+",
        verbose_name="затруднения (со слов педагога)",
        help_text="Учитываются при подборе наставника, пока нет результатов диагностики.",
    )
    employment_status = models.CharField(
        "статус", max_length=10, choices=Status.choices, default=Status.WORKS
    )
    personnel_number = models.CharField(
        "табельный номер",
        max_length=20,
        blank=True,
        validators=[identifiers.validate_personnel_number],
        help_text="Номер в кадровой системе организации; у каждого свой.",
    )
    left_on = models.DateField("дата увольнения", null=True, blank=True)
    leave_reason = models.CharField("причина увольнения", max_length=300, blank=True)
    previous_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="предыдущая организация (на портале)",
    )
    previous_organisation_name = models.CharField(
        "предыдущее место работы", max_length=300, blank=True
    )
    anonymised_at = models.DateTimeField("обезличен", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager(queryset_class=StaffQuerySet, **ORG_KEYS)

    class Meta:
        verbose_name = "педагогический работник"
        verbose_name_plural = "педагогические работники"
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"], name="staff_org_name"),
            models.Index(fields=["organisation", "employment_status"], name="staff_org_status"),
            models.Index(
                fields=["municipality", "employment_status", "career_started_on"],
                name="staff_muni_career",
            ),
            models.Index(
                fields=["region", "employment_status", "career_started_on"],
                name="staff_region_career",
            ),
            models.Index(fields=["email"], name="staff_email"),
            # The curator's list filters by category inside one organisation.
            models.Index(fields=["organisation", "category"], name="staff_org_category"),
            models.Index(fields=["organisation", "hired_on"], name="staff_org_hired"),
            # A sync asks for the few rows changed since its last run.
            models.Index(fields=["updated_at"], name="staff_updated"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "personnel_number"],
                condition=~Q(personnel_number=""),
                name="staff_personnel_number_unique",
                violation_error_message="Этот табельный номер уже есть в организации.",
            ),
            models.CheckConstraint(
                condition=Q(employment_status="works", left_on__isnull=True)
                | Q(employment_status="left", left_on__isnull=False),
                name="staff_left_has_date",
                violation_error_message="Для уволенного сотрудника укажите дату увольнения.",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Иванова А. С.» with no-break spaces, as official documents write it."""
        initials = "\u00a0".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name}\u00a0{initials}" if initials else self.last_name

    def career_years(self, on: datetime.date | None = None) -> int | None:
        if not self.career_started_on:
            return None
        return full_years_between(self.career_started_on, on or timezone.localdate())

    def years_in_organisation(self, on: datetime.date | None = None) -> int | None:
        if not self.hired_on:
            return None
        return full_years_between(self.hired_on, on or timezone.localdate())

    @property
    def young_specialist_until(self) -> datetime.date | None:
        if not self.career_started_on:
            return None
        return add_years(self.career_started_on, YOUNG_SPECIALIST_YEARS)

    def is_young_specialist(self, on: datetime.date | None = None) -> bool:
        until = self.young_specialist_until
        on = on or timezone.localdate()
        return bool(until and self.employment_status == self.Status.WORKS and on < until)


class User(AbstractUser):
    """An account; optionally the login of a staff member (mentors and mentees)."""

    email = models.EmailField("e-mail", blank=True, db_index=True)
    patronymic = models.CharField("отчество", max_length=150, blank=True)
    staff_member = models.OneToOneField(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name="педагогический работник",
    )
    # Raised by PostgreSQL on every change to this account, its memberships and its personal
    # settings (orgs/data_versions.py): the key under which its navigation is cached.
    data_version = models.BigIntegerField("версия данных", default=0, editable=False)

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"

    def get_full_name(self) -> str:
        parts = (self.last_name, self.first_name, self.patronymic)
        return " ".join(p for p in parts if p) or self.username


class Role(models.TextChoices):
    """Role memberships. Mentor and mentee are not memberships: they follow from pairs."""

    REGION_COORDINATOR = "region_coordinator", "региональный координатор"
    METHODIST = "methodist", "муниципальный методист"
    DIRECTOR = "director", "руководитель ОО"
    CURATOR = "curator", "куратор наставничества"
    PSYCHOLOGIST = "psychologist", "педагог-психолог"


REGION_ROLES = {Role.REGION_COORDINATOR}
MUNICIPALITY_ROLES = {Role.METHODIST}
ORGANISATION_ROLES = {Role.DIRECTOR, Role.CURATOR, Role.PSYCHOLOGIST}


class Membership(PlaceOwned):
    """A role held by a user at one level of the tree (region, municipality or organisation).

    The tenant keys are filled from the most specific level, like on every place's row; the
    keys are declared here for their names in the admin and their reverse accessors.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="пользователь"
    )
    role = models.CharField("роль", max_length=30, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, verbose_name="регион")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name="муниципальное образование",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, verbose_name="организация"
    )
    is_active = models.BooleanField("действует", default=True)

    objects = TenantManager(**ORG_KEYS)

    class Meta:
        verbose_name = "роль пользователя"
        verbose_name_plural = "роли пользователей"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region", "municipality", "organisation"],
                name="membership_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                name="membership_level_matches_role",
                condition=(
                    Q(
                        role__in=sorted(REGION_ROLES),
                        municipality__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        role__in=sorted(MUNICIPALITY_ROLES),
                        municipality__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        role__in=sorted(ORGANISATION_ROLES),
                        municipality__isnull=False,
                        organisation__isnull=False,
                    )
                ),
                violation_error_message="Уровень роли не соответствует её виду.",
            ),
        ]
        indexes = [models.Index(fields=["user", "is_active"], name="membership_user_active")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.place}"

    @property
    def place(self):
        return self.organisation or self.municipality or self.region


class DeficitArea(models.Model):
    """An area of professional difficulties (дефициты): the shared catalogue that diagnostics
    measure and personalised plans address. ``region`` empty: the portal-wide catalogue;
    a region may add its own areas."""

    code = models.SlugField("код", max_length=50)
    name = models.CharField("область затруднений", max_length=200)
    description = models.TextField("описание", blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="регион",
        help_text="Пусто — общий каталог портала.",
    )
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "область профессиональных затруднений"
        verbose_name_plural = "области профессиональных затруднений"
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code"], name="deficit_area_unique_code", nulls_distinct=False
            )
        ]

    def __str__(self):
        return self.name


class MentorProfile(TenantOwned):
    """A staff member offered to the municipal base of mentors and experts (Kedrovy's order No. 76:
    «единая информационная база наставников и экспертов») for network mentoring."""

    staff = models.OneToOneField(
        StaffMember,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
        verbose_name="педагогический работник",
    )
    is_available = models.BooleanField("доступен для сетевого наставничества", default=True)
    subjects = models.ManyToManyField(Subject, blank=True, verbose_name="предметы")
    deficit_areas = models.ManyToManyField(
        DeficitArea, blank=True, verbose_name="области, в которых может помочь"
    )
    offers_reverse = models.BooleanField("реверсивное наставничество", default=False)
    offers_digital = models.BooleanField("виртуальное (цифровое) наставничество", default=False)
    offers_group = models.BooleanField("групповое наставничество", default=False)
    capacity = models.PositiveSmallIntegerField(
        "наставляемых одновременно, не более",
        default=2,
        help_text="Положения о наставничестве обычно допускают 2–3 наставляемых.",
    )
    note = models.CharField("примечание", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "наставник в муниципальной базе"
        verbose_name_plural = "база наставников"
        indexes = [
            models.Index(fields=["municipality", "is_available"], name="mentor_muni_available"),
            models.Index(fields=["region", "is_available"], name="mentor_region_available"),
        ]

    def __str__(self):
        return str(self.staff)

    def copy_tenant_keys(self) -> None:
        self.organisation_id = self.staff.organisation_id
        super().copy_tenant_keys()

    @property
    def forms_display(self) -> list[str]:
        names = [
            (self.offers_reverse, "реверсивное"),
            (self.offers_digital, "цифровое"),
            (self.offers_group, "групповое"),
        ]
        return [name for flag, name in names if flag]


class MatchingWeights(PlaceOwned):
    """The municipality's weights of the mentor matching score (see ``pairs.matching``): a
    municipality's row, its organisation always empty."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="matching_weights"
    )
    subject = models.PositiveSmallIntegerField("совпадение предметов", default=40)
    needs = models.PositiveSmallIntegerField("покрытие затруднений наставляемого", default=30)
    experience = models.PositiveSmallIntegerField("категория и стаж наставника", default=20)
    capacity = models.PositiveSmallIntegerField("свободные места у наставника", default=10)

    objects = TenantManager(**ORG_KEYS)

    class Meta:
        verbose_name = "веса подбора наставников"
        verbose_name_plural = "веса подбора наставников"

    def __str__(self):
        return f"Веса подбора: {self.municipality}"


class ImportJob(TenantOwned):
    """One upload of a staff list: the parsed preview, then the confirmed save.

    The page polls this row (not the Celery result) so progress is read with the same tenant
    scope as everything else and survives a broker outage."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        PARSING = "parsing", "разбор файла"
        PREVIEW = "preview", "ожидает подтверждения"
        SAVING = "saving", "сохранение"
        DONE = "done", "сохранено"
        FAILED = "failed", "ошибка"

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField("файл", max_length=255)
    content = models.BinaryField("содержимое файла", editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("готово, %", default=0)
    result = models.JSONField("результат разбора", default=dict, blank=True)
    message = models.CharField("сообщение", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "импорт списка педагогов"
        verbose_name_plural = "импорт списков педагогов"
        indexes = [models.Index(fields=["organisation", "created_at"], name="import_org_created")]


class Head(TenantOwned):
    """Who heads an organisation from a date: the director, or an acting head
    («И. о. директора») for a period. Without a current row, the head is the working staff
    member whose position is the organisation's head position (``orgs.selectors``)."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="+", verbose_name="сотрудник"
    )
    acting = models.BooleanField("исполняет обязанности", default=False)
    starts_on = models.DateField("с")
    ends_on = models.DateField("по", null=True, blank=True)
    basis = models.CharField(
        "основание", max_length=300, blank=True, help_text="Например: приказ от 01.09.2025 № 12-к."
    )

    class Meta:
        verbose_name = "руководитель организации"
        verbose_name_plural = "руководители организаций"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="head_dates_in_order",
                violation_error_message="Дата окончания раньше даты начала.",
            )
        ]

    def __str__(self):
        return f"{self.staff}: с {self.starts_on:%d.%m.%Y}"


class NameForm(PlaceOwned):
    """A hand-corrected case of a name where the morphology libraries guess wrong: the
    nominative phrase as written in the portal, the case, the right form. Kept per
    organisation (or per municipality for its authority's names), never for a region."""

    # Every row has a municipality: its own, or its school's.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", editable=False
    )
    phrase = models.CharField("как написано (именительный падеж)", max_length=500)
    case = models.CharField("падеж", max_length=4)
    form = models.CharField("правильная форма", max_length=500)

    class Meta:
        verbose_name = "форма названия в падеже"
        verbose_name_plural = "формы названий в падежах"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation", "phrase", "case"],
                nulls_distinct=False,
                name="nameform_unique_case",
            )
        ]

    def __str__(self):
        return f"{self.phrase} ({self.case}): {self.form}"


class RegisterFormat(PlaceOwned):
    """How an issuer numbers one register of its documents («{номер}-од» for orders). An
    organisation keeps its own; a municipality's rows (organisation empty) number the
    municipality's own documents only, so neither reads the other's."""

    # Every row has a municipality: its own, or its school's.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", editable=False
    )
    register = models.CharField("журнал", max_length=20, choices=Register.choices)
    pattern = models.CharField(
        "формат номера",
        max_length=40,
        validators=[validate_format],
        help_text="{номер} — порядковый номер в журнале за год, {год} — год документа.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Each issuer reads its own rows only: a school inherits nothing from its municipality.
    objects = TenantManager(**ORG_KEYS)

    class Meta:
        verbose_name = "формат номера документов"
        verbose_name_plural = "форматы номеров документов"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation", "register"],
                nulls_distinct=False,
                name="registerformat_unique_register",
            )
        ]

    def __str__(self):
        return f"{self.get_register_display()}: {self.pattern}"


class OutboxTask(models.Model):
    """One background task, written in the transaction of the write that wants it (the
    transactional outbox, ``orgs.outbox``). The broker only carries its id: a message lost
    with a broker outage or a dead worker is sent again from this row, and no page ever
    waits for the broker. Rows of no tenant, shown on no page, so their frequent writes
    (heartbeats) raise no data version."""

    task = models.CharField("задача", max_length=200)
    args = models.JSONField("аргументы", default=list, blank=True)
    # What the task works on («documents.renderjob:12»): pages find their job's task by it,
    # and a unique key is queued once while it is pending.
    key = models.CharField("объект", max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    taken_by = models.CharField(max_length=100, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    restarts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "фоновая задача"
        verbose_name_plural = "фоновые задачи"
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(finished_at__isnull=True),
                name="outbox_pending_created",
            ),
            models.Index(fields=["key"], name="outbox_key"),
        ]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"


class DiscardedFile(models.Model):
    """A stored file that no row names any more (a scan replaced, a document withdrawn). It
    stays in the media folder for ``MEDIA_DISCARD_GRACE_HOURS`` before it is deleted: a backup
    running meanwhile dumps a database that still names it, and its media archive, taken after
    the dump, must still find it (``orgs.files``)."""

    name = models.CharField(max_length=500)
    discarded_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "файл к удалению"
        verbose_name_plural = "файлы к удалению"

    def __str__(self) -> str:
        return self.name
