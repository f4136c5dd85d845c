"""Demo public pages: Ongudai's and Kedrovy's municipal pages and one school page in each,
with public orders, news and accepted practices of the bank. Idempotent."""

from __future__ import annotations

import datetime

from documents.models import PUBLIC_KINDS, Document
from orgs.demo.seed import KEDROVY, ONGUDAI, REFERENCE_DATE
from orgs.models import Municipality, Organisation, StaffMember, User

from . import services
from .models import AuthorConsent, NewsItem, Practice

# The address `make run` serves the demo at (the website sections point at it).
SITE_ROOT = "http://127.0.0.1:8000"

PRACTICES = [
    (
        "Педагогическая мастерская «Первые шаги»",
        "group",
        "Раз в месяц молодые учителя показывают фрагмент урока, наставники и коллеги "
        "разбирают его по карте наблюдения и договариваются об одном шаге к следующей встрече.",
    ),
    (
        "Сетевое наставничество для малокомплектных школ",
        "network",
        "Наставник из районной школы ведёт молодого учителя сельской школы дистанционно: "
        "еженедельная видеовстреча, совместное планирование уроков, взаимопосещение раз в "
        "четверть.",
    ),
]


KEDROVY_PRACTICE = (
    "Наставник-предметник для учителя, пришедшего из другой школы",
    "traditional",
    "Первые три месяца наставник-предметник еженедельно разбирает с коллегой рабочую "
    "программу и школьные требования к оцениванию; итог — открытый урок в конце четверти.",
)


def seed(log=print) -> None:
    ongudai = Municipality.objects.get(name=ONGUDAI.name)
    kedrovy = Municipality.objects.get(name=KEDROVY.name)
    _place(
        ongudai,
        "ongudai",
        Organisation.objects.get(municipality=ongudai, short_name="Онгудайская СОШ"),
        "ongudai-sosh",
        suffix="ongudai",
        practices=PRACTICES,
        news=(
            "Стартовала декада «Панорама наставничества»",
            "Школы района проводят открытые уроки пар «наставник – молодой учитель».",
        ),
    )
    _place(
        kedrovy,
        "kedrovy",
        Organisation.objects.get(municipality=kedrovy, short_name="Кедровская СОШ"),
        "kedrovskaya-sosh",
        suffix="kedrovy",
        practices=[KEDROVY_PRACTICE],
        news=(
            "Итоги муниципального конкурса «Я — наставник»",
            "Отдел образования подвёл итоги конкурса; лучшие практики приняты в банк практик.",
        ),
    )
    log(
        "Публичные страницы: Онгудайский район и Онгудайская СОШ, г. Кедровый и Кедровская "
        "СОШ; новости и 3 практики в банке."
    )


def _place(municipality, slug, school, school_slug, *, suffix, practices, news) -> None:
    methodist = User.objects.get(username=f"methodist.{suffix}")
    curator = User.objects.get(username=f"curator.{suffix}")
    if services.page_of(municipality) is None:
        services.page_save(
            place=municipality,
            acting_user=methodist,
            slug=slug,
            published=True,
            intro=f"Система наставничества педагогических работников: {municipality}.",
        )
    if services.page_of(school) is None:
        services.page_save(
            place=school,
            acting_user=curator,
            site_root=SITE_ROOT,
            slug=school_slug,
            published=True,
            intro="В школе действует целевая модель наставничества: пары «учитель – учитель» "
            "и группы для молодых специалистов.",
            curator_name=curator.get_full_name(),
            curator_position="заместитель директора по УВР",
            curator_contact=curator.email or "+7 (388-45) 2-21-34",
        )
    for document in Document.objects.filter(
        organisation=school, kind__in=PUBLIC_KINDS, status=Document.Status.ISSUED
    ):
        if not document.is_public:
            services.document_publish(document=document, public=True, acting_user=curator)
    title, text = news
    if not NewsItem.objects.filter(municipality=municipality, title=title).exists():
        services.news_save(
            news=NewsItem(
                title=title,
                text=text,
                published_on=REFERENCE_DATE + datetime.timedelta(days=60),
            ),
            place=municipality,
            acting_user=methodist,
        )
    authors = list(StaffMember.objects.filter(organisation=school).order_by("last_name", "pk")[:2])
    for title, format_, description in practices:
        if Practice.objects.filter(organisation=school, title=title).exists():
            continue
        practice = Practice(
            organisation=school,
            title=title,
            form="teacher_teacher",
            format=format_,
            description=description,
        )
        services.practice_save(
            practice=practice, authors=authors, subjects=[], deficit_areas=[], acting_user=curator
        )
        services.practice_decide(practice=practice, action="submit", acting_user=curator)
        services.practice_decide(practice=practice, action="accept", acting_user=methodist)
    # One author agreed to be named publicly; the other did not, and is not shown.
    if authors and not AuthorConsent.objects.filter(staff=authors[0]).exists():
        services.author_consent_set(staff=authors[0], consent=True, acting_user=curator)
