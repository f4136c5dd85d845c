"""The portal's URLconf as a list, for tests generated over every URL pattern."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    route: str  # the full pattern, prefixes included ("orgs/staff/<int:pk>/")
    name: str  # "namespace:name", for reverse()
    pattern: URLPattern

    @property
    def view(self):
        return self.pattern.callback

    @property
    def parts(self) -> list[str]:
        """The names of the path parts (``pk``, ``org_pk``, ``token``...), prefixes included;
        DRF's format suffix is left out."""
        names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", self.route)
        names = [converter or regex for converter, regex in names]
        return [n for n in dict.fromkeys(names) if n != "format"]

    def __str__(self) -> str:
        return self.route


def routes() -> list[Route]:
    """Every URL pattern of the portal, prefixes included, in URLconf order."""
    found = []

    def walk(resolver, prefix: str, namespace: str | None):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                found.append(Route(prefix + str(entry.pattern), name or "", entry))

    walk(get_resolver(), "", None)
    return found


def kind_of(route: str, part: str) -> str:
    """What a path part names, read from the literal segment before it: in
    ``orgs/municipalities/<int:pk>/history/`` the ``pk`` is a municipality's."""
    segments = route.split("/")
    for i, segment in enumerate(segments):
        if f"<int:{part}>" in segment or f"(?P<{part}>" in segment or f":{part}>" in segment:
            return segments[i - 1].lstrip("^") if i else ""
    return ""


def cast_users(cast) -> dict[str, object]:
    """The cast's accounts by their field names (curator_a, methodist_m1, admin, ...)."""
    user = get_user_model()
    return {name: value for name, value in vars(cast).items() if isinstance(value, user)}
