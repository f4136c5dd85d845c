"""The public «Наставничество» pages: what is published shows without login, personal data
and unpublished documents never do, and the pages are cacheable."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date

from documents import services as documents
from documents.models import Kind
from documents.publication import services
from documents.publication.models import NewsItem, Practice
from monitoring.effectiveness.models import WebsiteSection
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast, django_capture_on_commit_callbacks, celery_eager):
    services.page_save(place=cast.m1, acting_user=cast.methodist_m1, slug="ongudai", published=True)
    services.page_save(
        place=cast.school_a,
        acting_user=cast.curator_a,
        slug="ongudai-sosh",
        published=True,
        intro="Наставничество — наша традиция.",
        site_root="https://portal.example.ru",
    )
    mentee = StaffMemberFactory(organisation=cast.school_a, last_name="Секретнова")
    PairFactory(programme__organisation=cast.school_a, mentee=mentee)
    order = documents.document_create(
        issuer=cast.school_a,
        kind=Kind.TARGET_MODEL,
        date=datetime.date(2026, 9, 1),
        title="",
        params={},
        acting_user=cast.director_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_issue(
            document=order, number="7", date=order.date, verify_url="", acting_user=cast.director_a
        )
    order.refresh_from_db()
    services.document_publish(document=order, public=True, acting_user=cast.curator_a)
    draft = documents.document_create(
        issuer=cast.school_a,
        kind=Kind.REGULATION,
        date=datetime.date(2026, 9, 2),
        title="",
        params={},
        acting_user=cast.director_a,
    )
    return {"order": order, "draft": draft, "mentee": mentee}


def public(*args):
    name = "public:organisation" if len(args) == 2 else "public:municipality"
    return reverse(name, args=args)


def test_a_published_school_page_shows_public_documents_and_no_mentee(published, cast):
    page = Client().get(public("ongudai", "ongudai-sosh"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Наставничество — наша традиция." in body
    assert "О внедрении целевой модели" in body or "целевой модели" in body
    assert "Секретнова" not in body
    assert "Действующих наставнических пар" in body
    file_url = reverse("public:document_file", args=[published["order"].file_key])
    assert file_url in body
    assert Client().get(file_url).status_code == 200
    # An unpublished draft order is not reachable by guessing its address.
    assert (
        Client()
        .get(reverse("public:document_file", args=[published["draft"].file_key]))
        .status_code
        == 404
    )
    # Publishing the page satisfied the website-section check of the monitoring.
    site = WebsiteSection.objects.get(organisation=cast.school_a)
    assert site.url.endswith("/nastavnichestvo/ongudai/ongudai-sosh/") and site.checked_on


def test_unpublished_pages_and_private_kinds_stay_private(published, cast):
    services.page_save(place=cast.school_a, acting_user=cast.curator_a, published=False)
    assert Client().get(public("ongudai", "ongudai-sosh")).status_code == 404
    assert Client().get(public("nowhere")).status_code == 404
    pairs_order = documents.document_create(
        issuer=cast.school_a,
        kind=Kind.CURATOR,
        date=datetime.date(2026, 9, 1),
        title="",
        params={"curator": [cast.teacher_a.pk]},
        acting_user=cast.director_a,
    )
    with pytest.raises(Exception, match="персональные данные"):
        services.document_publish(document=pairs_order, public=True, acting_user=cast.curator_a)


def test_public_pages_are_cacheable_and_revalidate_after_a_change(published, cast):
    from auditlog.models import LogEntry

    from documents.publication.models import PublicPage

    # Everything on the page changed days ago: its version is the start of today.
    days_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=3)
    PublicPage.objects.update(updated_at=days_ago)
    LogEntry.objects.update(timestamp=days_ago)
    client = Client()
    url = public("ongudai", "ongudai-sosh")
    first = client.get(url)
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    stamp = first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304
    news = NewsItem(
        title="День наставника",
        text="Прошёл день наставника.",
        published_on=datetime.date(2026, 10, 1),
    )
    services.news_save(news=news, place=cast.school_a, acting_user=cast.curator_a)
    later = http_date(datetime.datetime.now(datetime.UTC).timestamp() + 5)
    changed = client.get(url, HTTP_IF_MODIFIED_SINCE=stamp)
    assert changed.status_code == 200 and "День наставника" in changed.content.decode()
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    feed = client.get(reverse("public:organisation_feed", args=["ongudai", "ongudai-sosh"]))
    assert "День наставника" in feed.content.decode()


# The municipality's page: its page, its version (page stamps and the newest audit entry in
# one query), normative documents, public documents, news, organisations, the published
# school pages' slugs, the road map, the programme targets, events with result counts, the
# bank of practices, the bank filter's subject and deficit-area choices, and the published
# results of the contests for mentors.
MUNICIPAL_PAGE_QUERIES = 14
# A school's page: the municipality's page and its own, the version, normative documents,
# public documents, news, programmes, the overview figures in one statement
# (monitoring.selectors.overview_figures, of which the page shows two), and its practices.
SCHOOL_PAGE_QUERIES = 9


def test_public_pages_cost_the_same_queries_for_few_and_many_items(
    published, cast, django_assert_num_queries
):
    client = Client()

    def pages_cost_the_pinned_queries():
        with django_assert_num_queries(MUNICIPAL_PAGE_QUERIES):
            municipal = client.get(public("ongudai"))
        with django_assert_num_queries(SCHOOL_PAGE_QUERIES):
            school = client.get(public("ongudai", "ongudai-sosh"))
        # Unchanged since the visitor's copy: the page and its version only.
        with django_assert_num_queries(2):
            assert (
                client.get(public("ongudai"), HTTP_IF_NONE_MATCH=municipal["ETag"]).status_code
                == 304
            )
        with django_assert_num_queries(3):
            response = client.get(
                public("ongudai", "ongudai-sosh"), HTTP_IF_NONE_MATCH=school["ETag"]
            )
            assert response.status_code == 304

    pages_cost_the_pinned_queries()
    for n in range(8):
        services.news_save(
            news=NewsItem(
                title=f"Новость {n}", text="…", published_on=datetime.date(2026, 10, n + 1)
            ),
            place=cast.m1,
            acting_user=cast.methodist_m1,
        )
        services.news_save(
            news=NewsItem(
                title=f"Новость школы {n}", text="…", published_on=datetime.date(2026, 10, n + 1)
            ),
            place=cast.school_a,
            acting_user=cast.curator_a,
        )
        practice = Practice(
            organisation=cast.school_a,
            title=f"Практика {n}",
            form="teacher_teacher",
            format="traditional",
            description="Описание",
        )
        services.practice_save(
            practice=practice, authors=[], subjects=[], deficit_areas=[], acting_user=cast.curator_a
        )
        services.practice_decide(practice=practice, action="submit", acting_user=cast.curator_a)
        services.practice_decide(practice=practice, action="accept", acting_user=cast.methodist_m1)
        PairFactory(programme__organisation=cast.school_a, status="active")
    pages_cost_the_pinned_queries()


def test_the_practice_workflow_and_its_public_page(published, cast):
    author = StaffMemberFactory(organisation=cast.school_a, last_name="Авторова")
    practice = Practice(
        organisation=cast.school_a,
        title="Круги наставничества",
        form="teacher_teacher",
        format="group",
        description="Как мы проводим круги.",
    )
    services.practice_save(
        practice=practice,
        authors=[author],
        subjects=[],
        deficit_areas=[],
        acting_user=cast.curator_a,
    )
    url = reverse("public:practice", args=["ongudai", practice.pk])
    assert Client().get(url).status_code == 404  # a draft is not public
    with pytest.raises(Exception, match="напишите, что доработать"):
        services.practice_decide(practice=practice, action="submit", acting_user=cast.curator_a)
        services.practice_decide(practice=practice, action="return", acting_user=cast.methodist_m1)
    practice.refresh_from_db()
    services.practice_decide(
        practice=practice,
        action="return",
        comment="Добавьте материалы",
        acting_user=cast.methodist_m1,
    )
    services.practice_decide(practice=practice, action="submit", acting_user=cast.curator_a)
    services.practice_decide(practice=practice, action="accept", acting_user=cast.methodist_m1)
    body = Client().get(url).content.decode()
    assert "Круги наставничества" in body and "Авторова" not in body  # no consent given
    services.author_consent_set(staff=author, consent=True, acting_user=cast.curator_a)
    assert "Авторова" in Client().get(url).content.decode()
    bank = Client().get(public("ongudai"), {"format": "group"}).content.decode()
    assert "Круги наставничества" in bank
    assert (
        "Круги наставничества"
        not in Client().get(public("ongudai"), {"format": "flash"}).content.decode()
    )


def test_a_plan_activity_takes_an_accepted_practice_as_material(client, published, cast):
    from tests.pairs.factories import PlanActivityFactory

    activity = PlanActivityFactory(
        plan__pair__programme__organisation=cast.school_a, status="planned", title="Открытый урок"
    )
    practice = Practice(
        organisation=cast.school_a,
        title="Мастерская открытого урока",
        form="teacher_teacher",
        format="group",
        description="…",
    )
    services.practice_save(
        practice=practice, authors=[], subjects=[], deficit_areas=[], acting_user=cast.curator_a
    )
    client.force_login(cast.curator_a)
    page = reverse("publication:practice", args=[practice.pk])
    assert "Использовать как материал" not in client.get(page).content.decode()  # a draft
    services.practice_decide(practice=practice, action="submit", acting_user=cast.curator_a)
    services.practice_decide(practice=practice, action="accept", acting_user=cast.methodist_m1)
    client.post(page, {"action": "use", "activity": activity.pk})
    plan = client.get(reverse("pairs:plan", args=[activity.plan_id])).content.decode()
    assert "Открытый урок" in plan and "Мастерская открытого урока" in plan
    assert reverse("public:practice", args=["ongudai", practice.pk]) in plan
