"""The apps depend one way: orgs ← pairs ← monitoring ← documents ← the API. A lower app
never imports a higher one, at module level or inside a function (a lazy import is still a
dependency). ``mentorship`` outside ``mentorship.api`` and ``mentorship.devtools`` is
infrastructure (settings, the page cache, Celery) that every app may use; the URLconf,
settings and Celery app compose the rest. The development tooling (``mentorship.devtools``)
stands above everything and may read any app; nothing else imports it, so the product runs
without it installed.

A lower app's page that shows a higher app's rows (a school's workspace its pairs, a staff
card the person's events) asks its own ``extensions`` module, which the higher app fills when
it starts (``orgs/extensions.py``, ``pairs/extensions.py``)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"orgs": 0, "pairs": 1, "monitoring": 2, "documents": 3, "mentorship.api": 4}
DEVTOOLS = ("mentorship", "devtools")
COMPOSITION_ROOTS = {"mentorship/urls.py", "mentorship/settings.py", "mentorship/celery.py"}


def _layer(module: str) -> int | None:
    for name, layer in sorted(LAYERS.items(), key=lambda item: -len(item[0])):
        if module == name or module.startswith(name + "."):
            return layer
    return None


def _imports(path: Path, root: Path = ROOT):
    """Every module a file imports, relative imports resolved against its package."""
    package = list(path.relative_to(root).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            yield module
            if not node.module:  # from . import x: each name is a module of the package
                yield from (f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _product_sources():
    for top in ("orgs", "pairs", "monitoring", "documents", "mentorship"):
        for path in (ROOT / top).rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts and relative.parts[:2] != DEVTOOLS:
                yield path, relative


def _upward_imports() -> Counter:
    found = Counter()
    for path, relative in _product_sources():
        if relative.as_posix() in COMPOSITION_ROOTS:
            continue
        own = _layer(".".join(relative.with_suffix("").parts))
        if own is None:
            continue
        for module in _imports(path):
            if (layer := _layer(module)) is not None and layer > own:
                found[relative.as_posix()] += 1
    return found


def test_no_app_imports_an_app_above_it():
    found = _upward_imports()
    assert found == {}, "an import against the direction orgs ← pairs ← monitoring ← documents"


def test_no_product_module_imports_the_development_tooling():
    """Production runs without ``mentorship.devtools`` installed (settings.DEVTOOLS), so an
    import of it from the product, the URLconf and settings included, would fail there."""
    found = sorted(
        f"{relative.as_posix()}: {module}"
        for path, relative in _product_sources()
        for module in _imports(path)
        if module.split(".")[:2] == list(DEVTOOLS)
    )
    assert found == []


def test_the_dependency_scan_sees_an_import_of_the_tooling(tmp_path):
    """The scan resolves every spelling of an import, relative ones included."""
    package = tmp_path / "mentorship"
    package.mkdir()
    (package / "cache.py").write_text(
        "from .devtools import loadtools\nimport mentorship.devtools.scale\n"
        "from . import devtools\n"
    )
    modules = set(_imports(package / "cache.py", tmp_path))
    assert {"mentorship.devtools", "mentorship.devtools.scale"} <= modules
