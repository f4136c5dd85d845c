"""Reading rendered pages in tests with the standard library's parser: elements by
attribute, and the ids that occur more than once."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str, tag: str | None = None, **attrs) -> list[dict]:
    """Attributes of each element of ``tag`` (any when None) whose attributes include
    ``attrs`` (``class_`` for class)."""
    parser = _Elements()
    parser.feed(html)
    wanted = {name.rstrip("_"): value for name, value in attrs.items()}
    return [
        {"tag": name, **found}
        for name, found in parser.elements
        if (tag is None or name == tag) and all(found.get(k) == v for k, v in wanted.items())
    ]


def options(html: str, name: str) -> list[dict]:
    """The options of the select named ``name``, in order, each with ``value``, ``selected``."""
    parser = _Options(name)
    parser.feed(html)
    return parser.options


def duplicate_ids(html: str) -> list[str]:
    counts = Counter(e["id"] for e in elements(html) if e.get("id"))
    return sorted(i for i, n in counts.items() if n > 1)


class _Options(HTMLParser):
    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name, self.inside, self.options = name, False, []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "select":
            self.inside = found.get("name") == self.name
        elif tag == "option" and self.inside:
            self.options.append(
                {"value": found.get("value") or "", "selected": "selected" in found}
            )

    def handle_endtag(self, tag):
        if tag == "select":
            self.inside = False
