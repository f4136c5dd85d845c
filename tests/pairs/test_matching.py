"""The matching score and the whole-cohort assignment, as pure functions."""

from itertools import permutations

import pytest

from pairs.matching import (
    BEST_TOTAL,
    EVERYONE,
    Candidate,
    Mentee,
    Weights,
    assign_cohort,
    best_network,
    rank,
    score,
)

MATHS, PHYSICS, CHEMISTRY = 1, 2, 3
EMOTIONS, CONFLICTS = 10, 11


def mentor(id, org=1, muni=1, **kw):
    return Candidate(id=id, name=f"Наставник {id}", organisation_id=org, municipality_id=muni, **kw)


def mentee(id, org=1, muni=1, **kw):
    return Mentee(id=id, name=f"Молодой {id}", organisation_id=org, municipality_id=muni, **kw)


def test_the_score_explains_itself_part_by_part():
    young = mentee(100, subjects=frozenset({MATHS, PHYSICS}), needs=frozenset({EMOTIONS}))
    senior = mentor(
        1,
        subjects=frozenset({MATHS}),
        areas=frozenset({EMOTIONS}),
        category="highest",
        career_years=30,
        capacity=2,
        load=1,
    )
    s = score(young, senior, Weights())
    assert s.parts == {"subject": 20.0, "needs": 30.0, "experience": 20.0, "capacity": 5.0}
    assert s.total == 75.0
    assert ("совпадение предметов", 20.0) in s.explained


def test_ranking_is_by_score_and_the_best_network_mentors_have_their_own_section():
    young = mentee(100, subjects=frozenset({MATHS}), needs=frozenset({CONFLICTS}))
    best = mentor(1, subjects=frozenset({MATHS}), areas=frozenset({CONFLICTS}), category="first")
    weaker = mentor(2, subjects=frozenset({MATHS}), career_years=5)
    other_subject = mentor(3, subjects=frozenset({CHEMISTRY}), category="highest")
    network = mentor(
        4,
        org=2,
        subjects=frozenset({MATHS}),
        areas=frozenset({CONFLICTS}),
        category="highest",
        career_years=25,
    )
    ranked = rank(young, [other_subject, network, weaker, best], Weights())
    # The network mentor scores highest and comes first; a large school cannot push it out.
    assert [s.candidate.id for s in ranked] == [4, 1, 2, 3]
    assert [s.candidate.id for s in best_network(ranked)] == [4]
    crowd = [mentor(10 + i, subjects=frozenset({MATHS}), category="highest") for i in range(40)]
    modest = mentor(5, org=2, subjects=frozenset({MATHS}))
    ranked = rank(young, [*crowd, modest], Weights())
    assert modest.id not in [s.candidate.id for s in ranked[:20]]
    assert [s.candidate.id for s in best_network(ranked)] == [5]


def test_coverage_of_difficulties_says_no_data_where_nothing_is_known():
    young = mentee(100, subjects=frozenset({MATHS}), needs=frozenset({CONFLICTS}))
    unknown = score(young, mentor(1, subjects=frozenset({MATHS})), Weights())
    assert unknown.parts["needs"] is None
    assert ("покрытие затруднений", "нет данных") in unknown.explained
    known_none = score(young, mentor(2, subjects=frozenset({MATHS}), areas=frozenset()), Weights())
    assert ("покрытие затруднений", 0.0) in known_none.explained
    no_needs = score(
        mentee(101, subjects=frozenset({MATHS})), mentor(3, areas=frozenset({1})), Weights()
    )
    assert no_needs.parts["needs"] is None
    assert unknown.total == 40 + 10  # subject and capacity; nothing invented for the unknown


def test_hard_limits_exclude_self_full_mentors_and_other_municipalities():
    young = mentee(100, subjects=frozenset({MATHS}))
    candidates = [
        mentor(100, subjects=frozenset({MATHS})),  # the mentee themselves
        mentor(1, subjects=frozenset({MATHS}), capacity=2, load=2),  # no free place
        mentor(2, muni=9, subjects=frozenset({MATHS})),  # another municipality
        mentor(4, subjects=frozenset({MATHS}), is_curator=True),  # the curator of mentoring
        mentor(5),  # teaches no subject, and the mentee needs one
        mentor(3, subjects=frozenset({CHEMISTRY})),
    ]
    assert [s.candidate.id for s in rank(young, candidates, Weights())] == [3]
    # A psychologist's adaptation needs no subject: staff without subjects may mentor.
    psychologist = mentee(101)
    assert {s.candidate.id for s in rank(psychologist, candidates, Weights())} == {3, 5, 100}


def greedy(mentees, candidates, weights):
    """What a loop would do: each mentee in turn takes the best mentor still free."""
    free = {c.id: c.free for c in candidates}
    total = 0.0
    for m in mentees:
        options = [s for s in rank(m, candidates, weights) if free[s.candidate.id] > 0]
        options.sort(key=lambda s: -s.total)
        if options:
            free[options[0].candidate.id] -= 1
            total += options[0].total
    return total


def test_the_cohort_assignment_beats_greedy_where_greedy_is_suboptimal():
    weights = Weights(subject=100, needs=0, experience=0, capacity=0)
    # Anna teaches maths and physics, Boris only maths. The physics specialist fits Anna
    # half as well as the all-rounder, but fits Boris not at all: greedy gives Anna the
    # all-rounder and leaves Boris with nobody useful.
    anna = mentee(100, subjects=frozenset({MATHS, PHYSICS}))
    boris = mentee(101, subjects=frozenset({MATHS}))
    all_rounder = mentor(1, subjects=frozenset({MATHS, PHYSICS}), capacity=1)
    physicist = mentor(2, subjects=frozenset({PHYSICS}), capacity=1)
    mentees, candidates = [anna, boris], [all_rounder, physicist]

    result = assign_cohort(mentees, candidates, weights)
    optimal = sum(s.total for s in result.values())
    assert {k: v.candidate.id for k, v in result.items()} == {100: 2, 101: 1}
    assert optimal == 150.0
    assert greedy(mentees, candidates, weights) == 100.0
    # and no other assignment does better
    best_brute = max(
        score(anna, a, weights).total + score(boris, b, weights).total
        for a, b in permutations(candidates, 2)
    )
    assert optimal == best_brute


def test_capacity_slots_let_one_mentor_take_several_mentees():
    weights = Weights()
    young = [mentee(100 + i, subjects=frozenset({MATHS})) for i in range(3)]
    result = assign_cohort(young, [mentor(1, subjects=frozenset({MATHS}), capacity=3)], weights)
    assert set(result) == {100, 101, 102}


def test_everyone_mode_matches_a_mentee_that_best_total_would_leave_alone():
    weights = Weights(subject=100, needs=0, experience=0, capacity=0)
    poor_fit = mentee(100, subjects=frozenset({CHEMISTRY}))
    only_mentor = mentor(1, subjects=frozenset({MATHS}), capacity=1)
    assert assign_cohort([poor_fit], [only_mentor], weights, mode=BEST_TOTAL) == {}
    result = assign_cohort([poor_fit], [only_mentor], weights, mode=EVERYONE)
    assert result[100].candidate.id == 1


def test_everyone_mode_prefers_two_matches_over_one_better_one():
    weights = Weights(subject=100, needs=0, experience=0, capacity=0)
    a = mentee(100, subjects=frozenset({MATHS}))
    b = mentee(101, subjects=frozenset({CHEMISTRY}))
    x = mentor(1, subjects=frozenset({MATHS}), capacity=1)
    y = mentor(2, muni=1, subjects=frozenset({PHYSICS}), capacity=1)
    result = assign_cohort([a, b], [x, y], weights, mode=EVERYONE)
    assert set(result) == {100, 101}


@pytest.mark.django_db
def test_a_mentees_diagnosed_difficulties_count_as_needs(cast):
    from orgs.models import DeficitArea
    from pairs.selectors import as_mentee
    from tests.monitoring.diagnostics.factories import answer, launch

    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    answer(campaign.invitations.get(), default=1)  # every area answered 1 of 5: difficulties
    needs = as_mentee(cast.teacher_a).needs
    assert DeficitArea.objects.get(code="self_regulation").pk in needs
    assert DeficitArea.objects.get(code="conflicts").pk in needs


@pytest.mark.django_db
def test_a_teachers_strengths_come_from_their_own_diagnostics(cast):
    from orgs.models import DeficitArea, Subject
    from pairs.selectors import matching_candidates
    from tests.monitoring.diagnostics.factories import answer, launch

    cast.teacher_a.subjects.add(Subject.objects.get_or_create(name="Математика")[0])
    before = {c.id: c for c in matching_candidates(cast.school_a)}
    assert before[cast.teacher_a.pk].areas is None  # nothing known yet
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    answer(campaign.invitations.get(), default=5)  # no difficulty anywhere
    areas = {c.id: c for c in matching_candidates(cast.school_a)}[cast.teacher_a.pk].areas
    assert DeficitArea.objects.get(code="conflicts").pk in areas


@pytest.mark.django_db
def test_the_curator_of_mentoring_is_not_a_candidate(cast):
    from pairs.selectors import matching_candidates
    from tests.factories import StaffMemberFactory

    curator_staff = StaffMemberFactory(organisation=cast.school_a, last_name="Кураторова")
    cast.curator_a.staff_member = curator_staff
    cast.curator_a.save(update_fields=["staff_member"])
    candidates = {c.id: c for c in matching_candidates(cast.school_a)}
    assert candidates[curator_staff.pk].is_curator
    assert not candidates[cast.teacher_a.pk].is_curator
