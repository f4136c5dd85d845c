"""Tree-wide checks that keep the tenancy rules honest, the way a linter would.

- Reads leave the tenant scope (``scopes_disabled``) only where no user's request runs:
  Celery tasks, management commands (and the demo and load tooling they run), the tenancy
  layer itself, and the one module of public reads (``documents/publication/access.py``).
- Views, forms, filters, selectors and the API never fetch a row with ``.objects.get(``:
  they go through an access helper that answers 404 for "missing" and "not yours" alike.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("orgs", "pairs", "monitoring", "documents", "mentorship")

SCOPE_EXITS_ALLOWED = (
    "*/tasks.py",
    "*/management/commands/*.py",
    "*/demo.py",
    "*/demo/*.py",
    "mentorship/devtools/scale.py",
    "mentorship/devtools/loadtools.py",
    "orgs/tenancy.py",
    "documents/publication/access.py",
)
# Cross-tenant reads still waiting for a narrower door. A read that reaches a named place
# beyond the viewer's own (a network mentor's school, the person's own pairs) widens the
# scope to that place (``orgs.tenancy.widened_scope``) instead. Left: the personal doors,
# where a person's own id (not a place) decides what they see: their memberships, their
# pairs, their questionnaires; and the calendar feed. Each entry may only go down: the test
# fails when a count grows, and when a count is higher than the code's (so a fixed file
# leaves this list).
SCOPE_EXITS_PENDING = {
    "orgs/access.py": 1,
    "pairs/calendar.py": 1,
    "pairs/access.py": 1,
    "monitoring/diagnostics/access.py": 2,
}
NO_DIRECT_GET = ("views.py", "*_views.py", "forms.py", "filters.py", "selectors.py", "api/*.py")


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative, ast.parse(path.read_text(), filename=str(relative))


def _called(tree, name: str) -> int:
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    )


def _matches(path: Path, patterns) -> bool:
    return any(path.match(pattern) for pattern in patterns)


def test_reads_leave_the_tenant_scope_only_where_no_request_runs():
    found = Counter()
    for path, tree in _sources():
        if not _matches(path, SCOPE_EXITS_ALLOWED) and (calls := _called(tree, "scopes_disabled")):
            found[path.as_posix()] = calls
    grown = {p: n for p, n in found.items() if n > SCOPE_EXITS_PENDING.get(p, 0)}
    assert grown == {}, "scopes_disabled() in request code: read through the scope instead"
    shrunk = {p: n for p, n in SCOPE_EXITS_PENDING.items() if found.get(p, 0) < n}
    assert shrunk == {}, "fewer scope exits than listed: lower SCOPE_EXITS_PENDING"


def test_request_code_reads_rows_through_access_helpers():
    direct = [
        f"{path}:{node.lineno}"
        for path, tree in _sources()
        if _matches(path, NO_DIRECT_GET)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "get"
        and getattr(node.func.value, "attr", None) == "objects"
    ]
    assert direct == []
