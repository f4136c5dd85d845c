"""Routes of the publisher's pages and the bank of practices."""

from __future__ import annotations

from tests.isolation.objects import Victim, school_a, school_name


def _practice(c):
    from documents.publication.models import Practice

    if not hasattr(c, "_practice"):
        c._practice = Practice.objects.create(
            organisation=c.school_a,
            title="Практика школы А «Тайный круг»",
            form="teacher_teacher",
            format="group",
            description="Описание",
        )
    return c._practice


def _region_normative(c):
    """A normative document of region R1, shown on its municipalities' pages."""
    from documents.publication.models import NormativeDocument

    return NormativeDocument.objects.create(
        region=c.region1,
        level="regional",
        title="Тайное распоряжение региона",
        url="https://example.ru/act",
    )


VICTIMS: dict[str, Victim] = {
    "publication:organisation": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, lambda c: "Тайный круг"
    ),
    "publication:practice_create": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.teacher_a.last_name
    ),
    "publication:practice": Victim(
        lambda c: {"pk": _practice(c).pk}, school_a, lambda c: "Тайный круг"
    ),
    "publication:practice_decide": Victim(
        lambda c: {"pk": _practice(c).pk}, school_a, lambda c: "Тайный круг"
    ),
    "publication:municipality": Victim(
        lambda c: {"pk": (_practice(c), c.m1)[1].pk}, lambda c: c.m1, lambda c: "Тайный круг"
    ),
    "publication:bank": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, school_name),
    "publication:practice_file": Victim(
        lambda c: {"pk": _practice(c).pk}, school_a, lambda c: "Тайный круг"
    ),
    "publication:region": Victim(
        lambda c: {"pk": _region_normative(c).region_id},
        lambda c: c.region1,
        lambda c: "Тайное распоряжение",
    ),
}
