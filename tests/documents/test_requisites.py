"""Requisites a records officer checks before signing, read back from the printed PDF: names
in the case the sentence needs, the head of the organisation as the staff list records them,
the place of issue."""

import datetime

import pytest

from documents import rendering, services
from documents.models import Kind
from orgs.access import viewer_for
from orgs.models import Head, NameForm
from orgs.selectors import name_overrides
from orgs.tenancy import tenant_scope
from pairs.models import Pair
from tests.documents.helpers import pdf_pages, pdf_text
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory, PlanActivityFactory

pytestmark = pytest.mark.django_db

DATE = datetime.date(2025, 9, 1)


def printed(cast, school, kind, **params) -> str:
    document = services.document_create(
        issuer=school, kind=kind, date=DATE, title="", params=params, acting_user=cast.director_a
    )
    return pdf_text(rendering.html_to_pdf(services.preview_html(document)))


def test_an_order_names_the_school_and_the_curator_in_the_right_cases(cast, school):
    text = printed(cast, school, Kind.TARGET_MODEL, curator=[school.curator.pk])
    assert "Муниципальное бюджетное общеобразовательное учреждение «Онгудайская средняя" in text
    assert "с. Онгудай" in text
    assert "Внедрить в Онгудайской СОШ целевую модель" in text
    assert "педагогических работников в МБОУ «Онгудайская СОШ им. С.Т. Пекпеева»" in text
    assert (
        "Контроль за исполнением приказа возложить на заместителя директора по УВР "
        "Яковлева Р. Г." in text
    )
    assert "Директор ______________ Ю. В. Высоцкая" in text


def test_the_consent_is_addressed_to_the_head_in_the_dative_from_the_mentor(cast, school):
    text = printed(cast, school, Kind.CONSENT, staff=[school.mentor.pk])
    assert "Директору МБОУ «Онгудайская СОШ им. С.Т. Пекпеева» Ю. В. Высоцкой" in text
    assert "от Беловой Людмилы Ивановны, учителя физики" in text
    assert "Я, Белова Людмила Ивановна," in text


def test_the_agreement_names_the_employer_by_its_head_in_the_genitive(cast, school):
    text = printed(cast, school, Kind.AGREEMENT, staff=[school.mentor.pk])
    assert "(работодатель) в лице директора Высоцкой Юлии Владимировны" in text
    assert text.startswith("ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ")
    assert "с. Онгудай," in text


def test_an_acting_head_signs_within_their_dates(cast, school):
    acting = StaffMemberFactory(
        organisation=school,
        last_name="Шевчук",
        first_name="Анна",
        patronymic="Петровна",
        position="Заместитель директора по ВР",
    )
    Head.objects.create(
        organisation=school,
        staff=acting,
        acting=True,
        starts_on=datetime.date(2025, 8, 20),
        ends_on=datetime.date(2025, 9, 10),
    )
    text = printed(cast, school, Kind.CONSENT, staff=[school.mentor.pk])
    assert "И. о. директора МБОУ «Онгудайская СОШ им. С.Т. Пекпеева» А. П. Шевчук" in text
    order = printed(cast, school, Kind.TARGET_MODEL)
    assert "И. о. директора ______________ А. П. Шевчук" in order
    assert "Высоцкая" not in order


def test_the_pairs_order_names_the_pair_and_the_head_from_the_staff_list(cast, school):
    pair = PairFactory(programme__organisation=school, mentor=school.mentor)
    text = printed(cast, school, Kind.PAIRS, pairs=[pair.pk], curator=[school.curator.pk])
    assert "Белова Л. И., учитель физики" in text
    assert "Директор ______________ Ю. В. Высоцкая" in text


def test_a_curator_corrected_form_is_what_the_document_prints(cast, school):
    NameForm.objects.create(
        organisation=school, phrase="Онгудайская СОШ", case="loct", form="Онгудайской школе"
    )
    text = printed(cast, school, Kind.TARGET_MODEL)
    assert "Внедрить в Онгудайской школе целевую модель" in text


def test_a_school_reads_the_forms_its_municipality_corrected(cast, school):
    """The authority's names are corrected once, for the municipality; a school's documents,
    rendered in its curator's scope, print them, and its own correction wins."""
    NameForm.objects.create(
        municipality=cast.m1, phrase="Управление образования", case="gent", form="Управления обр."
    )
    NameForm.objects.create(
        municipality=cast.m1, phrase="Онгудайская СОШ", case="loct", form="Онгудайской ОО"
    )
    NameForm.objects.create(
        organisation=school, phrase="Онгудайская СОШ", case="loct", form="Онгудайской школе"
    )
    with tenant_scope(viewer_for(cast.curator_a).scope):
        overrides = name_overrides(municipality_id=cast.m1.pk, organisation_id=school.pk)
    assert overrides == {
        "Управление образования": {"gent": "Управления обр."},
        "Онгудайская СОШ": {"loct": "Онгудайской школе"},
    }


def issued_text(cast, school, kind, number, captured, **params) -> str:
    """The document issued under ``number`` (not rendered by the worker), printed."""
    document = services.document_create(
        issuer=school, kind=kind, date=DATE, title="", params=params, acting_user=cast.director_a
    )
    with captured(execute=False):
        services.document_issue(
            document=document, number=number, date=DATE, verify_url="", acting_user=cast.director_a
        )
    document.refresh_from_db()
    return pdf_text(rendering.html_to_pdf(services.preview_html(document)))


def test_appendices_carry_the_approval_stamp_of_the_order(
    cast, school, django_capture_on_commit_callbacks
):
    text = issued_text(cast, school, Kind.REGULATION, "12-од", django_capture_on_commit_callbacks)
    stamp = "УТВЕРЖДЕНО приказом МБОУ «Онгудайская СОШ им. С.Т. Пекпеева» от 01.09.2025 № 12-од"
    assert f"Приложение 1 {stamp} Положение о системе наставничества" in text
    assert f"Приложение 2 {stamp}" in text


def test_a_personalised_plan_is_approved_by_the_head_and_says_who_signs(cast, school):
    pair = PairFactory(programme__organisation=school, mentor=school.mentor)
    PlanActivityFactory(plan__pair=pair, title="Посещение уроков наставника")
    mentee = pair.members.get(role="mentee").staff
    text = printed(cast, school, Kind.PLAN, pairs=[pair.pk], curator=[school.curator.pk])
    assert text.startswith(
        "УТВЕРЖДАЮ Директор Муниципальное бюджетное общеобразовательное учреждение"
    )
    assert "______________ Ю. В. Высоцкая «___» __________ 20___ г." in text
    assert "Наставник ______________ Белова Л. И." in text
    assert f"Наставляемый ______________ {mentee.short_name.replace(chr(160), ' ')}" in text
    assert "Куратор ______________ Яковлев Р. Г." in text


def test_the_pairs_order_cites_mutual_consent_only_when_every_consent_is_recorded(cast, school):
    given = PairFactory(
        programme__organisation=school,
        mentor=school.mentor,
        consent_status=Pair.Consent.GIVEN,
        consent_on=datetime.date(2025, 8, 25),
    )
    text = printed(cast, school, Kind.PAIRS, pairs=[given.pk])
    assert "на основании взаимного согласия наставников и наставляемых" in text
    assert "получить письменное согласие" not in text
    other = StaffMemberFactory(
        organisation=school, last_name="Шевчук", first_name="Анна", patronymic="Петровна"
    )
    missing = PairFactory(
        programme__organisation=school,
        mentor=other,
        status=Pair.Status.DRAFT,
        consent_status=Pair.Consent.NONE,
        consent_on=None,
    )
    text = printed(cast, school, Kind.PAIRS, pairs=[given.pk, missing.pk])
    assert "взаимного согласия" not in text
    assert (
        "Куратору наставничества до начала наставничества получить письменное согласие "
        "наставников (статья 351.8 Трудового кодекса Российской Федерации): Шевчук А. П. "
        "(согласие не запрошено)." in text
    )


def test_the_director_is_warned_before_issuing_a_pairs_order_without_consents(cast, school):
    pair = PairFactory(
        programme__organisation=school,
        mentor=school.mentor,
        status=Pair.Status.DRAFT,
        consent_status=Pair.Consent.NONE,
        consent_on=None,
    )
    document = services.document_create(
        issuer=school,
        kind=Kind.PAIRS,
        date=DATE,
        title="",
        params={"pairs": [pair.pk]},
        acting_user=cast.director_a,
    )
    [warning] = services.issue_warnings(document)
    assert "Белова\u00a0Л.\u00a0И. (согласие не запрошено)" in warning


def test_issuing_the_pairs_order_gives_each_pair_its_number(
    cast, school, django_capture_on_commit_callbacks
):
    pair = PairFactory(programme__organisation=school, mentor=school.mentor)
    issued_text(
        cast, school, Kind.PAIRS, "76-од", django_capture_on_commit_callbacks, pairs=[pair.pk]
    )
    pair.refresh_from_db()
    assert pair.appointment_order == "№ 76-од от 01.09.2025"


def test_the_consent_is_dated_when_consent_was_given_not_when_issued(
    cast, school, django_capture_on_commit_callbacks
):
    pair = PairFactory(
        programme__organisation=school,
        mentor=school.mentor,
        consent_status=Pair.Consent.GIVEN,
        consent_on=datetime.date(2025, 8, 25),
    )
    text = issued_text(
        cast, school, Kind.CONSENT, "5-с", django_capture_on_commit_callbacks, pairs=[pair.pk]
    )
    assert "25.08.2025 ______________ Белова Л. И." in text
    assert "01.09.2025" not in text


def bundled_agreements(cast, school, *, mentees: str = "") -> bytes:
    """Agreements for three mentors in one document, printed from the same HTML as PDF and
    DOCX; a long list of mentees makes each letter two pages long."""
    others = [
        StaffMemberFactory(organisation=school, last_name=name, position="Учитель")
        for name in ("Кызлакова", "Тадыева")
    ]
    document = services.document_create(
        issuer=school,
        kind=Kind.AGREEMENT,
        date=DATE,
        title="",
        params={"staff": [school.mentor.pk] + [p.pk for p in others], "mentees_text": mentees},
        acting_user=cast.director_a,
    )
    return services.preview_html(document)


LONG_MENTEES = "; ".join(f"Наставляемый {n}, учитель начальных классов" for n in range(1, 46))


def letter_numbers(pages: list[str]) -> list[str]:
    """What each page carries at its top: its number, or «—» on a letter's first page. (The
    number is the page's first or last word, depending on the reader's text order.)"""
    numbers = []
    for page in pages:
        words = page.split()
        if page.startswith("ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ"):
            numbers.append("—")
        else:
            numbers.append(next((w for w in (words[0], words[-1]) if w.isdigit()), "?"))
    return numbers


def test_bundled_letters_are_numbered_each_from_its_own_first_page(cast, school):
    pages = pdf_pages(rendering.html_to_pdf(bundled_agreements(cast, school)))
    assert len(pages) == 3
    # Each letter's first page has no number at its top (the second one would read «2»).
    assert letter_numbers(pages) == ["—", "—", "—"]
    long = pdf_pages(rendering.html_to_pdf(bundled_agreements(cast, school, mentees=LONG_MENTEES)))
    assert letter_numbers(long) == ["—", "2", "—", "2", "—", "2"]
