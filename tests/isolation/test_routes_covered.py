"""Every route with an object id is tried by the outsiders (``test_outsiders``), or named
here with the reason it holds no tenant's object."""

from __future__ import annotations

from tests.isolation.urlwalk import routes_with_ids
from tests.isolation.victims import VICTIMS

# Routes whose ids are not tenant objects: each with the reason.
NOT_TENANT_ROUTES = {
    "password_reset_confirm": "a signed token for the account in the link itself",
    "api:api-root": "no id",
    "documents:verify": "public check of a certificate by its unguessable code (by design)",
    "pairs:calendar": "a private calendar feed: the unguessable, revocable token is the key",
    **{
        f"public:{name}": "public page: shows only published rows (tests/documents/publication)"
        for name in (
            "document_file",
            "normative_file",
            "news_photo",
            "municipality",
            "municipality_feed",
            "practice",
            "organisation",
            "organisation_feed",
            "municipality_atom",
            "organisation_atom",
            "practice_file",
        )
    },
}


def test_every_route_with_an_id_is_covered():
    uncovered = routes_with_ids() - set(VICTIMS) - set(NOT_TENANT_ROUTES)
    assert not uncovered, (
        f"Add these routes to their app's module in tests/isolation/victims/: {sorted(uncovered)}"
    )
