"""Mentor matching: a transparent score and an optimal whole-cohort assignment.

Pure functions over plain dataclasses, so the rules are readable and tested without a
database; ``pairs.selectors`` builds the inputs and the views show every part of a score.

The score of a candidate mentor for a mentee is the sum of four parts, each a weight (the
municipality may change them, ``MatchingWeights``) times a share between 0 and 1:

- ``subject``: share of the mentee's subjects the mentor teaches or offers;
- ``needs``: share of the mentee's needs (deficit areas) the mentor can help with: the
  mentee's needs stated by the curator and found by the latest diagnostics
  (``pairs.selectors.as_mentee``); the mentor's areas declared in the mentor base and those
  their own latest diagnostics found no difficulty in. Where either side is unknown the
  part is «нет данных» (None), not a zero;
- ``experience``: half from the qualification category (высшая 1, первая 2/3, соответствие
  1/3, без категории 0), half from career years (capped at 20);
- ``capacity``: share of the mentor's places still free.

Hard limits (never scored, simply excluded): the mentor is not the mentee, has a free place,
works in the same municipality, is not the organisation's curator of mentoring, and teaches
a subject unless the mentee has none (e.g. a psychologist's adaptation needs no subject).
Line managers are not recorded on the portal, so the rule
"nobody mentors their own line manager" cannot be checked here; the curator reviews every
proposal before it becomes a pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

CATEGORY_SHARE = {"highest": 1.0, "first": 2 / 3, "conformity": 1 / 3, "none": 0.0}
CAREER_CAP_YEARS = 20
PART_TITLES = {
    "subject": "совпадение предметов",
    "needs": "покрытие затруднений",
    "experience": "категория и стаж",
    "capacity": "свободные места",
}

BEST_TOTAL = "best_total"
EVERYONE = "everyone"
# In "best total score" mode a proposal weaker than this is not worth making: the mentee is
# left for the curator to decide rather than given a poor match.
MIN_USEFUL_SCORE = 20.0


@dataclass(frozen=True)
class Weights:
    subject: int = 40
    needs: int = 30
    experience: int = 20
    capacity: int = 10


@dataclass(frozen=True)
class Mentee:
    id: int
    name: str
    organisation_id: int
    municipality_id: int
    subjects: frozenset = frozenset()
    needs: frozenset = frozenset()


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    organisation_id: int
    municipality_id: int
    subjects: frozenset = frozenset()
    # None: nothing is known of what the person could help with (no base entry, no
    # diagnostics), which is not the same as "helps with nothing".
    areas: frozenset | None = None
    category: str = "none"
    career_years: int | None = None
    capacity: int = 2
    load: int = 0
    is_curator: bool = False

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0)


NO_DATA = "нет данных"


@dataclass
class Suggestion:
    candidate: Candidate
    # A part is None where nothing is known to score it (shown «нет данных», counted 0).
    parts: dict[str, float | None] = field(default_factory=dict)
    same_organisation: bool = False

    @property
    def total(self) -> float:
        return round(sum(p for p in self.parts.values() if p is not None), 1)

    @property
    def explained(self) -> list[tuple[str, float | str]]:
        return [
            (PART_TITLES[name], NO_DATA if points is None else round(points, 1))
            for name, points in self.parts.items()
        ]


def _share(wanted: frozenset, offered: frozenset) -> float:
    return len(wanted & offered) / len(wanted) if wanted else 0.0


def allowed(mentee: Mentee, candidate: Candidate) -> bool:
    """The hard limits: never the mentee, a free place, the same municipality, never the
    curator of mentoring, and a subject of one's own when the mentee has subjects."""
    return (
        candidate.id != mentee.id
        and candidate.free > 0
        and candidate.municipality_id == mentee.municipality_id
        and not candidate.is_curator
        and (bool(candidate.subjects) or not mentee.subjects)
    )


def score(mentee: Mentee, candidate: Candidate, weights: Weights) -> Suggestion:
    career = min(candidate.career_years or 0, CAREER_CAP_YEARS) / CAREER_CAP_YEARS
    experience = 0.5 * CATEGORY_SHARE.get(candidate.category, 0.0) + 0.5 * career
    capacity = candidate.free / candidate.capacity if candidate.capacity else 0.0
    return Suggestion(
        candidate=candidate,
        parts={
            "subject": weights.subject * _share(mentee.subjects, candidate.subjects),
            "needs": None
            if candidate.areas is None or not mentee.needs
            else weights.needs * _share(mentee.needs, candidate.areas),
            "experience": weights.experience * experience,
            "capacity": weights.capacity * capacity,
        },
        same_organisation=candidate.organisation_id == mentee.organisation_id,
    )


def rank(mentee: Mentee, candidates: list[Candidate], weights: Weights) -> list[Suggestion]:
    """Allowed candidates by score, best first (ties: own organisation, then by name)."""
    suggestions = [score(mentee, c, weights) for c in candidates if allowed(mentee, c)]
    return sorted(suggestions, key=lambda s: (-s.total, not s.same_organisation, s.candidate.name))


def best_network(suggestions: list[Suggestion], count: int = 5) -> list[Suggestion]:
    """The best mentors from other organisations in a ranked list: shown in their own
    section, so a large school's own staff never hide them."""
    return [s for s in suggestions if not s.same_organisation][:count]


def assign_cohort(
    mentees: list[Mentee],
    candidates: list[Candidate],
    weights: Weights,
    *,
    mode: str = BEST_TOTAL,
) -> dict[int, Suggestion]:
    """The assignment of mentees to mentors with the largest total score.

    Each mentor contributes as many columns ("slots") as free places, so capacity is a hard
    limit; each mentee also gets a private "nobody" column worth 0. ``EVERYONE`` adds a bonus
    larger than any possible total to every real match, so the number of matched mentees is
    maximised first and the score second. Solved exactly by the Hungarian method
    (``scipy.optimize.linear_sum_assignment``), not greedily."""
    slots = [c for c in candidates for _ in range(c.free)]
    if not mentees or not slots:
        return {}
    forbidden = -1e9
    bonus = (sum(vars(weights).values()) + 1) * len(mentees) if mode == EVERYONE else 0.0
    values = np.full((len(mentees), len(slots) + len(mentees)), forbidden)
    suggestions: dict[tuple[int, int], Suggestion] = {}
    for row, mentee in enumerate(mentees):
        values[row, len(slots) + row] = 0.0
        for column, candidate in enumerate(slots):
            if not allowed(mentee, candidate):
                continue
            suggestion = suggestions.setdefault(
                (mentee.id, candidate.id), score(mentee, candidate, weights)
            )
            if mode == BEST_TOTAL and suggestion.total < MIN_USEFUL_SCORE:
                continue
            values[row, column] = suggestion.total + bonus
    rows, columns = linear_sum_assignment(values, maximize=True)
    return {
        mentees[row].id: suggestions[(mentees[row].id, slots[column].id)]
        for row, column in zip(rows, columns, strict=True)
        if column < len(slots) and values[row, column] > forbidden
    }
