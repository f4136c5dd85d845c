"""Routes of the organisation tree and its people: the workspace, staff, imports, roles, the
mentor base and the requisites."""

from __future__ import annotations

from tests.isolation.objects import Victim, school_a, school_name


def _import_job(c):
    """An import job of school A (created once per test)."""
    from orgs.models import ImportJob

    if not hasattr(c, "_import_job"):
        c._import_job = ImportJob.objects.create(
            organisation=c.school_a,
            owner=c.curator_a,
            filename="Педагоги Онгудай.csv",
            content=b"",
            status=ImportJob.Status.PREVIEW,
            result={"create": [], "update": [], "unchanged": 0, "errors": []},
        )
    return c._import_job


def _base_mentor(c):
    from orgs.services import mentor_profile_save

    mentor_profile_save(person=c.teacher_a, capacity=2)
    return c.teacher_a.last_name


VICTIMS: dict[str, Victim] = {
    "orgs:workspace": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.teacher_a.last_name
    ),
    "orgs:requisites": Victim(lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.school_a.name),
    **{
        "orgs:" + name: Victim(
            lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.teacher_a.last_name
        )
        for name in (
            "staff_list",
            "staff_add",
            "import",
            "import_template",
            "import_export",
            "cohort_moved",
            "history",
        )
    },
    **{
        "orgs:" + name: Victim(
            lambda c: {"pk": c.teacher_a.pk}, school_a, lambda c: c.teacher_a.last_name
        )
        for name in (
            "staff_card",
            "staff_edit",
            "staff_leave",
            "mentor_profile",
            "suggest_moved",
            "personal_data",
            "anonymise",
        )
    },
    **{
        "orgs:" + name: Victim(
            lambda c: {"pk": _import_job(c).pk}, school_a, lambda c: _import_job(c).filename
        )
        for name in ("import_job", "import_confirm")
    },
    "orgs:role_revoke": Victim(
        lambda c: {"pk": c.curator_a.memberships.get().pk},
        school_a,
        lambda c: c.curator_a.get_full_name(),
    ),
    "orgs:mentor_base": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, _base_mentor),
    "orgs:weights": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, school_name),
    "orgs:municipality_requisites": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: "Онгудайский район"
    ),
    "orgs:municipality_history": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.teacher_a.last_name
    ),
}
