"""Publishing choices: the sections a publisher shows, authors' own consent, normative
documents from the region, files only while their page is published, caching that follows
every change shown, and uploads checked by content."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from documents.publication import services
from documents.publication.models import NewsItem, NormativeDocument, Practice, PublicPage
from monitoring.effectiveness.models import WebsiteSection
from tests.factories import StaffMemberFactory
from tests.forms import form_data
from tests.pairs.factories import PairFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def pages(cast):
    services.page_save(place=cast.m1, acting_user=cast.methodist_m1, slug="ongudai", published=True)
    services.page_save(
        place=cast.school_a,
        acting_user=cast.curator_a,
        slug="ongudai-sosh",
        published=True,
        site_root="https://portal.example.ru",
    )


def school_url():
    return reverse("public:organisation", args=["ongudai", "ongudai-sosh"])


def municipality_url():
    return reverse("public:municipality", args=["ongudai"])


def accepted_practice(cast, title="Круги наставничества", **fields) -> Practice:
    practice = Practice(
        organisation=cast.school_a,
        title=title,
        form="teacher_teacher",
        format="group",
        description="Как мы проводим круги.",
    )
    services.practice_save(
        practice=practice,
        acting_user=cast.curator_a,
        **{"authors": [], "subjects": [], "deficit_areas": [], **fields},
    )
    services.practice_decide(practice=practice, action="submit", acting_user=cast.curator_a)
    return services.practice_decide(
        practice=practice, action="accept", acting_user=cast.methodist_m1
    )


def test_the_publisher_hides_sections_and_their_files_go_with_them(client, pages, cast):
    ProgrammeFactory(organisation=cast.school_a, title="Программа «Вместе»")
    news = services.news_save(
        news=NewsItem(title="День наставника", text="…", published_on=datetime.date(2026, 10, 1)),
        place=cast.school_a,
        photo=SimpleUploadedFile("day.png", PNG),
        acting_user=cast.curator_a,
    )
    body = Client().get(school_url()).content.decode()
    assert "Программа «Вместе»" in body and "День наставника" in body and 'id="figures"' in body
    photo = reverse("public:news_photo", args=[news.pk])
    assert Client().get(photo).status_code == 200

    client.force_login(cast.curator_a)
    manage = reverse("publication:organisation", args=[cast.school_a.pk])
    form = client.get(manage).content.decode()
    assert "Разделы на странице" in form and "мероприятия и конкурсы" not in form
    # The page's own form, as the browser sends it, with every section but documents unticked.
    data = {
        name: value
        for name, value in form_data(form).items()
        if not name.startswith("show_") or name == "show_documents"
    }
    assert data["action"] == "page" and data["published"] == "on"
    assert client.post(manage, data).status_code == 302
    body = Client().get(school_url()).content.decode()
    assert "Программа «Вместе»" not in body and "День наставника" not in body
    assert 'id="figures"' not in body
    assert Client().get(photo).status_code == 404


def test_a_new_page_is_addressed_by_the_transliterated_name_and_keeps_clear_of_portal_paths(
    client, cast
):
    client.force_login(cast.methodist_m1)
    manage = reverse("publication:municipality", args=[cast.m1.pk])
    assert 'value="ongudaiskii-raion"' in client.get(manage).content.decode()
    response = client.post(manage, {"action": "page", "slug": "feed", "published": "on"})
    assert "Этот адрес занят разделом портала" in response.content.decode()
    assert not PublicPage.objects.exists()


def test_only_authors_who_consented_are_named_and_they_decide_themselves(client, pages, cast):
    other = StaffMemberFactory(organisation=cast.school_a, last_name="Несогласова")
    practice = accepted_practice(cast, authors=[cast.teacher_a, other])
    url = reverse("public:practice", args=["ongudai", practice.pk])
    body = Client().get(url).content.decode()
    assert "Тадыева" not in body and "Несогласова" not in body

    client.force_login(cast.mentor_a)  # the account of Тадыева, an author
    consent = reverse("publication:my_consent")
    assert "Круги наставничества" in client.get(consent).content.decode()
    client.post(consent, {"consent": "yes"})
    body = Client().get(url).content.decode()
    assert "Тадыева" in body and "Несогласова" not in body

    client.post(consent, {"consent": "no"})
    assert "Тадыева" not in Client().get(url).content.decode()

    # The curator records a signed paper consent on the practice's page.
    client.force_login(cast.curator_a)
    staff_page = reverse("publication:practice", args=[practice.pk])
    client.post(staff_page, {"action": "consent", "staff": other.pk, "consent": "on"})
    assert "Несогласова" in Client().get(url).content.decode()
    # A director cannot record anyone's consent.
    client.force_login(cast.director_a)
    response = client.post(staff_page, {"action": "consent", "staff": cast.teacher_a.pk})
    assert response.status_code == 403


def test_the_region_publishes_normative_documents_for_every_page_below(client, pages, cast):
    cached = Client().get(school_url())["ETag"]
    client.force_login(cast.coordinator_r1)
    region = reverse("publication:region", args=[cast.region1.pk])
    client.post(
        region,
        {
            "action": "normative",
            "level": "regional",
            "title": "Распоряжение Минобрнауки Республики Алтай о наставничестве",
            "file": SimpleUploadedFile("act.pdf", b"%PDF-1.4 act"),
        },
    )
    document = NormativeDocument.objects.get()
    assert document.municipality_id is None
    # No school's audit trail saw it: the pages' stamps carry the change.
    assert Client().get(school_url(), HTTP_IF_NONE_MATCH=cached).status_code == 200
    for url in (municipality_url(), school_url()):
        assert "Распоряжение Минобрнауки Республики Алтай" in Client().get(url).content.decode()
    file_url = reverse("public:normative_file", args=[document.file_key])
    assert Client().get(file_url).status_code == 200
    # Another region's pages never show it.
    services.page_save(place=cast.m3, acting_user=cast.methodist_m3, slug="kedr", published=True)
    assert (
        "Минобрнауки Республики Алтай"
        not in Client().get("/nastavnichestvo/kedr/").content.decode()
    )
    # With no published page in the region its file is not served either.
    services.page_save(place=cast.m1, acting_user=cast.methodist_m1, published=False)
    assert Client().get(file_url).status_code == 404


def test_practices_proposed_to_the_region_reach_the_coordinator(client, pages, cast):
    practice = accepted_practice(cast, title="Флеш-наставничество")
    services.practice_decide(practice=practice, action="propose", acting_user=cast.methodist_m1)
    client.force_login(cast.coordinator_r1)
    body = client.get(reverse("publication:region", args=[cast.region1.pk])).content.decode()
    assert "Флеш-наставничество" in body and "Онгудайский район" in body


def test_a_public_document_of_an_unpublished_page_is_not_served(pages, cast):
    from documents.models import Document, Kind

    document = Document.objects.create(
        organisation=cast.school_a,
        kind=Kind.REGULATION,
        title="Об утверждении Положения",
        number="12",
        date=datetime.date(2026, 9, 1),
        status=Document.Status.ISSUED,
        is_public=True,
        pdf=SimpleUploadedFile("order.pdf", b"%PDF-1.4 order"),
    )
    url = reverse("public:document_file", args=[document.file_key])
    assert Client().get(url).status_code == 200
    services.page_save(place=cast.school_a, acting_user=cast.curator_a, published=False)
    assert Client().get(url).status_code == 404
    services.page_save(place=cast.school_a, acting_user=cast.curator_a, published=True)
    services.page_save(place=cast.m1, acting_user=cast.methodist_m1, published=False)
    assert Client().get(url).status_code == 404


def test_unpublishing_a_school_page_removes_its_website_section(pages, cast):
    site = WebsiteSection.objects.get(organisation=cast.school_a)
    assert site.url == "https://portal.example.ru/nastavnichestvo/ongudai/ongudai-sosh/"
    assert site.checked_on == datetime.date.today()
    # A new municipal address moves the school's section with it.
    services.page_save(
        place=cast.m1,
        acting_user=cast.methodist_m1,
        slug="ongudai-raion",
        site_root="https://portal.example.ru",
    )
    site.refresh_from_db()
    assert site.url == "https://portal.example.ru/nastavnichestvo/ongudai-raion/ongudai-sosh/"
    services.page_save(place=cast.school_a, acting_user=cast.curator_a, published=False)
    assert not WebsiteSection.objects.filter(organisation=cast.school_a).exists()


def test_a_section_the_school_keeps_on_its_own_site_is_left_alone(cast):
    from monitoring.effectiveness import services as effectiveness

    effectiveness.website_section_save(
        organisation=cast.school_a, url="https://school.example.ru/mentor/", acting_user=None
    )
    services.page_save(place=cast.m1, acting_user=cast.methodist_m1, slug="ongudai", published=True)
    services.page_save(place=cast.school_a, acting_user=cast.curator_a, slug="s", published=True)
    services.page_save(place=cast.school_a, acting_user=cast.curator_a, published=False)
    assert WebsiteSection.objects.get(organisation=cast.school_a).url.startswith("https://school")


def test_a_change_of_the_figures_revalidates_the_cached_page(pages, cast):
    client = Client()
    first = client.get(school_url())
    etag = first["ETag"]
    assert client.get(school_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304
    PairFactory(programme__organisation=cast.school_a, status="active")
    changed = client.get(school_url(), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    # Publishing another school's page changes the municipality's list of links.
    municipal = client.get(municipality_url())
    services.page_save(place=cast.school_a2, acting_user=None, slug="elovka", published=True)
    again = client.get(municipality_url(), HTTP_IF_NONE_MATCH=municipal["ETag"])
    assert again.status_code == 200 and "/nastavnichestvo/ongudai/elovka/" in again.content.decode()


def test_the_public_page_is_the_same_for_a_logged_in_visitor(client, pages, cast):
    client.force_login(cast.curator_a)
    response = client.get(school_url())
    body = response.content.decode()
    assert "csrfmiddlewaretoken" not in body and "X-CSRFToken" not in body
    assert cast.curator_a.get_full_name() not in body
    assert "csrftoken" not in response.cookies
    assert response["ETag"] == Client().get(school_url())["ETag"]


def test_feeds_come_as_rss_and_atom(pages, cast):
    services.news_save(
        news=NewsItem(title="Слёт наставников", text="…", published_on=datetime.date(2026, 10, 2)),
        place=cast.m1,
        acting_user=cast.methodist_m1,
    )
    rss = Client().get(reverse("public:municipality_feed", args=["ongudai"]))
    atom = Client().get(reverse("public:municipality_atom", args=["ongudai"]))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert (
        "Слёт наставников" in rss.content.decode() and "Слёт наставников" in atom.content.decode()
    )
    assert "max-age=60" in atom["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"<?php echo 'not a photo';", "не соответствует его расширению"),
        ("photo.gif", b"GIF89a", "Загрузите файл в формате JPG, PNG"),
        ("photo.png", PNG + b"\x00" * (5 * 1024 * 1024), "Файл больше 5 МБ"),
    ],
)
def test_a_news_photo_is_checked_by_its_content(client, cast, name, content, message):
    client.force_login(cast.curator_a)
    manage = reverse("publication:organisation", args=[cast.school_a.pk])
    response = client.post(
        manage,
        {
            "action": "news",
            "title": "С фото",
            "text": "…",
            "published_on": "2026-10-01",
            "is_published": "on",
            "photo": SimpleUploadedFile(name, content),
        },
        follow=True,
    )
    assert message in response.content.decode()
    assert not NewsItem.objects.exists()


def test_practice_materials_are_public_only_once_accepted(client, pages, cast):
    practice = Practice(
        organisation=cast.school_a,
        title="Мастерская",
        form="teacher_teacher",
        format="group",
        description="…",
    )
    services.practice_save(
        practice=practice,
        authors=[],
        subjects=[],
        deficit_areas=[],
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
        acting_user=cast.curator_a,
    )
    public = reverse("public:practice_file", args=["ongudai", practice.pk])
    assert Client().get(public).status_code == 404
    client.force_login(cast.curator_a)
    assert client.get(reverse("publication:practice_file", args=[practice.pk])).status_code == 200
    services.practice_decide(practice=practice, action="submit", acting_user=cast.curator_a)
    services.practice_decide(practice=practice, action="accept", acting_user=cast.methodist_m1)
    assert Client().get(public).status_code == 200


def test_a_methodist_hides_news_and_removes_a_normative_document(client, pages, cast):
    client.force_login(cast.methodist_m1)
    manage = reverse("publication:municipality", args=[cast.m1.pk])
    news = services.news_save(
        news=NewsItem(title="Старая новость", text="…", published_on=datetime.date(2026, 9, 1)),
        place=cast.m1,
        acting_user=cast.methodist_m1,
    )
    document = services.normative_save(
        document=NormativeDocument(
            level="municipal", title="Устаревший приказ", url="https://a.ru"
        ),
        place=cast.m1,
        acting_user=cast.methodist_m1,
    )
    client.post(manage, {"action": "news_visibility", "news": news.pk})
    client.post(manage, {"action": "normative_delete", "normative": document.pk})
    body = Client().get(municipality_url()).content.decode()
    assert "Старая новость" not in body and "Устаревший приказ" not in body
    # Another municipality's news cannot be reached through this page.
    foreign = NewsItem.objects.create(
        region=cast.region1,
        municipality=cast.m2,
        title="Чужая",
        text="…",
        published_on=datetime.date(2026, 9, 1),
    )
    response = client.post(manage, {"action": "news_visibility", "news": foreign.pk})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_published


def test_a_persons_data_download_lists_their_practices_and_consent(client, pages, cast):
    import json

    accepted_practice(cast, title="Круги наставничества", authors=[cast.teacher_a])
    services.author_consent_set(staff=cast.teacher_a, consent=True, acting_user=cast.mentor_a)
    client.force_login(cast.director_a)
    data = json.loads(client.get(reverse("orgs:personal_data", args=[cast.teacher_a.pk])).content)
    bank = data["банк практик"]
    assert bank["практики, где указан автором"] == ["Круги наставничества"]
    assert bank["согласие на указание авторства"] is not None


def test_an_accepted_practice_keeps_the_level_it_was_submitted_at(client, pages, cast):
    practice = Practice(
        organisation=cast.school_a,
        title="Школьные круги",
        form="teacher_teacher",
        format="group",
        description="Как мы проводим круги в школе.",
        level=Practice.Level.SCHOOL,
    )
    services.practice_save(
        practice=practice, acting_user=cast.curator_a, authors=[], subjects=[], deficit_areas=[]
    )
    services.practice_decide(practice=practice, action="submit", acting_user=cast.curator_a)
    services.practice_decide(practice=practice, action="accept", acting_user=cast.methodist_m1)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.ACCEPTED and practice.level == "school"
    body = Client().get(reverse("public:municipality", args=["ongudai"])).content.decode()
    assert "школьный уровень" in body and "муниципальный уровень" not in body


def test_a_consent_message_ends_a_name_with_one_full_stop(client, pages, cast):
    author = StaffMemberFactory(
        organisation=cast.school_a,
        last_name="Тенгерекова",
        first_name="Мария",
        patronymic="Аркадьевна",
    )
    practice = accepted_practice(cast, authors=[author])
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("publication:practice", args=[practice.pk]),
        {"action": "consent", "staff": author.pk, "consent": "on"},
        follow=True,
    )
    body = response.content.decode()
    assert "Тенгерекова\u00a0М.\u00a0А.: согласие автора изменено." in body
    assert "А.." not in body
