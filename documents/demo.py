"""Demo documents of Онгудайская СОШ: a few issued orders with their PDF and DOCX.

Rendering takes a fraction of a second per document, so this step prints them at once
instead of queueing. Documents are found by their register number: a second run changes
nothing."""

from __future__ import annotations

from django.db import transaction

from orgs.demo.seed import REFERENCE_DATE
from orgs.models import Organisation, StaffMember, User

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
    log(f"Документы: изданы {created} демонстрационных приказов Онгудайской СОШ.")


def _pair_ids(organisation) -> list[int]:
    from pairs.models import Pair

    return list(
        Pair.objects.filter(organisation=organisation, status=Pair.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    )
