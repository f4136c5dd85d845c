"""API read routes for ``tests/test_isolation`` (reached through ``isolation_contest``): an
object of school A (or of its municipality or region) and text that must never reach an
outsider."""

from __future__ import annotations


def _campaign(c):
    """A difficulties campaign of school A (once per test)."""
    from tests.monitoring.diagnostics.conftest import restore_catalogue
    from tests.monitoring.diagnostics.factories import launch

    if not hasattr(c, "_api_campaign"):
        restore_catalogue()
        c._api_campaign = launch(
            user=c.curator_a,
            organisation=c.school_a,
            staff=[c.teacher_a],
            title="Диагностика для ИС Онгудайской школы",
        )
    return c._api_campaign


def victims(Victim, school_a) -> dict:  # noqa: N803
    def campaign(c):
        return {"pk": _campaign(c).pk}

    def campaign_title(c):
        return "Диагностика для ИС"

    return {
        "api:diagnostic-campaign-detail": Victim(campaign, school_a, campaign_title),
        "api:diagnostic-campaign-difficulties": Victim(campaign, school_a, campaign_title),
        "api:diagnostic-campaign-satisfaction": Victim(campaign, school_a, campaign_title),
        "api:dashboard-region": Victim(
            lambda c: {"pk": c.region1.pk}, lambda c: c.region1, lambda c: "Онгудайский район"
        ),
    }
