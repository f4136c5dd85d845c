"""One sample of every document kind from the demo data (Онгудайская СОШ, Онгудайский район
and МО «Город Кедровый»), for the pictures of the documents in the README.

The samples are issued inside a transaction that the caller rolls back: nothing is left in
the register."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management.base import CommandError

from orgs.demo.seed import REFERENCE_DATE
from orgs.models import Municipality, Organisation, StaffMember, User

from . import services
from .demo import KEDROVY
from .models import Document, Kind


@dataclass
class Sample:
    kind: str
    issuer: Organisation | Municipality
    params: dict
    user: User
    title: str = ""


def _demo(model, **lookup):
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise CommandError(
            "Нет демонстрационных данных: сначала выполните python manage.py seed_demo."
        )
    return found


def samples() -> list[Sample]:
    """Every kind of the register, in its order; a kind without a sample here is an error,
    so a new kind cannot silently miss its picture."""
    from monitoring.effectiveness.models import Campaign
    from pairs.models import Pair, Plan

    school = _demo(Organisation, short_name="Онгудайская СОШ")
    ongudai = school.municipality
    kedrovy = _demo(Municipality, name="Город Кедровый")
    director = _demo(User, username="director.ongudai")
    staff = StaffMember.objects.filter(organisation=school).working().order_by("pk")
    curator = staff.filter(position__startswith="Заместитель").first() or staff.first()
    with_plans = list(
        Pair.objects.filter(
            organisation=school,
            status=Pair.Status.ACTIVE,
            pk__in=Plan.objects.filter(organisation=school).values("pair"),
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    )
    mentors = list(
        staff.filter(
            pair_memberships__role="mentor", pair_memberships__pair__in=with_plans
        ).distinct()
    )
    campaign = _demo(Campaign, municipality=ongudai, year=REFERENCE_DATE.year)
    methodist = _demo(User, username="methodist.ongudai")
    methodist_name = " ".join(
        part for part in (methodist.last_name, methodist.first_name, methodist.patronymic) if part
    )
    chosen = {"curator": [curator.pk], "staff": [m.pk for m in mentors]}
    by_kind = {
        Kind.TARGET_MODEL: Sample(Kind.TARGET_MODEL, school, {"curator": [curator.pk]}, director),
        Kind.REGULATION: Sample(Kind.REGULATION, school, {"curator": [curator.pk]}, director),
        Kind.COUNCIL: Sample(
            Kind.COUNCIL,
            school,
            {
                "chair": school.head_name,
                "secretary": curator.full_name,
                "present": f"{staff.count()} чел.",
            },
            director,
        ),
        Kind.CURATOR: Sample(Kind.CURATOR, school, chosen, director),
        Kind.PAIRS: Sample(Kind.PAIRS, school, {**chosen, "pairs": with_plans}, director),
        Kind.PROGRAMMES: Sample(Kind.PROGRAMMES, school, {"pairs": with_plans}, director),
        Kind.FINAL_EVENT: Sample(Kind.FINAL_EVENT, school, chosen, director),
        Kind.YOUNG_SPECIALISTS: Sample(
            Kind.YOUNG_SPECIALISTS, school, {"curator": [curator.pk]}, director
        ),
        Kind.PLAN: Sample(Kind.PLAN, school, {"pairs": with_plans[:1]}, director),
        Kind.CONSENT: Sample(Kind.CONSENT, school, {"pairs": with_plans[:1]}, director),
        Kind.AGREEMENT: Sample(Kind.AGREEMENT, school, {"pairs": with_plans[:1]}, director),
        Kind.CERTIFICATE: Sample(
            Kind.CERTIFICATE, school, {"staff": chosen["staff"][:1]}, director
        ),
        Kind.ROADMAP_ORDER: Sample(
            Kind.ROADMAP_ORDER,
            kedrovy,
            {k: v for k, v in KEDROVY.items() if k != "title"},
            _demo(User, username="methodist.kedrovy"),
            KEDROVY["title"],
        ),
        Kind.ANALYTICAL_REPORT: Sample(
            Kind.ANALYTICAL_REPORT,
            ongudai,
            {"campaign": campaign.pk, "signer_name": methodist_name},
            methodist,
        ),
    }
    missing = [kind.label for kind in Kind if kind not in by_kind]
    if missing:
        raise CommandError("Нет образца для видов документов: " + "; ".join(missing))
    return [by_kind[kind] for kind in Kind]


def issue(sample: Sample, number: str) -> Document:
    document = services.document_create(
        issuer=sample.issuer,
        kind=sample.kind,
        date=REFERENCE_DATE,
        title=sample.title,
        params=sample.params,
        acting_user=sample.user,
    )
    services.document_issue(
        document=document,
        number=number,
        date=REFERENCE_DATE,
        verify_url="",
        acting_user=sample.user,
    )
    document.refresh_from_db()
    return document
