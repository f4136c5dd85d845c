"""Routes of the school, municipality and region overviews."""

from __future__ import annotations

from tests.isolation.objects import Victim, school_a

VICTIMS: dict[str, Victim] = {
    "monitoring:municipality_overview": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.school_a.short_name
    ),
    "monitoring:municipality_refresh": Victim(
        lambda c: {"pk": c.m1.pk}, lambda c: c.m1, lambda c: c.school_a.short_name
    ),
    "monitoring:region_overview": Victim(
        lambda c: {"pk": c.region1.pk}, lambda c: c.region1, lambda c: "Онгудайский район"
    ),
    "monitoring:school_overview": Victim(
        lambda c: {"pk": c.school_a.pk}, school_a, lambda c: c.school_a.name
    ),
}
