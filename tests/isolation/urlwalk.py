"""Every named route of the URL configuration, and which take an object id."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

OBJECT_ID = re.compile(r"<(?:int|str|path|slug|uuid):\w+>|\(\?P<\w+>")


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, prefix + str(entry.pattern)


def routes_with_ids() -> set[str]:
    found = set()
    for name, pattern in walk(get_resolver().url_patterns):
        if name is None or name.startswith("admin:") or not OBJECT_ID.search(pattern):
            continue
        if "format" in pattern and name.startswith("api:"):
            continue  # the router's ".json" suffix twins of the same views
        found.add(name)
    return found
