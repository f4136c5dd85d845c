import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from orgs.tenancy import ORG_KEYS, TenantManager

KEY_PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    # Keys are 256 random bits, so a fast hash is enough; only the hash is stored.
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. The key is shown once, at creation; the database keeps its hash."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="пользователь",
    )
    name = models.CharField("назначение", max_length=100)
    prefix = models.CharField("начало ключа", max_length=KEY_PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    last_used_on = models.DateField("последнее использование", null=True, blank=True)
    revoked_at = models.DateTimeField("отозван", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API-токен"
        verbose_name_plural = "API-токены"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        """Create a token and return it with its key (the only time the key is known)."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=key[:KEY_PREFIX_LENGTH], key_hash=hash_key(key)
        )
        return token, key

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def touch(self) -> None:
        """Record use at most once a day: no write on every request."""
        today = timezone.localdate()
        if self.last_used_on != today:
            ApiToken.objects.filter(pk=self.pk).update(last_used_on=today)
            self.last_used_on = today


class Tombstone(models.Model):
    """A deleted row of a model the API lists: what a regional system keeping a copy in step
    needs to delete its own. Written on every delete (``mentorship.api.tombstones``), with
    the row's place in the tree, so that exactly those who could read the row read that it
    is gone. An empty municipality or organisation is a row of the place above (a region,
    a municipality), which every place below it read."""

    model = models.CharField("модель", max_length=100)
    object_id = models.BigIntegerField("номер записи")
    deleted_at = models.DateTimeField("удалена", default=timezone.now)
    # Plain keys, not constraints: the place itself may be deleted after the row.
    region = models.ForeignKey(
        "orgs.Region", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    municipality = models.ForeignKey(
        "orgs.Municipality",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )

    objects = TenantManager(shared=("municipality", "organisation"), **ORG_KEYS)

    class Meta:
        verbose_name = "удалённая запись"
        verbose_name_plural = "удалённые записи"
        indexes = [
            models.Index(fields=["model", "deleted_at"], name="tombstone_model_deleted"),
        ]

    def __str__(self):
        return f"{self.model} #{self.object_id}"


class TombstoneReader(models.Model):
    """A person who saw the deleted row not through a place but as a member of its pair (a
    network mentor works in another school; mentors and mentees read their own pairs
    wherever those are): they read its tombstone too. Written with the tombstone, from the
    pair's members as they were when the row went."""

    tombstone = models.ForeignKey(Tombstone, on_delete=models.CASCADE, related_name="readers")
    # A plain number, as the session's own staff id is: staff are never deleted.
    staff_id = models.BigIntegerField("педагог")

    class Meta:
        verbose_name = "читатель удалённой записи"
        verbose_name_plural = "читатели удалённых записей"
        constraints = [
            models.UniqueConstraint(fields=["staff_id", "tombstone"], name="tombstone_reader"),
        ]

    def __str__(self):
        return f"{self.tombstone} → {self.staff_id}"
