"""What the apps above orgs add to its pages. They register here when they start, so that
orgs shows their rows without importing them: a school's workspace shows its pairs' figures
and a staff card the person's pairs (pairs) and events (monitoring); the staff list filters
by «has a mentor» and «is a mentor», and the municipal mentor base counts each mentor's load,
by the rules of pairs."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Expression

# part(organisation) -> names the workspace template shows, read when the page renders.
_workspace_parts: list[Callable[[object], dict]] = []
# part(person) -> names the staff card template shows.
_staff_card_parts: list[Callable[[object], dict]] = []
# rule(staff_ref) -> a boolean expression over the staff member ``OuterRef(staff_ref)``.
_pair_roles: dict[str, Callable[[str], Expression]] = {}
# load(staff_ref) -> the number of mentees the staff member ``OuterRef(staff_ref)`` mentors.
_mentor_load: list[Callable[[str], Expression]] = []


def register_workspace_part(part: Callable[[object], dict]) -> None:
    if part not in _workspace_parts:
        _workspace_parts.append(part)


def register_staff_card_part(part: Callable[[object], dict]) -> None:
    if part not in _staff_card_parts:
        _staff_card_parts.append(part)


def register_pair_roles(*, mentee: Callable[[str], Expression], mentor: Callable) -> None:
    _pair_roles.update(mentee=mentee, mentor=mentor)


def register_mentor_load(load: Callable[[str], Expression]) -> None:
    _mentor_load[:] = [load]


def workspace_parts(organisation) -> dict:
    return {name: value for part in _workspace_parts for name, value in part(organisation).items()}


def staff_card_parts(person) -> dict:
    return {name: value for part in _staff_card_parts for name, value in part(person).items()}


def in_pair_as(role: str, staff_ref: str = "pk") -> Expression:
    """«Has a mentor» (``role`` "mentee") or «is a mentor» ("mentor"), as pairs defines it."""
    return _pair_roles[role](staff_ref)


def mentor_load(staff_ref: str = "pk") -> Expression:
    """Mentees the staff member mentors in open pairs, as pairs counts them."""
    (load,) = _mentor_load
    return load(staff_ref)
