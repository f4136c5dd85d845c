"""The register of generated documents, their render jobs and the issuers' own wording."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from orgs.registers import Register
from orgs.tenancy import ORG_KEYS, PlaceOwned, TenantManager


class Kind(models.TextChoices):
    TARGET_MODEL = "target_model", "Приказ о внедрении целевой модели наставничества"
    REGULATION = "regulation", "Приказ об утверждении Положения о системе наставничества"
    CURATOR = "curator", "Приказ о назначении куратора и наставников"
    PAIRS = "pairs", "Приказ о закреплении наставнических пар (групп)"
    PROGRAMMES = "programmes", "Приказ об утверждении персонализированных программ наставничества"
    FINAL_EVENT = "final_event", "Приказ о проведении итогового мероприятия и поощрении наставников"
    YOUNG_SPECIALISTS = (
        "young_specialists",
        "Приказ об организации работы с молодыми специалистами",
    )
    COUNCIL = "council", "Протокол заседания педагогического совета"
    PLAN = "plan", "Персонализированная программа наставничества"
    CONSENT = "consent", "Согласие наставника"
    AGREEMENT = "agreement", "Дополнительное соглашение к трудовому договору (ст. 351.8 ТК РФ)"
    CERTIFICATE = "certificate", "Благодарность наставнику"
    ROADMAP_ORDER = (
        "roadmap_order",
        "Приказ об утверждении дорожной карты и муниципальной программы",
    )
    ANALYTICAL_REPORT = "analytical_report", "Аналитическая справка по итогам мониторинга"


ORGANISATION_KINDS = [
    Kind.TARGET_MODEL,
    Kind.REGULATION,
    Kind.COUNCIL,
    Kind.CURATOR,
    Kind.PAIRS,
    Kind.PROGRAMMES,
    Kind.YOUNG_SPECIALISTS,
    Kind.FINAL_EVENT,
    Kind.PLAN,
    Kind.CONSENT,
    Kind.AGREEMENT,
    Kind.CERTIFICATE,
]
MUNICIPALITY_KINDS = [Kind.ROADMAP_ORDER, Kind.ANALYTICAL_REPORT]
# Kinds that name no teacher beyond the signing head (and the council's chair and secretary
# in their office), so they may go on a public page. Never pairs, consents, agreements, plans.
PUBLIC_KINDS = {
    Kind.TARGET_MODEL,
    Kind.REGULATION,
    Kind.COUNCIL,
    Kind.ROADMAP_ORDER,
    Kind.ANALYTICAL_REPORT,
}
# Kinds numbered in the issuer's register of orders.
ORDER_KINDS = {
    Kind.TARGET_MODEL,
    Kind.REGULATION,
    Kind.CURATOR,
    Kind.PAIRS,
    Kind.PROGRAMMES,
    Kind.FINAL_EVENT,
    Kind.YOUNG_SPECIALISTS,
    Kind.ROADMAP_ORDER,
}
# The register each kind is numbered in (its own sequence and number format per year).
REGISTER_OF: dict[str, str] = {
    **{kind: Register.ORDERS for kind in ORDER_KINDS},
    Kind.COUNCIL: Register.PROTOCOLS,
    Kind.AGREEMENT: Register.AGREEMENTS,
    Kind.CONSENT: Register.CONSENTS,
    Kind.CERTIFICATE: Register.CERTIFICATES,
    Kind.PLAN: Register.PROGRAMMES,
    Kind.ANALYTICAL_REPORT: Register.REPORTS,
}


def _upload_to(instance, filename: str) -> str:
    # A random folder per document: a guessed media URL leads nowhere, and downloads go
    # through the scoped view anyway.
    return f"documents/{instance.file_key}/{filename}"


class Document(PlaceOwned):
    """A document of an organisation or, for municipal orders and reports, of a municipality
    (organisation empty)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        ISSUED = "issued", "издан"
        REVOKED = "revoked", "отменён"

    # Every document has an issuing municipality: its own, or its school's.
    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.PROTECT, related_name="+", editable=False
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="организация",
    )
    kind = models.CharField("вид документа", max_length=30, choices=Kind.choices)
    title = models.CharField("заголовок", max_length=500)
    number = models.CharField("номер", max_length=30, blank=True)
    register = models.CharField(
        "журнал регистрации", max_length=20, choices=Register.choices, editable=False
    )
    date = models.DateField("дата")
    year = models.PositiveSmallIntegerField("год", editable=False)
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    # What the author chose (pairs, staff, wording); the snapshot is what was printed.
    params = models.JSONField("параметры", default=dict, blank=True)
    snapshot = models.JSONField("данные на момент издания", null=True, blank=True, editable=False)
    file_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    is_public = models.BooleanField(
        "на публичной странице",
        default=False,
        help_text="Показывать изданный документ в разделе «Наставничество» без входа.",
    )
    verification_code = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    pdf = models.FileField("PDF", upload_to=_upload_to, blank=True, max_length=300)
    docx = models.FileField("DOCX", upload_to=_upload_to, blank=True, max_length=300)
    signed_scan = models.FileField(
        "подписанный экземпляр", upload_to=_upload_to, blank=True, max_length=300
    )
    revoke_reason = models.CharField("причина отмены", max_length=500, blank=True)
    issued_at = models.DateTimeField("издан", null=True, blank=True)
    revoked_at = models.DateTimeField("отменён", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Read only within its own place: a school does not list its municipality's orders.
    objects = TenantManager(**ORG_KEYS)

    class Meta:
        verbose_name = "документ"
        verbose_name_plural = "документы"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation", "register", "year", "number"],
                condition=~Q(number=""),
                nulls_distinct=False,
                name="document_number_unique_per_register_year",
                violation_error_message="Документ с таким номером в этом году уже есть.",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revoke_reason=""),
                name="document_revoked_has_reason",
                violation_error_message="Укажите причину отмены.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "year", "kind"], name="document_org_year_kind"),
            models.Index(fields=["municipality", "year", "kind"], name="document_muni_year_kind"),
            models.Index(fields=["organisation", "status"], name="document_org_status"),
            models.Index(fields=["organisation", "kind"], name="document_org_kind"),
            models.Index(fields=["organisation", "date"], name="document_org_date"),
            models.Index(fields=["updated_at"], name="document_updated"),
        ]

    def __str__(self):
        number = f" № {self.number}" if self.number else ""
        return f"{self.get_kind_display()}{number} от {self.date:%d.%m.%Y}"

    def save(self, *args, **kwargs):
        self._copy_register()
        super().save(*args, **kwargs)

    def copy_keys(self) -> None:
        """Tenant keys from the issuer, the register from the kind and the register year from
        the date (before ``full_clean``, whose uniqueness check needs them; ``save()`` copies
        them too)."""
        self.copy_tenant_keys()
        self._copy_register()

    def _copy_register(self) -> None:
        self.register = REGISTER_OF[self.kind]
        if self.date:
            self.year = self.date.year

    @property
    def issuer(self):
        return self.organisation or self.municipality

    @property
    def is_order(self) -> bool:
        return self.kind in ORDER_KINDS

    @property
    def has_files(self) -> bool:
        return bool(self.pdf and self.docx)


class RenderJob(PlaceOwned):
    """One request to print a document, polled by the page (not celery-progress, whose
    progress view answers anyone who knows a task id). It takes its document's place."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "формируется"
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"

    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.PROTECT, related_name="+", editable=False
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager(**ORG_KEYS)
    tenant_parent = "document"

    class Meta:
        verbose_name = "формирование документа"
        verbose_name_plural = "формирование документов"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="renderjob_status_updated")]

    def __str__(self):
        return f"{self.document}: {self.get_status_display()}"


class Wording(PlaceOwned):
    """An issuer's own text for a fixed part of a document kind (grounds, first point...).

    Placeholders are ``$name`` words filled by ``string.Template``: nothing else in the text
    is interpreted, so a user cannot reach settings or template tags through it."""

    class Part(models.TextChoices):
        GROUNDS = "grounds", "основание и цели («На основании …, в целях …»)"
        POINTS = "points", "пункты (каждый с новой строки)"

    municipality = models.ForeignKey(
        "orgs.Municipality", on_delete=models.PROTECT, related_name="+", editable=False
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("вид документа", max_length=30, choices=Kind.choices)
    part = models.CharField("часть", max_length=20, choices=Part.choices)
    text = models.TextField("текст")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager(**ORG_KEYS)

    class Meta:
        verbose_name = "формулировка"
        verbose_name_plural = "формулировки"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation", "kind", "part"],
                nulls_distinct=False,
                name="wording_unique_part",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_part_display()}"
