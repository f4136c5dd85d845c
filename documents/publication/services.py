"""Writes of the public pages, news, normative documents and the bank of practices.
Keyword-only, atomic, validated. A page's ``updated_at`` moves with everything published
through this app; with the audit trail of the page's place it versions the page for HTTP
caching (access.page_version)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from documents.models import PUBLIC_KINDS, Document
from orgs.concurrency import lock_for_edit, save_changed
from orgs.models import Organisation, Region
from orgs.tenancy import Place, widened_scope
from orgs.uploads import DOCUMENTS, PHOTOS, check_upload

from . import selectors
from .models import AuthorConsent, NewsItem, NormativeDocument, Practice, PracticeUse, PublicPage


def _place(place) -> dict:
    """Tenant keys of a region, a municipality or an organisation."""
    if isinstance(place, Region):
        return {"region_id": place.pk, "municipality_id": None, "organisation": None}
    if isinstance(place, Organisation):
        return {
            "region_id": place.region_id,
            "municipality_id": place.municipality_id,
            "organisation": place,
        }
    return {"region_id": place.region_id, "municipality_id": place.pk, "organisation": None}


def page_of(place) -> PublicPage | None:
    keys = _place(place)
    return PublicPage.objects.filter(
        municipality_id=keys["municipality_id"], organisation=keys["organisation"]
    ).first()


def touch(place) -> None:
    """Content shown on the place's page changed: its caches must revalidate. A region's
    or a municipality's change (normative documents, the bank) shows on every page below."""
    keys = _place(place)
    organisation = keys["organisation"]
    # A municipality's change reaches its schools' pages too.
    with widened_scope(
        (keys["region_id"], keys["municipality_id"], organisation and organisation.pk)
    ):
        pages = PublicPage.objects.filter(region_id=keys["region_id"])
        if keys["municipality_id"]:
            pages = pages.filter(municipality_id=keys["municipality_id"])
        if keys["organisation"]:
            pages = pages.filter(organisation=keys["organisation"])
        pages.update(updated_at=timezone.now())


@transaction.atomic
def page_save(
    *, place, acting_user, site_root: str = "", version: str | None = None, **fields
) -> PublicPage:
    """Create or change the place's public page. A school whose page is published (under
    its municipality's published page) has its «Наставничество» website section present
    and checked in the effectiveness monitoring; unpublished, the section pointing at the
    page goes. ``site_root`` is the portal's scheme and host for those addresses.
    A change of an existing page refuses a stale ``version`` and writes only what changed
    (``orgs.concurrency``)."""
    page = page_of(place)
    page = PublicPage(**_place(place)) if page is None else lock_for_edit(page, version)
    before = _school_page_urls(page)
    for name, value in fields.items():
        setattr(page, name, value)
    page.full_clean()
    if page.pk is None:
        page.save()
    else:
        save_changed(page)
    after = _school_page_urls(page)
    with widened_scope(_schools_under(page)):  # a municipality's page moves its schools' sections
        for organisation_id in before.keys() | after.keys():
            _sync_website_section(
                organisation_id,
                old=before.get(organisation_id),
                new=after.get(organisation_id),
                site_root=site_root,
                acting_user=acting_user,
            )
    return page


def _schools_under(page: PublicPage) -> Place:
    """The place of the page's municipality (or region), whose schools' pages it leads to."""
    return (page.region_id, page.municipality_id, None)


def _school_page_urls(page: PublicPage) -> dict[int, str]:
    """Public addresses of the schools' pages this page's change can move: its own, or for
    a municipality's page, every school page under it."""
    if page.pk is None:
        return {}
    if page.organisation_id:
        schools = [page]
    else:
        with widened_scope(_schools_under(page)):
            schools = list(
                PublicPage.objects.filter(
                    municipality=page.municipality_id, organisation__isnull=False
                )
            )
    urls = {school.organisation_id: selectors.public_url(school) for school in schools}
    return {pk: url for pk, url in urls.items() if url}


def _storable_url(url: str) -> bool:
    """A portal reached by a bare host name (no domain, e.g. an intranet's) has addresses
    the monitoring's URL field refuses; the page is published all the same."""
    try:
        URLValidator()(url)
    except ValidationError:
        return False
    return True


def _sync_website_section(organisation_id, *, old, new, site_root, acting_user) -> None:
    from monitoring.effectiveness import services as effectiveness
    from monitoring.effectiveness.models import WebsiteSection

    organisation = Organisation.objects.get(pk=organisation_id)
    if new and site_root and _storable_url(site_root + new):
        effectiveness.website_section_save(
            organisation=organisation, url=site_root + new, acting_user=acting_user
        )
        effectiveness.website_section_mark_checked(
            organisation=organisation, acting_user=acting_user
        )
    elif old and not new:
        for site in WebsiteSection.objects.filter(organisation=organisation):
            if site.url.endswith(old):
                site.delete()


@transaction.atomic
def document_publish(*, document: Document, public: bool, acting_user) -> Document:
    if public:
        if document.kind not in PUBLIC_KINDS:
            raise ValidationError(
                "Этот документ содержит персональные данные педагогов и не публикуется."
            )
        if document.status != Document.Status.ISSUED:
            raise ValidationError("Опубликовать можно только изданный документ.")
    document.is_public = public
    document.save(update_fields=["is_public", "updated_at"])
    touch(document.organisation or document.municipality)
    return document


@transaction.atomic
def news_save(*, news: NewsItem, place, photo=None, acting_user) -> NewsItem:
    for name, value in _place(place).items():
        setattr(news, name, value)
    if photo:
        check_upload(photo, allowed=PHOTOS, max_mb=5)
        news.photo = photo
    news.full_clean()
    news.save()
    touch(place)
    return news


@transaction.atomic
def normative_save(*, document: NormativeDocument, place, file=None, acting_user):
    for name, value in _place(place).items():
        setattr(document, name, value)
    if file:
        check_upload(file, allowed=DOCUMENTS)
        document.file = file
    if not document.url and not document.file:
        raise ValidationError("Приложите файл или укажите ссылку на документ.")
    document.full_clean()
    document.save()
    touch(place)
    return document


@transaction.atomic
def normative_delete(*, document: NormativeDocument, acting_user) -> None:
    place = document.municipality or document.region
    document.delete()
    touch(place)


@transaction.atomic
def news_set_published(*, news: NewsItem, published: bool, acting_user) -> NewsItem:
    news.is_published = published
    news.save(update_fields=["is_published", "updated_at"])
    touch(news.organisation or news.municipality)
    return news


EDITABLE = {Practice.Status.DRAFT, Practice.Status.RETURNED}


@transaction.atomic
def practice_save(
    *, practice: Practice, authors, subjects, deficit_areas, file=None, acting_user
) -> Practice:
    """The curator's draft: authors must work in the practice's organisation."""
    if practice.pk and practice.status not in EDITABLE:
        raise ValidationError("Практика на рассмотрении или опубликована: изменить её нельзя.")
    foreign = [a for a in authors if a.organisation_id != practice.organisation_id]
    if foreign:
        raise ValidationError("Авторы практики должны быть педагогами этой организации.")
    if file:
        check_upload(file, allowed=DOCUMENTS)
        practice.materials_file = file
    practice.created_by = practice.created_by or acting_user
    practice.full_clean()
    practice.save()
    practice.authors.set(authors)
    practice.subjects.set(subjects)
    practice.deficit_areas.set(deficit_areas)
    return practice


@transaction.atomic
def practice_update(
    *, practice: Practice, acting_user, version: str | None = None, file=None, **fields
) -> Practice:
    """The curator's change of a draft: a stale ``version`` is refused and only the given
    fields (and links) are written (``orgs.concurrency``)."""
    practice = lock_for_edit(practice, version)
    if practice.status not in EDITABLE:
        raise ValidationError("Практика на рассмотрении или опубликована: изменить её нельзя.")
    links = {k: fields.pop(k) for k in ("authors", "subjects", "deficit_areas") if k in fields}
    if any(a.organisation_id != practice.organisation_id for a in links.get("authors", [])):
        raise ValidationError("Авторы практики должны быть педагогами этой организации.")
    for name, value in fields.items():
        setattr(practice, name, value)
    if file:
        check_upload(file, allowed=DOCUMENTS)
        practice.materials_file = file
    practice.created_by = practice.created_by or acting_user
    practice.full_clean()
    save_changed(practice)
    for name, rows in links.items():
        getattr(practice, name).set(rows)
    return practice


_DECISIONS = {
    "submit": (EDITABLE, Practice.Status.SUBMITTED),
    "return": ({Practice.Status.SUBMITTED}, Practice.Status.RETURNED),
    "accept": ({Practice.Status.SUBMITTED}, Practice.Status.ACCEPTED),
}


@transaction.atomic
def practice_decide(*, practice: Practice, action: str, comment: str = "", acting_user):
    """Submit (the curator), return with a comment or accept (the methodist); an accepted
    practice appears in the municipality's public bank."""
    if action == "propose":
        if practice.status != Practice.Status.ACCEPTED:
            raise ValidationError("Предложить региону можно только принятую практику.")
        practice.proposed_to_region = True
        practice.save(update_fields=["proposed_to_region", "updated_at"])
        return practice
    allowed, target = _DECISIONS[action]
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.status not in allowed:
        raise ValidationError(
            f"Практика в статусе «{practice.get_status_display()}»: действие недоступно."
        )
    if action == "return" and not comment.strip():
        raise ValidationError("Возвращая практику, напишите, что доработать.")
    practice.status = target
    if action != "submit":
        practice.methodist_comment = comment
    if action == "accept":
        # The practice keeps the level it was submitted at: a school practice accepted into
        # the municipal bank is still a school practice.
        practice.published_at = timezone.now()
    practice.save()
    touch(practice.municipality)
    return practice


@transaction.atomic
def practice_use_add(*, practice: Practice, activity, acting_user) -> PracticeUse:
    """Link an accepted practice of the municipality's bank to a plan activity."""
    if practice.status != Practice.Status.ACCEPTED:
        raise ValidationError("Материалом может быть только опубликованная практика.")
    if practice.municipality_id != activity.municipality_id:
        raise ValidationError("Практика из банка другого муниципалитета.")
    use, _ = PracticeUse.objects.get_or_create(
        activity=activity, practice=practice, defaults={"organisation_id": activity.organisation_id}
    )
    return use


@transaction.atomic
def author_consent_set(*, staff, consent: bool, acting_user) -> None:
    """The person agrees (or no longer agrees) to be named as an author in the public bank of
    practices. The view lets only the person or their curator do it."""
    # The person's own row, in their school, outside any school scope they may have.
    with widened_scope((staff.region_id, staff.municipality_id, staff.organisation_id)):
        if consent:
            AuthorConsent.objects.get_or_create(
                staff=staff,
                defaults={"organisation_id": staff.organisation_id, "recorded_by": acting_user},
            )
        else:
            for row in AuthorConsent.objects.filter(staff=staff):
                row.delete()
    touch(staff.municipality)
