"""What a municipality or school publishes: its public page, news, normative documents and
the bank of practices.

A public page is reached by anyone without logging in; the views read only published rows,
by their page's slug, and never a person's data unless that person agreed.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from orgs.tenancy import PlaceOwned, TenantOwned
from pairs.models import Pair, Programme

# Path segments of /nastavnichestvo/ that a page's slug would shadow.
RESERVED_SLUGS = {"files", "normative", "photo", "feed", "practices"}


class Published(PlaceOwned):
    """What a place publishes. A region's normative documents (municipality empty) show on
    every municipality's pages of it."""

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicPage(Published):
    slug = models.SlugField(
        "адрес страницы",
        max_length=80,
        help_text="Латинские буквы, цифры и дефис: часть адреса /nastavnichestvo/…/",
    )
    published = models.BooleanField("страница опубликована", default=False)
    intro = models.TextField("о наставничестве в организации", blank=True)
    # Visitors look for a person to talk to: a name and a way to reach them, not a position.
    curator_name = models.CharField("куратор наставничества (ФИО)", max_length=200, blank=True)
    curator_position = models.CharField("должность куратора", max_length=200, blank=True)
    curator_contact = models.CharField(
        "телефон или e-mail куратора",
        max_length=200,
        blank=True,
        help_text="Только то, что куратор согласился показать.",
    )
    contacts = models.TextField(
        "другие контакты", blank=True, help_text="Только то, что куратор согласился показать."
    )
    # The sections the publisher shows; the intro and contacts show when filled in.
    show_documents = models.BooleanField("документы", default=True)
    show_programmes = models.BooleanField("программы наставничества", default=True)
    show_figures = models.BooleanField("показатели", default=True)
    show_news = models.BooleanField("новости", default=True)
    show_practices = models.BooleanField("практики", default=True)
    show_road_map = models.BooleanField("программа и дорожная карта муниципалитета", default=True)
    show_events = models.BooleanField("мероприятия и конкурсы", default=True)

    class Meta:
        verbose_name = "публичная страница"
        verbose_name_plural = "публичные страницы"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "organisation"],
                name="public_page_once",
                nulls_distinct=False,
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(organisation__isnull=True),
                name="public_municipality_slug",
            ),
            models.UniqueConstraint(
                fields=["municipality", "slug"],
                condition=models.Q(organisation__isnull=False),
                name="public_organisation_slug",
            ),
        ]

    def __str__(self):
        return self.slug

    def clean(self):
        # These words are the public URLs' own path segments at the same depth.
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "Этот адрес занят разделом портала, выберите другой."})


class NormativeDocument(Published):
    """A federal, regional or municipal act uploaded once and shown on every page below."""

    class Level(models.TextChoices):
        FEDERAL = "federal", "федеральный"
        REGIONAL = "regional", "региональный"
        MUNICIPAL = "municipal", "муниципальный"

    level = models.CharField("уровень", max_length=10, choices=Level.choices)
    title = models.CharField("название", max_length=500)
    url = models.URLField("ссылка", blank=True)
    file = models.FileField("файл", upload_to="publication/normative/", blank=True)
    file_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        verbose_name = "нормативный документ"
        verbose_name_plural = "нормативные документы"
        ordering = ["level", "title"]

    def __str__(self):
        return self.title


class NewsItem(Published):
    title = models.CharField("заголовок", max_length=300)
    text = models.TextField("текст")
    photo = models.ImageField("фото", upload_to="publication/news/", blank=True)
    published_on = models.DateField("дата")
    is_published = models.BooleanField("опубликована", default=True)

    class Meta:
        verbose_name = "новость"
        verbose_name_plural = "новости"
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "organisation", "-published_on"])]

    def __str__(self):
        return self.title


class Practice(TenantOwned):
    """A mentoring practice a school submits to the municipality's bank."""

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        SUBMITTED = "submitted", "на рассмотрении"
        RETURNED = "returned", "возвращена на доработку"
        ACCEPTED = "accepted", "опубликована"

    class Level(models.TextChoices):
        SCHOOL = "school", "школьный"
        MUNICIPAL = "municipal", "муниципальный"
        REGIONAL = "regional", "региональный"

    title = models.CharField("название", max_length=300)
    authors = models.ManyToManyField(
        "orgs.StaffMember", related_name="practices", verbose_name="авторы", blank=True
    )
    form = models.CharField("форма наставничества", max_length=20, choices=Programme.Form.choices)
    format = models.CharField("формат", max_length=20, choices=Pair.Format.choices)
    description = models.TextField("описание")
    materials_url = models.URLField("материалы (ссылка)", blank=True)
    materials_file = models.FileField(
        "материалы (файл)", upload_to="publication/practices/", blank=True
    )
    subjects = models.ManyToManyField("orgs.Subject", blank=True, verbose_name="предметы")
    deficit_areas = models.ManyToManyField(
        "orgs.DeficitArea", blank=True, verbose_name="области затруднений"
    )
    level = models.CharField(
        "уровень признания", max_length=10, choices=Level.choices, default=Level.SCHOOL
    )
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    methodist_comment = models.TextField("комментарий методиста", blank=True)
    proposed_to_region = models.BooleanField("предложена региону", default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "практика наставничества"
        verbose_name_plural = "банк практик"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publication:practice", args=[self.pk])


class PracticeUse(TenantOwned):
    """A plan activity takes a practice of the bank as its material («см. практику …»)."""

    activity = models.ForeignKey(
        "pairs.PlanActivity", on_delete=models.CASCADE, related_name="+", verbose_name="мероприятие"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="uses")

    class Meta:
        verbose_name = "практика как материал мероприятия"
        verbose_name_plural = "практики как материалы мероприятий"
        constraints = [
            models.UniqueConstraint(fields=["activity", "practice"], name="practice_use_once")
        ]


class AuthorConsent(TenantOwned):
    """A person agreed to be named as an author in the public bank of practices (152-ФЗ):
    given by the person from their own account, or recorded by the curator from a signed
    paper. Withdrawing it deletes the row; the audit trail keeps both."""

    staff = models.OneToOneField(
        "orgs.StaffMember",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="педагог",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    given_at = models.DateTimeField("дано", auto_now_add=True)

    class Meta:
        verbose_name = "согласие на указание авторства"
        verbose_name_plural = "согласия на указание авторства"

    def __str__(self):
        return f"Согласие: {self.staff}"
