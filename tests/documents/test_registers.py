"""Registers per kind: orders, protocols, agreements, consents, certificates, programmes and
reports are numbered each in their own register, in the format the issuer set on its
«Реквизиты» page; the issue form proposes the register's next number, and a number is unique
per issuer, register and year."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents import services
from documents.models import REGISTER_OF, Document, Kind
from monitoring.effectiveness import services as effectiveness
from orgs.models import RegisterFormat
from orgs.registers import Register, next_number
from tests.factories import StaffMemberFactory
from tests.pairs.factories import PairFactory, PlanFactory

pytestmark = pytest.mark.django_db

DATE = datetime.date(2025, 10, 1)
TAKEN = "Документ с таким номером в этом году уже есть."


def recipe(cast, register: str) -> tuple:
    """(issuer, kind, params, user) of a draft numbered in ``register``."""
    school = cast.school_a
    mentor = StaffMemberFactory(organisation=school, last_name="Белова", position="Учитель")
    director = cast.director_a
    if register == Register.REPORTS:
        campaign = effectiveness.campaign_open(
            municipality=cast.m1, year=2025, acting_user=cast.methodist_m1
        )
        params = {"campaign": campaign.pk, "signer_name": "Смирнова Е. А."}
        return cast.m1, Kind.ANALYTICAL_REPORT, params, cast.methodist_m1
    if register == Register.PROGRAMMES:
        plan = PlanFactory(pair=PairFactory(programme__organisation=school, mentor=mentor))
        return school, Kind.PLAN, {"pairs": [plan.pair_id]}, director
    kind = {
        Register.ORDERS: Kind.TARGET_MODEL,
        Register.PROTOCOLS: Kind.COUNCIL,
        Register.AGREEMENTS: Kind.AGREEMENT,
        Register.CONSENTS: Kind.CONSENT,
        Register.CERTIFICATES: Kind.CERTIFICATE,
    }[register]
    return school, kind, {"staff": [mentor.pk]}, director


def draft(issuer, kind, params, user) -> Document:
    return services.document_create(
        issuer=issuer, kind=kind, date=DATE, title="", params=params, acting_user=user
    )


def issue(document: Document, number: str, user) -> None:
    services.document_issue(
        document=document, number=number, date=DATE, verify_url="", acting_user=user
    )


def test_every_kind_has_a_register():
    assert set(REGISTER_OF) == set(Kind)
    assert set(REGISTER_OF.values()) == set(Register.values)


@pytest.mark.parametrize("register", Register.values)
def test_each_register_keeps_its_own_numbers(cast, register):
    """The same number in every other register is no obstacle; in its own register it is
    refused with the message, and the register proposes the next one."""
    for other in Register.values:
        if other != register:
            issuer, kind, params, user = recipe(cast, other)
            issue(draft(issuer, kind, params, user), "7", user)
    issuer, kind, params, user = recipe(cast, register)
    assert services.suggest_number(issuer=issuer, kind=kind, year=DATE.year) == "1"
    issue(draft(issuer, kind, params, user), "7", user)
    assert services.suggest_number(issuer=issuer, kind=kind, year=DATE.year) == "8"
    second = draft(issuer, kind, params, user)
    with pytest.raises(ValidationError, match=TAKEN):
        issue(second, "7", user)
    second.refresh_from_db()
    assert second.status == Document.Status.DRAFT and second.number == ""
    # Next year the register starts again.
    assert services.suggest_number(issuer=issuer, kind=kind, year=DATE.year + 1) == "1"


def test_the_director_sets_the_formats_and_the_issue_form_proposes_the_next_number(cast, client):
    client.force_login(cast.director_a)
    url = reverse("orgs:requisites", args=[cast.school_a.pk])
    formats = {register: "{номер}" for register in Register.values}
    formats.update({"orders": "{номер}-од", "consents": "{номер}-с", "agreements": "ДС-{номер}"})
    response = client.post(url, {"action": "registers", **formats})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    # Once, in the page's body (not in its title).
    assert page.count("Журналы регистрации документов") == 1
    assert "Журналы" not in page.split("<title>")[1].split("</title>")[0]
    assert "№ 76-од" in page and "№ ДС-76" in page
    # Orders already issued this year, one typed by hand before the format was set.
    for number in ("74", "75-од"):
        issue(draft(*recipe(cast, Register.ORDERS)), number, cast.director_a)
    pairs_order = draft(*recipe(cast, Register.ORDERS))
    protocol = draft(*recipe(cast, Register.PROTOCOLS))
    consent = draft(*recipe(cast, Register.CONSENTS))
    agreement = draft(*recipe(cast, Register.AGREEMENTS))
    for document, proposed in (
        (pairs_order, "76-од"),
        (protocol, "1"),
        (consent, "1-с"),
        (agreement, "ДС-1"),
    ):
        detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
        assert f'name="number" value="{proposed}"' in detail, document.kind
    # Another school keeps its own registers and formats.
    other = StaffMemberFactory(organisation=cast.school_a2, position="Учитель")
    elsewhere = services.document_create(
        issuer=cast.school_a2,
        kind=Kind.CERTIFICATE,
        date=DATE,
        title="",
        params={"staff": [other.pk]},
        acting_user=cast.admin,
    )
    assert services.suggest_number(issuer=cast.school_a2, kind=elsewhere.kind, year=2025) == "1"


def test_the_methodist_numbers_the_municipalitys_own_documents(cast, client):
    client.force_login(cast.methodist_m1)
    url = reverse("orgs:municipality_requisites", args=[cast.m1.pk])
    formats = {register: "{номер}" for register in Register.values}
    formats["orders"] = "{номер}-р/{год}"
    assert client.post(url, formats).status_code == 302
    issuer, kind, params, user = recipe(cast, Register.REPORTS)
    report = draft(issuer, kind, params, user)
    assert services.suggest_number(issuer=cast.m1, kind=Kind.ROADMAP_ORDER, year=2025) == (
        "1-р/2025"
    )
    detail = client.get(reverse("documents:detail", args=[report.pk])).content.decode()
    assert 'name="number" value="1"' in detail
    # The municipality's formats number its own documents, not its schools'.
    assert services.suggest_number(issuer=cast.school_a, kind=Kind.PAIRS, year=2025) == "1"
    register_page = reverse("documents:municipality", args=[cast.m1.pk])
    assert url in client.get(register_page).content.decode()


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("од", "Формат должен содержать {номер} ровно один раз"),
        ("{номер}-{номер}", "Формат должен содержать {номер} ровно один раз"),
        ("{номер}-{settings.SECRET_KEY}", "других фигурных скобок быть не должно"),
        ("{номер}" + "x" * 30, "длиннее 30 знаков"),
    ],
)
def test_a_format_without_its_number_is_refused_and_nothing_is_saved(
    cast, client, pattern, message
):
    client.force_login(cast.curator_a)
    url = reverse("orgs:requisites", args=[cast.school_a.pk])
    formats = {register: "{номер}" for register in Register.values}
    response = client.post(url, {"action": "registers", **formats, "orders": pattern})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RegisterFormat.objects.exists()


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("psychologist_a", lambda c: reverse("orgs:requisites", args=[c.school_a.pk])),
        ("coordinator_r1", lambda c: reverse("orgs:municipality_requisites", args=[c.m1.pk])),
    ],
)
def test_a_reader_sees_the_formats_but_cannot_change_them(cast, client, user, url):
    client.force_login(getattr(cast, user))
    address = url(cast)
    page = client.get(address)
    assert page.status_code == 200 and "Журналы регистрации документов" in page.content.decode()
    assert 'value="registers"' not in page.content.decode()
    formats = {register: "{номер}-x" for register in Register.values}
    response = client.post(address, {"action": "registers", **formats})
    assert response.status_code == 403
    assert not RegisterFormat.objects.exists()


@pytest.mark.parametrize(
    ("taken", "pattern", "expected"),
    [
        ([], "{номер}-од", "1-од"),
        (["75-од", "9"], "{номер}-од", "76-од"),
        (["3/2025", "ДС-4"], "ДС-{номер}", "ДС-5"),
        (["12-р/2025"], "{номер}-р/{год}", "13-р/2025"),
        (["б/н"], "{номер}", "1"),
    ],
)
def test_the_next_number_follows_the_format_and_never_goes_below_one_taken(
    taken, pattern, expected
):
    assert next_number(taken, pattern=pattern, year=2025) == expected
