"""The apps depend one way: orgs ← pairs ← monitoring ← documents ← the API. A lower app
never imports a higher one, at module level or inside a function (a lazy import is still a
dependency). ``mentorship`` outside ``mentorship.api`` is infrastructure (settings, the page
cache, Celery) that every app may use; the URLconf, settings and Celery app compose the rest.

Imports that still point upward are listed with their count: the list may only shrink (the
test fails when a count grows, and when the code has fewer than listed)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"orgs": 0, "pairs": 1, "monitoring": 2, "documents": 3, "mentorship.api": 4}
COMPOSITION_ROOTS = {"mentorship/urls.py", "mentorship/settings.py", "mentorship/celery.py"}
UPWARD_PENDING = {
    # The workspace and staff card show pairs and monitoring; a mentor's load counts pairs.
    "orgs/views.py": 3,
    "orgs/selectors.py": 2,
    "orgs/filters.py": 1,
    # Retention of personal data walks every app's people.
    "orgs/personal_data.py": 4,
    # The plan page lists the bank's practices its activities use.
    "pairs/views.py": 1,
    # Matching reads what diagnostics found (needs, strengths), in one function.
    "pairs/selectors.py": 1,
    # The benchmark also times the documents' renderer.
    "monitoring/management/commands/benchmark.py": 2,
}


def _layer(module: str) -> int | None:
    for name, layer in sorted(LAYERS.items(), key=lambda item: -len(item[0])):
        if module == name or module.startswith(name + "."):
            return layer
    return None


def _upward_imports() -> Counter:
    found = Counter()
    for top in ("orgs", "pairs", "monitoring", "documents", "mentorship"):
        for path in (ROOT / top).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts or relative.as_posix() in COMPOSITION_ROOTS:
                continue
            own = _layer(".".join(relative.with_suffix("").parts))
            if own is None:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ImportFrom) and not node.level:
                    modules = [node.module or ""]
                elif isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                else:
                    continue
                for module in modules:
                    if (layer := _layer(module)) is not None and layer > own:
                        found[relative.as_posix()] += 1
    return found


def test_no_app_imports_an_app_above_it():
    found = _upward_imports()
    grown = {p: n for p, n in found.items() if n > UPWARD_PENDING.get(p, 0)}
    assert grown == {}, "an import against the direction orgs ← pairs ← monitoring ← documents"
    shrunk = {p: n for p, n in UPWARD_PENDING.items() if found.get(p, 0) < n}
    assert shrunk == {}, "fewer upward imports than listed: lower UPWARD_PENDING"
