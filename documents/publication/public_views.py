"""The public «Наставничество» pages: no login, only what the publisher chose to show, the
same for every visitor, cached by browsers and proxies and revalidated against the page's
version (ETag and Last-Modified)."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, get_tag_uri
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from . import access

# Short enough that a publisher sees their change within a minute; after that a visitor's
# browser revalidates and usually gets a 304 for two small queries.
PUBLIC_CACHE = cache_control(public=True, max_age=60)


def _page(request, municipality_slug, organisation_slug=None, **kwargs):
    """The page and its version, read once per request (the validators and the view share
    them); None for an unpublished address."""
    if not hasattr(request, "public_page"):
        try:
            page = access.published_page(municipality_slug, organisation_slug)
        except Http404:
            page, version = None, None
        else:
            version = access.page_version(page)
        request.public_page = (page, version)
    return request.public_page


def _etag(request, *args, **kwargs):
    page, version = _page(request, *args, **kwargs)
    # Microseconds: two changes within one second of Last-Modified still differ.
    return f"{page.pk}-{version.timestamp():.6f}" if page else None


def _last_modified(request, *args, **kwargs):
    return _page(request, *args, **kwargs)[1]


def versioned(view):
    """Public, cacheable and answered with 304 while the page has not changed."""
    return PUBLIC_CACHE(condition(etag_func=_etag, last_modified_func=_last_modified)(view))


def _published(request, *args, **kwargs):
    page = _page(request, *args, **kwargs)[0]
    if page is None:
        raise Http404("Страница не опубликована.")
    return page


@PUBLIC_CACHE
def index(request):
    """Where the public pages start: the municipalities that publish one."""
    pages = access.published_municipal_pages()
    return render(request, "publication/public_index.html", {"pages": pages})


@versioned
def municipality_page(request, municipality_slug: str):
    page = _published(request, municipality_slug)
    return render(
        request,
        "publication/public_municipality.html",
        {
            "page": page,
            "normative": access.normative_documents(page),
            "documents": access.public_documents(page),
            "news": access.news_of(page),
            **access.municipality_content(page, request.GET or None),
        },
    )


@versioned
def organisation_page(request, municipality_slug: str, organisation_slug: str):
    page = _published(request, municipality_slug, organisation_slug)
    return render(
        request,
        "publication/public_organisation.html",
        {
            "page": page,
            "normative": access.normative_documents(page),
            "documents": access.public_documents(page),
            "news": access.news_of(page),
            **access.organisation_content(page),
        },
    )


@versioned
def practice_page(request, municipality_slug: str, pk: int):
    page = _published(request, municipality_slug)
    practice = access.public_practice(page, pk)
    return render(request, "publication/public_practice.html", {"page": page, "practice": practice})


@versioned
def practice_file(request, municipality_slug: str, pk: int):
    practice = access.public_practice(_published(request, municipality_slug), pk)
    if not practice.materials_file:
        raise Http404
    return FileResponse(
        practice.materials_file.open("rb"),
        filename=practice.materials_file.name.rsplit("/", 1)[-1],
    )


@PUBLIC_CACHE
def document_file(request, key):
    """An issued document marked public on a published page; a draft's or a private one's
    key leads nowhere."""
    document = access.public_document(key)
    return FileResponse(document.pdf.open("rb"), filename=f"{document.number}.pdf")


@PUBLIC_CACHE
def normative_file(request, key):
    document = access.public_normative(key)
    return FileResponse(document.file.open("rb"), filename=document.file.name.rsplit("/", 1)[-1])


@PUBLIC_CACHE
def news_photo(request, pk: int):
    """The photo of a published news item of a published page."""
    return FileResponse(access.public_news_photo(pk).photo.open("rb"))


class NewsFeed(Feed):
    """RSS feed of a page's news for the department's main site."""

    def __call__(self, request, *args, **kwargs):
        return versioned(super().__call__)(request, *args, **kwargs)

    def get_object(self, request, municipality_slug, organisation_slug=None):
        return _published(request, municipality_slug, organisation_slug)

    def title(self, page):
        place = page.organisation or page.municipality
        return f"Наставничество: {place}"

    def link(self, page):
        if page.organisation_id:
            return reverse("public:organisation", args=[page.municipal_page.slug, page.slug])
        return reverse("public:municipality", args=[page.slug])

    def description(self, page):
        return page.intro or "Новости наставничества"

    def items(self, page):
        link = self.link(page)
        news = access.news_of(page, limit=30)
        for item in news:
            item.page_link = f"{link}#news-{item.pk}"
        return news

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return item.page_link

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.published_on, datetime.time(9))

    def item_updateddate(self, item):
        """When the item was last edited: a reader shows an edited item again (Atom requires
        it in every entry)."""
        return item.updated_at

    def item_guid(self, item):
        # On the portal's own host, never the request's, so that an item read through
        # another address is not a new item to a reader.
        return get_tag_uri(f"https://{settings.PORTAL_HOST}{item.page_link}", item.published_on)

    item_guid_is_permalink = False


class AtomNewsFeed(NewsFeed):
    """The same news as an Atom feed."""

    feed_type = Atom1Feed

    def subtitle(self, page):
        return self.description(page)
