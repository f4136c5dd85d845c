"""Routes of diagnostics: instruments, campaigns, answers, results, profiles, compatibility
and plan suggestions."""

from __future__ import annotations

from tests.isolation.objects import Victim, mentee_name, pair, plan, school_a, school_name

DIAGNOSTICS = "monitoring:diagnostics:"


def _instrument(c):
    """A questionnaire built by municipality M1, with a version and a section."""
    from monitoring.diagnostics.models import Instrument, InstrumentVersion, Section

    if not hasattr(c, "_instrument"):
        c._instrument = Instrument.objects.create(
            title="Анкета Онгудайского района",
            purpose="deficits",
            audience="teacher",
            region=c.region1,
            municipality=c.m1,
        )
        version = InstrumentVersion.objects.create(instrument=c._instrument, number=1)
        c._section = Section.objects.create(version=version, title="Раздел Онгудая")
    return c._instrument


def invitation(c):
    """An invitation of teacher A to a difficulties campaign of school A."""
    from tests.monitoring.diagnostics.factories import launch

    if not hasattr(c, "_invitation"):
        campaign = launch(
            user=c.curator_a,
            organisation=c.school_a,
            staff=[c.teacher_a],
            title="Диагностика Онгудайской школы",
        )
        c._invitation = campaign.invitations.get()
    return c._invitation


def _typical_pk(c):
    from monitoring.diagnostics.models import TypicalActivity
    from orgs.models import DeficitArea

    typical, _ = TypicalActivity.objects.get_or_create(
        area=DeficitArea.objects.order_by("pk").first(), title="Тренинг «Учусь строить отношения»"
    )
    return typical.pk


VICTIMS: dict[str, Victim] = {
    "monitoring:diagnostics": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.school_a.short_name
    ),
    DIAGNOSTICS + "municipality": Victim(lambda c: {"pk": c.m1.pk}, lambda c: c.m1, school_name),
    **{
        DIAGNOSTICS + name: Victim(
            lambda c: {"pk": _instrument(c).pk}, lambda c: c.m1, lambda c: _instrument(c).title
        )
        for name in ("instrument", "section_add", "version_publish", "version_new")
    },
    DIAGNOSTICS + "question_add": Victim(
        lambda c: {"pk": _instrument(c).pk, "section_pk": c._section.pk},
        lambda c: c.m1,
        lambda c: _instrument(c).title,
    ),
    **{
        DIAGNOSTICS + name: Victim(
            lambda c: {"pk": invitation(c).campaign_id},
            school_a,
            lambda c: invitation(c).campaign.title,
        )
        for name in ("campaign", "campaign_close", "results", "compare", "satisfaction")
    },
    DIAGNOSTICS + "municipality_satisfaction": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, school_name
    ),
    DIAGNOSTICS + "version_rule": Victim(
        lambda c: {"pk": _instrument(c).pk}, lambda c: c.m1, lambda c: _instrument(c).title
    ),
    DIAGNOSTICS + "schedule": Victim(lambda c: {"pk": c.school_a.pk}, school_a, school_name),
    DIAGNOSTICS + "school_results": Victim(
        lambda c: {"organisation_pk": c.school_a.pk, "pk": invitation(c).campaign_id},
        school_a,
        lambda c: invitation(c).campaign.title,
    ),
    DIAGNOSTICS + "profile": Victim(
        lambda c: {"pk": c.teacher_a.pk}, school_a, lambda c: c.teacher_a.last_name
    ),
    DIAGNOSTICS + "compatibility": Victim(lambda c: {"pk": c.school_a.pk}, school_a, school_name),
    DIAGNOSTICS + "compatibility_decide": Victim(
        lambda c: {"pk": pair(c).pk}, school_a, mentee_name
    ),
    DIAGNOSTICS + "plan": Victim(lambda c: {"pk": plan(c).pk}, school_a, mentee_name),
    DIAGNOSTICS + "plan_add": Victim(
        lambda c: {"pk": plan(c).pk, "typical_pk": _typical_pk(c)}, school_a, mentee_name
    ),
    DIAGNOSTICS + "answer": Victim(
        lambda c: {"pk": invitation(c).pk}, school_a, lambda c: invitation(c).campaign.title
    ),
    DIAGNOSTICS + "answer_section": Victim(
        lambda c: {"pk": invitation(c).pk, "number": 1},
        school_a,
        lambda c: invitation(c).campaign.title,
    ),
}
