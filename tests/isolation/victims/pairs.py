"""Routes of programmes, pairs, plans, their activities and the log."""

from __future__ import annotations

from tests.isolation.objects import (
    Victim,
    activity,
    mentee_name,
    org_kwargs,
    pair,
    plan,
    school_a,
    school_name,
)

VICTIMS: dict[str, Victim] = {
    "pairs:list": Victim(org_kwargs, school_a, school_name),
    "pairs:create": Victim(org_kwargs, school_a, school_name),
    "pairs:staff_search": Victim(org_kwargs, school_a, school_name),
    "pairs:programmes": Victim(org_kwargs, school_a, school_name),
    "pairs:programme_create": Victim(org_kwargs, school_a, school_name),
    "pairs:log": Victim(org_kwargs, school_a, school_name),
    "pairs:cohort": Victim(org_kwargs, school_a, lambda c: c.teacher_a.last_name),
    "pairs:suggest": Victim(
        lambda c: {"pk": c.teacher_a.pk}, school_a, lambda c: c.teacher_a.last_name
    ),
    "pairs:programme_edit": Victim(
        lambda c: {"pk": pair(c).programme_id}, school_a, lambda c: pair(c).programme.title
    ),
    "pairs:programme_close": Victim(
        lambda c: {"pk": pair(c).programme_id}, school_a, lambda c: pair(c).programme.title
    ),
    **{
        name: Victim(lambda c: {"pk": pair(c).pk}, school_a, mentee_name)
        for name in (
            "pairs:detail",
            "pairs:edit",
            "pairs:status",
            "pairs:extend",
            "pairs:consent_record",
            "pairs:consent_scan",
        )
    },
    **{
        name: Victim(lambda c: {"pair_pk": pair(c).pk}, school_a, mentee_name)
        for name in ("pairs:plan_create", "pairs:log_add")
    },
    **{
        name: Victim(lambda c: {"pk": plan(c).pk}, school_a, mentee_name)
        for name in (
            "pairs:plan",
            "pairs:plan_print",
            "pairs:plan_edit",
            "pairs:activity_add",
            "pairs:plan_reorder",
            "pairs:plan_shift",
            "pairs:plan_save_template",
        )
    },
    **{
        name: Victim(lambda c: {"pk": activity(c).pk}, school_a, lambda c: activity(c).title)
        for name in (
            "pairs:activity_edit",
            "pairs:activity_row",
            "pairs:activity_done",
            "pairs:activity_delete",
            "pairs:activity_move",
        )
    },
}
