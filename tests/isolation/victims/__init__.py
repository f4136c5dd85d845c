"""Every route with an object id of school A (or of its municipality or region), by app: the
URL kwargs of the object, its place in the tree, and text of it that must never reach an
outsider. A route added to an app gets its entry in that app's module."""

from __future__ import annotations

from tests.isolation.objects import Victim
from tests.isolation.victims import (
    api,
    contest,
    diagnostics,
    documents,
    effectiveness,
    orgs,
    overviews,
    pairs,
    publication,
)

VICTIMS: dict[str, Victim] = {}
for _app in (
    orgs,
    pairs,
    overviews,
    diagnostics,
    effectiveness,
    documents,
    publication,
    contest,
    api,
):
    _twice = VICTIMS.keys() & _app.VICTIMS.keys()
    assert not _twice, f"listed in two apps' victims: {sorted(_twice)}"
    VICTIMS.update(_app.VICTIMS)
