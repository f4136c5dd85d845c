"""Where the figures of an organisation's overview row lead, and which fall short of their
target (from the municipality to the school, then to the pairs or people behind a
number; gaps stand out)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from statistics import fmean

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Column → (URL name taking the organisation's id, query of the list's filter).
LINKS = {
    "teachers": ("orgs:staff_list", ""),
    "young_specialists": ("orgs:staff_list", "?young=on"),
    "young_with_mentor": ("orgs:staff_list", "?young=on&has_mentor=yes"),
    "programmes": ("pairs:programmes", ""),
    "active_pairs": ("pairs:list", "?status=active"),
    "overdue_activities": ("pairs:list", "?overdue=on"),
    "stalled_pairs": ("pairs:list", "?stalled=on"),
    "ending_soon": ("pairs:list", "?ending_soon=on"),
    "diagnostics_coverage": ("monitoring:diagnostics", ""),
    "acts_completeness": ("monitoring:effectiveness:organisation", ""),
    "website_sections": ("monitoring:effectiveness:organisation", ""),
}
# Column → the share below which a place is highlighted (the match rate's 70 % of Kedrovy's
# programme and international practice).
TARGETS = {"match_rate": 70.0}
_SENTINEL = "2147483647"


def organisation_links() -> Callable[[int], dict[str, str]]:
    """The links of any organisation's row, escaped for an attribute. reverse() and escape()
    run once per target for the whole table (they cost more than the rest of a cell): each
    URL is built for a sentinel id, and a row's id takes its place."""
    patterns = {
        column: escape(reverse(name, args=[int(_SENTINEL)]) + query)
        for column, (name, query) in LINKS.items()
    }
    return lambda pk: {c: url.replace(_SENTINEL, str(pk)) for c, url in patterns.items()}


def place_link(name: str) -> Callable[[int], str]:
    """The link of any row's place to its own overview (URL ``name``), reversed once per
    table as ``organisation_links`` does."""
    pattern = reverse(name, args=[int(_SENTINEL)])
    return lambda pk: pattern.replace(_SENTINEL, str(pk))


def figure(value) -> str:
    """Numbers with non-breaking grouping, shares with one decimal, «—» for nothing."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", "\u00a0")


def cells(values: Callable[[str], object], columns: Iterable[str], links=None) -> SafeString:
    """A row's ``<td>`` cells: the figure, a link to the list behind it when there is one
    (``links``: escaped, as ``organisation_links`` gives them), and the mark of a share below
    its target."""
    out = []
    for column in columns:
        value = values(column)
        text = figure(value)  # digits, a comma, spaces or «—»: nothing to escape
        target = TARGETS.get(column)
        if target is not None and value is not None and value < target:
            out.append(f'<td class="num below-target" title="ниже ориентира {target:.0f} %">')
        else:
            out.append('<td class="num">')
        if links and column in links and value:
            out.append(f'<a href="{links[column]}">{text}</a></td>')
        else:
            out.append(f"{text}</td>")
    return mark_safe("".join(out))  # noqa: S308 - built above from escaped parts


def averages(rows, columns: Iterable[str]) -> dict[str, float | None]:
    """The mean over places of each column, where a place has a value."""
    result = {}
    for column in columns:
        present = [getattr(f, column) for f in rows if getattr(f, column) is not None]
        result[column] = round(fmean(present), 1) if present else None
    return result
