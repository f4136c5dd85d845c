"""Demo documents of Онгудайская СОШ: a few issued orders with their PDF and DOCX.

Rendering takes a fraction of a second per document, so this step prints them at once
instead of queueing. Documents are found by their register number: a second run changes
nothing."""

from __future__ import annotations

import datetime

from django.db import transaction

from orgs.demo.seed import REFERENCE_DATE
from orgs.models import Municipality, Organisation, StaffMember, User

from . import services
from .models import Document, Kind


def seed(log=print) -> None:
    organisation = Organisation.objects.filter(short_name="Онгудайская СОШ").first()
    director = User.objects.filter(username="director.ongudai").first()
    if organisation is None or director is None:
        log("Документы: демонстрационная школа не найдена, шаг пропущен.")
        return
    staff = StaffMember.objects.filter(organisation=organisation).working().order_by("pk")
    curator = staff.filter(position__startswith="Заместитель").first() or staff.first()
    mentors = list(staff.filter(position__startswith="Учитель")[:3])
    plans = [
        ("1-н", Kind.TARGET_MODEL, {"curator": [curator.pk]}),
        ("2-н", Kind.REGULATION, {"curator": [curator.pk]}),
        ("3-н", Kind.CURATOR, {"curator": [curator.pk], "staff": [m.pk for m in mentors]}),
    ]
    pairs = _pair_ids(organisation)
    if pairs:
        plans.append(("4-н", Kind.PAIRS, {"curator": [curator.pk], "pairs": pairs}))
    created = 0
    for number, kind, params in plans:
        if Document.objects.filter(
            organisation=organisation, year=REFERENCE_DATE.year, number=number
        ).exists():
            continue
        with transaction.atomic():
            document = services.document_create(
                issuer=organisation,
                kind=kind,
                date=REFERENCE_DATE,
                title="",
                params=params,
                acting_user=director,
            )
            job = services.document_issue(
                document=document,
                number=number,
                date=REFERENCE_DATE,
                verify_url="",
                acting_user=director,
            )
        services.render_job_run(job_id=job.pk)
        created += 1
    log(f"Документы: издано приказов Онгудайской СОШ — {created}.")
    _kedrovy_draft(log)


# Kedrovy's municipal order No. 76, as a draft: it shows the road map as the data holds it.
KEDROVY = {
    "title": "Об утверждении муниципальной программы «Развитие наставничества в системе "
    "образования муниципального образования «Город Кедровый» на 2020-2024 годы»",
    "wording": {
        "grounds": "На основании распоряжения Департамента общего образования Томской "
        "области от 13.04.2020 года № 305-р «Об утверждении региональной программы развития "
        "системы наставничества в сфере общего образования Томской области», в целях "
        "реализации распоряжения Правительства Российской Федерации от 31.12.2019 года "
        "№ 3273-р «Разработка и внедрение системы наставничества педагогических работников в "
        "образовательных организациях», развития системы наставничества как эффективного "
        "механизма роста профессионального мастерства педагогических работников для "
        "обеспечения повышения качества образования в образовательных учреждениях "
        "муниципального образования «Город Кедровый»",
        # The points approving the appendices are written by the order from its appendices.
        "points": "Руководителям образовательных организаций:\n"
        "- обеспечить исполнение мероприятий программы и дорожной карты на уровне "
        "муниципалитета и образовательных организаций;\n"
        "- обеспечить участие педагогов-наставников в мероприятиях программы муниципального "
        "и регионального уровней;\n"
        "- обеспечить сбор необходимой информации для формирования отчёта об исполнении "
        "дорожной карты по реализации мероприятий программы.",
    },
    "control": "возложить на Зинченко Н.А., методиста отдела образования Администрации г.Кедрового",
    "signer_position": "Руководитель отдела образования",
    "signer_name": "Е.А.Смирнова",
    "place": "г. Кедровый",
    "acquainted_text": "Зинченко Н.А.\nДурникова А.В.\nМакринский А.Н.",
}


def _kedrovy_draft(log) -> None:
    municipality = Municipality.objects.filter(name="Город Кедровый").first()
    methodist = User.objects.filter(username="methodist.kedrovy").first()
    if municipality is None or methodist is None:
        return
    if Document.objects.filter(
        municipality=municipality, organisation__isnull=True, kind=Kind.ROADMAP_ORDER
    ).exists():
        return
    params = {k: v for k, v in KEDROVY.items() if k != "title"}
    services.document_create(
        issuer=municipality,
        kind=Kind.ROADMAP_ORDER,
        date=datetime.date(2021, 11, 10),
        title=KEDROVY["title"],
        params=params,
        acting_user=methodist,
    )
    log("Документы: черновик приказа отдела образования г. Кедрового (образец 003).")


def _pair_ids(organisation) -> list[int]:
    from pairs.models import Pair

    return list(
        Pair.objects.filter(organisation=organisation, status=Pair.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    )
