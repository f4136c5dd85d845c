"""Reads of the publishing pages, in the staff's own scope. What a visitor of the public pages
reads, and the public rows staff read across schools, are in ``access``."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.urls import reverse

from orgs.models import DeficitArea, Subject
from pairs.models import Pair, Programme

from .models import AuthorConsent, Practice, PublicPage


def public_url(page: PublicPage) -> str:
    """The page's address, or "" while it (or its municipality's page) is unpublished."""
    if not page.published:
        return ""
    if not page.organisation_id:
        return reverse("public:municipality", args=[page.slug])
    municipal = (  # the municipality's page, which its schools' scopes read
        PublicPage.objects.filter(
            municipality=page.municipality_id, organisation__isnull=True, published=True
        )
        .values_list("slug", flat=True)
        .first()
    )
    return reverse("public:organisation", args=[municipal, page.slug]) if municipal else ""


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Поиск", method="search")
    subject = django_filters.ModelChoiceFilter(
        label="Предмет", field_name="subjects", queryset=Subject.objects.all()
    )
    area = django_filters.ModelChoiceFilter(
        label="Область затруднений", field_name="deficit_areas", queryset=DeficitArea.objects.all()
    )
    form = django_filters.ChoiceFilter(label="Форма", choices=Programme.Form.choices)
    format = django_filters.ChoiceFilter(label="Формат", choices=Pair.Format.choices)
    level = django_filters.ChoiceFilter(label="Уровень", choices=Practice.Level.choices)

    class Meta:
        model = Practice
        fields = ["form", "format", "level"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


def proposed_to_region(region):
    """Practices the municipalities of the region proposed to it (read in the coordinator's
    scope)."""
    return (
        Practice.objects.filter(
            region=region, status=Practice.Status.ACCEPTED, proposed_to_region=True
        )
        .select_related("organisation", "municipality")
        .order_by("municipality__name", "-published_at")
    )


def author_consents(practice: Practice) -> list[dict]:
    """The practice's authors, each with whether they agreed to be named publicly."""
    authors = list(practice.authors.order_by("last_name", "first_name"))
    consented = set(
        AuthorConsent.objects.filter(staff__in=authors).values_list("staff_id", flat=True)
    )
    return [{"person": a, "consented": a.pk in consented} for a in authors]


def practices_of(staff) -> list[Practice]:
    """Practices in the bank (accepted) the person is an author of, newest first."""
    return list(
        Practice.objects.filter(authors=staff, status=Practice.Status.ACCEPTED).order_by(
            "-published_at", "title"
        )
    )


def person_data_of(person) -> dict:
    """The person's consent and practices in the bank, for their request under 152-ФЗ
    (``orgs.personal_data``)."""
    from orgs.personal_data import day

    return {
        "банк практик": {
            "согласие на указание авторства": day(
                AuthorConsent.objects.filter(staff=person)
                .values_list("given_at", flat=True)
                .first()
            ),
            "практики, где указан автором": [
                p.title for p in Practice.objects.filter(authors=person).order_by("pk")
            ],
        },
    }
