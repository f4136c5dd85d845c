"""What anyone may read without a tenant scope: the published public pages and what they show,
and the accepted practices of the bank. A visitor has no scope, and staff read the bank across
their municipality's schools; so this is the one module outside tasks and commands where reads
leave the tenant scope (``scopes_disabled``), and every read here is narrowed by hand to
published rows of one published page, or to accepted practices."""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from documents.models import Document, Kind
from monitoring.effectiveness.models import Event, Participation
from orgs.tenancy import compiled_objects
from pairs.models import Programme

from .models import AuthorConsent, NewsItem, NormativeDocument, Practice, PracticeUse, PublicPage
from .selectors import PracticeFilter


def published_page(municipality_slug: str, organisation_slug: str | None = None) -> PublicPage:
    """The published page at that address; a school's page also needs its municipality's
    page published (its address and breadcrumb go through it)."""
    with scopes_disabled():
        municipal = (
            PublicPage.objects.filter(
                slug=municipality_slug, organisation__isnull=True, published=True
            )
            .select_related("municipality__region")
            .first()
        )
        if municipal is None:
            raise Http404("Страница не опубликована.")
        if organisation_slug is None:
            return municipal
        page = (
            PublicPage.objects.filter(
                municipality=municipal.municipality_id, slug=organisation_slug, published=True
            )
            .exclude(organisation__isnull=True)
            .select_related("organisation", "municipality")
            .first()
        )
    if page is None:
        raise Http404("Страница не опубликована.")
    page.municipal_page = municipal
    return page


def published_municipal_pages() -> list[PublicPage]:
    """Every published municipality page, by region and name, each with the number of its
    schools' published pages (``school_pages``): the public index."""
    with scopes_disabled():
        schools = (
            PublicPage.objects.filter(
                municipality=OuterRef("municipality"), published=True, organisation__isnull=False
            )
            .order_by()
            .values("municipality")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return list(
            PublicPage.objects.filter(organisation__isnull=True, published=True)
            .select_related("municipality__region")
            .annotate(school_pages=Coalesce(Subquery(schools), 0))
            .order_by("municipality__region__name", "municipality__name")
        )


def page_version(page: PublicPage) -> datetime.datetime:
    """When anything shown on the page last changed: the pages' own stamps (moved by the
    publisher's changes, normative documents and practices) and the newest audit entry of
    the page's place — programmes, pairs, staff, events and results are all audited with
    their place, one indexed lookup. Figures depend on the date, so a new day is a change.
    Unaudited road-map edits therefore show by the next day at the latest."""
    with scopes_disabled():  # a visitor has no scope; these rows are the page's own
        if page.organisation_id:
            place = {"additional_data__organisation": page.organisation_id}
            pages = PublicPage.objects.filter(
                Q(pk=page.pk) | Q(municipality=page.municipality_id, organisation__isnull=True)
            )
        else:
            place = {"additional_data__municipality": page.municipality_id}
            pages = PublicPage.objects.filter(municipality=page.municipality_id)
        audit = (
            LogEntry.objects.filter(**place)
            .exclude(action=LogEntry.Action.ACCESS)
            .order_by("-timestamp")
            .values("timestamp")[:1]
        )
        newest_page = (
            pages.order_by().values("municipality").annotate(at=Max("updated_at")).values("at")
        )
        stamps = (
            PublicPage.objects.filter(pk=page.pk)
            .annotate(pages_at=Subquery(newest_page[:1]), audit_at=Subquery(audit))
            .values_list("pages_at", "audit_at")
            .get()
        )
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    return max(stamp for stamp in (*stamps, today) if stamp is not None)


def normative_documents(page: PublicPage) -> list[NormativeDocument]:
    """The region's and the municipality's acts, shown on every page below them."""
    with scopes_disabled():
        return list(
            NormativeDocument.objects.filter(region=page.region_id, organisation__isnull=True)
            .filter(Q(municipality__isnull=True) | Q(municipality=page.municipality_id))
            .order_by("level", "title")
        )


def public_documents(page: PublicPage) -> list[Document]:
    if not page.show_documents:
        return []
    with scopes_disabled():
        return list(
            Document.objects.filter(
                municipality=page.municipality_id,
                organisation=page.organisation_id,
                is_public=True,
                status=Document.Status.ISSUED,
            ).order_by("-date", "-pk")
        )


def news_of(page: PublicPage, limit: int = 10) -> list[NewsItem]:
    if not page.show_news:
        return []
    with scopes_disabled():
        return list(
            NewsItem.objects.filter(
                municipality=page.municipality_id,
                organisation=page.organisation_id,
                is_published=True,
            )[:limit]
        )


def organisation_content(page: PublicPage) -> dict:
    """Programmes, aggregate figures (never a mentee's name) and published practices."""
    from monitoring.selectors import overview_figures

    with scopes_disabled():
        programmes = (
            list(
                Programme.objects.filter(organisation=page.organisation_id)
                .exclude(status=Programme.Status.DRAFT)
                .order_by("-starts_on")
            )
            if page.show_programmes
            else []
        )
        figures = (
            overview_figures("organisation", [page.organisation_id])[page.organisation_id]
            if page.show_figures
            else None
        )
        practices = (
            list(
                Practice.objects.filter(
                    organisation=page.organisation_id, status=Practice.Status.ACCEPTED
                )
            )
            if page.show_practices
            else []
        )
    return {"programmes": programmes, "figures": figures, "practices": practices}


def municipality_content(page: PublicPage, bank_query) -> dict:
    """Organisations (linked where their page is published), the municipal programme's
    targets and road map, the events with their results as counts (no names), and the bank
    of practices."""
    from monitoring.effectiveness.selectors import (
        municipal_road_map,
        road_map_rows,
        targets_against_data,
    )
    from orgs.models import Organisation

    with scopes_disabled():
        organisations = list(
            Organisation.objects.filter(municipality=page.municipality_id).order_by("short_name")
        )
        slugs = dict(
            PublicPage.objects.filter(
                municipality=page.municipality_id, published=True, organisation__isnull=False
            ).values_list("organisation", "slug")
        )
        road_map = municipal_road_map(page.municipality) if page.show_road_map else None
        targets = targets_against_data(page.municipality) if page.show_road_map else []
        events = list(_events(page)[:20]) if page.show_events else []
        bank = PracticeFilter(bank_query, queryset=_accepted(page.municipality_id))
        practices = list(bank.qs[:50]) if page.show_practices else []
    return {
        "organisations": [(o, slugs.get(o.pk)) for o in organisations],
        "road_map": road_map,
        "road_map_rows": road_map_rows(road_map) if road_map else [],
        "targets": targets,
        "events": events,
        "contests": contest_results(page.municipality_id) if page.show_events else [],
        "bank": bank,
        "practices": practices,
    }


def _events(page: PublicPage):
    prized = [Participation.Result.WINNER, Participation.Result.PRIZE]
    return (
        Event.objects.filter(municipality=page.municipality_id, organisation__isnull=True)
        .annotate(
            people=Count("participations"),
            winners=Count("participations", filter=Q(participations__result__in=prized)),
        )
        .order_by("-starts_on")
    )


def _accepted(municipality_id: int):
    return Practice.objects.filter(
        municipality=municipality_id, status=Practice.Status.ACCEPTED
    ).select_related("organisation")


def public_practice(page: PublicPage, pk: int) -> Practice:
    """An accepted practice of the page's municipality, with the authors who consented."""
    if not page.show_practices:
        raise Http404("Практики не публикуются.")
    with scopes_disabled():
        practice = (
            _accepted(page.municipality_id)
            .prefetch_related("subjects", "deficit_areas")
            .filter(pk=pk)
            .first()
        )
        if practice is None:
            raise Http404("Практика не опубликована.")
        practice.public_authors = list(
            practice.authors.filter(
                anonymised_at__isnull=True, pk__in=AuthorConsent.objects.values("staff")
            ).order_by("last_name", "first_name")
        )
    return practice


def public_document(key) -> Document:
    """An issued document marked public, on a published page that shows documents; anything
    else is 404 however its key was learnt."""
    with scopes_disabled():
        document = (
            Document.objects.filter(file_key=key, is_public=True, status=Document.Status.ISSUED)
            .exclude(pdf="")
            .first()
        )
    page = document and _published_page_of(document.municipality_id, document.organisation_id)
    if not (page and page.show_documents):
        raise Http404
    return document


def issued_certificate(code) -> Document | None:
    """The issued certificate printed with this verification code (its QR code): the public
    check of a paper anyone may hold. One document by its unguessable code; never a draft."""
    with scopes_disabled():
        return (
            Document.objects.select_related("organisation", "municipality")
            .filter(verification_code=code, kind=Kind.CERTIFICATE)
            .exclude(status=Document.Status.DRAFT)
            .first()
        )


def public_normative(key) -> NormativeDocument:
    """A normative document with a file, while a page it is shown on is published."""
    with scopes_disabled():
        document = NormativeDocument.objects.filter(file_key=key).exclude(file="").first()
        if document is None:
            raise Http404
        shown_on = PublicPage.objects.filter(
            region=document.region_id, organisation__isnull=True, published=True
        )
        if document.municipality_id:
            shown_on = shown_on.filter(municipality=document.municipality_id)
        if not shown_on.exists():
            raise Http404
    return document


def public_news_photo(pk: int) -> NewsItem:
    with scopes_disabled():
        news = NewsItem.objects.filter(pk=pk, is_published=True).exclude(photo="").first()
    page = news and _published_page_of(news.municipality_id, news.organisation_id)
    if not (page and page.show_news):
        raise Http404
    return news


def _published_page_of(municipality_id: int, organisation_id: int | None) -> PublicPage | None:
    """The place's published page, provided its municipality's page is published too."""
    with scopes_disabled():
        pages = {
            page.organisation_id: page
            for page in PublicPage.objects.filter(
                Q(organisation__isnull=True) | Q(organisation=organisation_id),
                municipality=municipality_id,
                published=True,
            )
        }
    return pages.get(organisation_id) if None in pages else None


def staff_bank(municipality, query):
    """The municipality's accepted practices for its staff: every school's, which a school's
    own scope would hide — published rows only."""
    with scopes_disabled():
        return PracticeFilter(query, queryset=_accepted(municipality.pk).cross_tenant())


def materials_of_plan(plan) -> list[dict]:
    """Practices of the bank that the plan's activities use, with a link everyone who sees
    the plan may open (the public page when the municipality's page is published)."""
    with scopes_disabled():  # accepted practices are public; the plan was checked by the view
        uses = compiled_objects(_practice_uses_of_plan, plan.pk)
        if not uses:  # most plans use no practice: no link to look up
            return []
        slug = (
            PublicPage.objects.filter(
                municipality=plan.municipality_id, organisation__isnull=True, published=True
            )
            .values_list("slug", flat=True)
            .first()
        )
    return [
        {
            "activity": use.activity.title,
            "title": use.practice.title,
            "url": reverse("public:practice", args=[slug, use.practice_id]) if slug else "",
        }
        for use in uses
    ]


def _practice_uses_of_plan(plan_id: int):
    return (
        PracticeUse.objects.filter(activity__plan=plan_id)
        .select_related("activity", "practice")
        .order_by("activity__position", "pk")
    )


def contest_results(municipality_id: int) -> list[dict]:
    """Contests of the municipality whose results the methodist published, each with its
    ranking per nomination. A mentor is named only with their consent to be named publicly
    (the same consent as the bank's authors); otherwise their school stands for them."""
    from documents.contest.models import Contest
    from documents.contest.selectors import ranking, results_stage

    results = []
    with scopes_disabled():
        contests = Contest.objects.filter(
            municipality=municipality_id,
            organisation__isnull=True,
            results_published_at__isnull=False,
        ).select_related("event")
        for contest in contests.order_by("-year", "-pk")[:5]:
            stage = results_stage(contest)
            by_nomination = ranking(stage) if stage else {}
            people = [r.application.person_id for rows in by_nomination.values() for r in rows]
            named = set(
                AuthorConsent.objects.filter(
                    staff__in=people, staff__anonymised_at__isnull=True
                ).values_list("staff_id", flat=True)
            )
            results.append(
                {
                    "contest": contest,
                    "nominations": [
                        (
                            nomination,
                            [
                                {
                                    "place": r.place,
                                    "score": r.score,
                                    "result": r.application.get_result_display(),
                                    "name": r.application.person.full_name
                                    if r.application.person_id in named
                                    else "",
                                    "organisation": r.application.organisation.short_name,
                                }
                                for r in rows
                            ],
                        )
                        for nomination, rows in by_nomination.items()
                    ],
                }
            )
    return results
