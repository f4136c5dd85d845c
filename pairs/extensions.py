"""What the apps above pairs add to its pages. They register a reader here when they start,
so that pairs shows their rows without importing them: the methodical sessions a plan's
mentee or a mentor attends and what diagnostics found (monitoring), the bank's practices a
plan uses (documents)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

# reader(staff_ids, *, start, end) -> rows with ``date`` and ``session_id``, read in the
# caller's scope.
_session_readers: list[Callable] = []
# reader(staff_ids) -> (organisation, municipality, region) keys of the places whose rows
# those sessions are: whatever changes there may change the sessions.
_session_place_readers: list[Callable] = []


def register_sessions(reader: Callable) -> None:
    if reader not in _session_readers:
        _session_readers.append(reader)


def register_session_places(reader: Callable) -> None:
    if reader not in _session_place_readers:
        _session_place_readers.append(reader)


def session_places_of(staff_ids: Iterable[int]) -> set[tuple[int | None, int | None, int]]:
    """The places (organisation, municipality, region keys) of these people's sessions."""
    staff_ids = list(staff_ids)
    return {place for reader in _session_place_readers for place in reader(staff_ids)}


def sessions_of(
    staff_ids: Iterable[int],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list:
    """Sessions of methodical series these people take part in, dated within [start, end]."""
    staff_ids = list(staff_ids)
    rows = []
    for reader in _session_readers:
        rows.extend(reader(staff_ids, start=start, end=end))
    return sorted(rows, key=lambda row: (row.date, row.session_id, row.person_id))


# needs(person) -> ids of the deficit areas diagnostics found the person has difficulty in;
# strengths(staff_ids) -> {staff id: ids of areas found without difficulty}.
_needs_readers: list[Callable] = []
_strengths_readers: list[Callable] = []


def register_diagnoses(*, needs: Callable, strengths: Callable) -> None:
    if needs not in _needs_readers:
        _needs_readers.append(needs)
    if strengths not in _strengths_readers:
        _strengths_readers.append(strengths)


def diagnosed_needs(person) -> frozenset[int]:
    """Deficit areas the person's diagnostics found, for matching a mentee."""
    return frozenset().union(*(reader(person) for reader in _needs_readers))


def diagnosed_strengths(staff_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """Per person, the areas diagnostics found no difficulty in (people never diagnosed are
    absent), for matching a mentor."""
    staff_ids = list(staff_ids)
    found: dict[int, frozenset[int]] = {}
    for reader in _strengths_readers:
        for pk, areas in reader(staff_ids).items():
            found[pk] = found.get(pk, frozenset()) | areas
    return found


# reader(plan) -> the bank's practices the plan's activities use, as rows for the plan page.
_material_readers: list[Callable] = []


def register_plan_materials(reader: Callable) -> None:
    if reader not in _material_readers:
        _material_readers.append(reader)


def materials_of(plan) -> list[dict]:
    return [row for reader in _material_readers for row in reader(plan)]
