"""Routes of documents: the school's and the municipality's packs, a document, its job."""

from __future__ import annotations

from tests.isolation.objects import Victim, activity, document, document_kwargs, school_a

VICTIMS: dict[str, Victim] = {
    "documents:organisation": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.school_a.short_name
    ),
    "documents:pair_consent_request": Victim(
        lambda c: {"pk": activity(c).plan.pair_id},
        school_a,
        lambda c: activity(c).plan.mentee.last_name,
    ),
    "documents:detail": Victim(document_kwargs(), school_a, lambda c: document(c).title),
    "documents:preview": Victim(document_kwargs(), school_a, lambda c: document(c).title),
    "documents:issue": Victim(document_kwargs(), school_a, lambda c: document(c).title),
    "documents:revoke": Victim(document_kwargs(), school_a, lambda c: document(c).title),
    "documents:upload_scan": Victim(document_kwargs(), school_a, lambda c: document(c).title),
    "documents:download": Victim(document_kwargs(fmt="pdf"), school_a, lambda c: document(c).title),
    "documents:job": Victim(
        lambda c: {"pk": (document(c), c._job)[1].pk}, school_a, lambda c: document(c).title
    ),
    "documents:job_retry": Victim(
        lambda c: {"pk": (document(c), c._job)[1].pk}, school_a, lambda c: document(c).title
    ),
    "documents:organisation_create": Victim(
        lambda c: {"pk": c.school_a.pk, "kind": "target_model"},
        school_a,
        lambda c: c.school_a.name,
    ),
    "documents:organisation_wording": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.school_a.name
    ),
    "documents:municipality": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.school_a.short_name
    ),
    "documents:municipality_wording": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.m1.name
    ),
    "documents:municipality_create": Victim(
        lambda c: {"pk": c.m1.pk, "kind": "roadmap_order"}, lambda c: c.m1, lambda c: c.m1.name
    ),
}
