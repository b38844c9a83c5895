from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterbridge.matching import solver
from clusterbridge.matching.reasons import Rule
from clusterbridge.matching.solver import blocking_pairs, prefs_from_ranks, solve

from .brute_force import best_matching, instances, lexicographic_value, naive_blocking_pairs


def assert_valid(result, *, scores, feasible, capacities, locks, max_mentors_per_mentee):
    pairs = [tuple(p) for p in result.pairs.tolist()]
    assert len(set(pairs)) == len(pairs)
    for lock in locks:
        assert tuple(lock) in pairs
    for i, j in pairs:
        assert feasible[i, j] or (i, j) in {tuple(lock) for lock in locks}
    n, m = scores.shape
    assert (np.bincount(result.pairs[:, 0], minlength=n) <= max_mentors_per_mentee).all()
    assert (np.bincount(result.pairs[:, 1], minlength=m) <= capacities).all()
    assert result.total_score == pytest.approx(scores[result.pairs[:, 0], result.pairs[:, 1]].sum())


@settings(max_examples=250, deadline=None)
@given(instance=instances(), method=st.sampled_from(["dense", "sparse"]))
def test_optimal_mode_matches_most_mentees_then_best_total_like_brute_force(instance, method):
    result = solve(**instance, method=method)
    assert_valid(result, **instance)
    expected = best_matching(
        instance["scores"],
        instance["feasible"],
        instance["capacities"],
        instance["locks"],
        instance["max_mentors_per_mentee"],
    )
    matched, total = lexicographic_value(instance["scores"], result.pairs)
    assert matched == expected[0]
    assert total == pytest.approx(expected[1])


@settings(max_examples=200, deadline=None)
@given(instance=instances(locks=False), own_prefs=st.booleans(), seed=st.integers(0, 2**16))
def test_stable_mode_has_no_blocking_pair(instance, own_prefs, seed):
    rng = np.random.default_rng(seed)
    n, m = instance["scores"].shape
    prefs: dict[str, Any] = {}
    if own_prefs:
        prefs = {
            "mentee_prefs": rng.integers(0, 4, (n, m)).astype(float),
            "mentor_prefs": rng.integers(0, 4, (n, m)).astype(float),
        }
    result = solve(**instance, **prefs, mode="stable")
    assert_valid(result, **instance)
    assert result.blocking_pairs == 0
    found = naive_blocking_pairs(
        [tuple(p) for p in result.pairs.tolist()],
        feasible=instance["feasible"],
        capacities=instance["capacities"],
        mentee_prefs=prefs.get("mentee_prefs", instance["scores"]),
        mentor_prefs=prefs.get("mentor_prefs", instance["scores"]),
        quota=instance["max_mentors_per_mentee"],
    )
    assert found == []


@settings(max_examples=150, deadline=None)
@given(instance=instances(locks=False))
def test_blocking_pairs_of_the_optimum_follow_the_textbook_definition(instance):
    result = solve(**instance)
    expected = naive_blocking_pairs(
        [tuple(p) for p in result.pairs.tolist()],
        feasible=instance["feasible"],
        capacities=instance["capacities"],
        mentee_prefs=instance["scores"],
        mentor_prefs=instance["scores"],
        quota=instance["max_mentors_per_mentee"],
    )
    found = blocking_pairs(
        result.pairs,
        feasible=instance["feasible"],
        capacities=instance["capacities"],
        mentee_prefs=instance["scores"],
        mentor_prefs=instance["scores"],
        max_mentors_per_mentee=instance["max_mentors_per_mentee"],
    )
    assert sorted(map(tuple, found.tolist())) == expected
    assert result.blocking_pairs == len(expected)


def sequential_deferred_acceptance(mentee_prefs, mentor_prefs, feasible, capacities):
    """Textbook Gale-Shapley: one free mentee proposes at a time."""
    n, m = feasible.shape
    orders = [
        sorted((j for j in range(m) if feasible[i, j]), key=lambda j: (-mentee_prefs[i, j], j))
        for i in range(n)
    ]
    held: dict[int, list[int]] = {j: [] for j in range(m)}
    next_choice = [0] * n
    free = list(range(n))
    while free:
        i = free.pop()
        if next_choice[i] >= len(orders[i]):
            continue
        j = orders[i][next_choice[i]]
        next_choice[i] += 1
        held[j].append(i)
        held[j].sort(key=lambda a: (-mentor_prefs[a, j], a))
        if len(held[j]) > capacities[j]:
            free.append(held[j].pop())
    return sorted((i, j) for j, mentees in held.items() for i in mentees)


@settings(max_examples=150, deadline=None)
@given(instance=instances(max_n=9, max_m=6, locks=False), seed=st.integers(0, 2**16))
def test_stable_mode_gives_the_mentee_optimal_stable_matching(instance, seed):
    rng = np.random.default_rng(seed)
    n, m = instance["scores"].shape
    mentor_prefs = rng.integers(0, 5, (n, m)).astype(float)
    result = solve(
        instance["scores"],
        feasible=instance["feasible"],
        capacities=instance["capacities"],
        mentor_prefs=mentor_prefs,
        mode="stable",
    )
    expected = sequential_deferred_acceptance(
        instance["scores"], mentor_prefs, instance["feasible"], instance["capacities"]
    )
    assert [tuple(p) for p in result.pairs.tolist()] == expected


def test_stable_mode_handles_mentees_that_exhaust_their_precomputed_choices():
    rng = np.random.default_rng(0)
    # Everyone ranks the mentors alike, so late mentees propose far down their lists.
    scores = np.tile(np.linspace(1, 0, 80), (80, 1)) + rng.random((80, 80)) * 1e-3
    result = solve(scores, mode="stable")
    assert result.blocking_pairs == 0
    assert result.matched_mentees == 80


def test_sparse_certification_finds_pairs_outside_the_top_candidates(monkeypatch):
    rng = np.random.default_rng(1)
    scores = rng.random((60, 50))
    scores[:, :3] += 1  # every mentee's single top candidate is among three mentors
    dense = solve(scores, capacities=rng.integers(1, 3, 50), method="dense")
    monkeypatch.setattr(solver, "_CANDIDATES_PER_MENTEE", 1)
    sparse = solve(scores, capacities=dense.problem.capacities, method="sparse")
    assert sparse.matched_mentees == dense.matched_mentees
    assert sparse.total_score == pytest.approx(dense.total_score)


def test_sparse_certification_settles_despite_rounding_on_tied_decimal_scores():
    # Scores with four decimals, as a spreadsheet gives them, make many ties: equal-cost
    # cycles whose float sums are a few ulps below zero, on which the price iteration used
    # to keep "improving" until it gave up and the dense solver ran after all.
    scores = np.random.default_rng(0).random((400, 400)).round(4)
    problem = solver.make_problem(scores)
    sparse = solver._single_sparse(problem, solver.residual(problem))
    dense = solver._single_dense(problem, solver.residual(problem))
    assert sparse is not None
    assert scores[sparse[:, 0], sparse[:, 1]].sum() == pytest.approx(
        scores[dense[:, 0], dense[:, 1]].sum(), abs=1e-9
    )


def test_sparse_and_dense_methods_agree_on_a_capacitated_cohort():
    rng = np.random.default_rng(2)
    scores = rng.random((300, 120))
    feasible = rng.random((300, 120)) < 0.6
    capacities = rng.integers(1, 5, 120)
    results = [
        solve(scores, feasible=feasible, capacities=capacities, method=method)
        for method in ("dense", "sparse")
    ]
    assert results[0].matched_mentees == results[1].matched_mentees
    assert results[0].total_score == pytest.approx(results[1].total_score)


def test_a_lock_is_kept_even_on_a_pair_a_rule_forbids():
    scores = np.array([[0.9, 0.1], [0.8, 0.2]])
    feasible = np.array([[True, False], [True, True]])
    result = solve(scores, feasible=feasible, locks=[(0, 1)])
    assert result.pairs.tolist() == [[0, 1], [1, 0]]
    assert result.locked.tolist() == [True, False]


def test_co_mentoring_gives_a_mentee_two_mentors_when_places_allow():
    scores = np.array([[0.9, 0.8, 0.1], [0.5, 0.0, 0.0]])
    feasible = np.array([[True, True, True], [True, False, False]])
    result = solve(scores, feasible=feasible, max_mentors_per_mentee=2)
    # Mentee 1 can only have mentor 0, so mentee 0 takes mentors 1 and 2.
    assert result.pairs.tolist() == [[0, 1], [0, 2], [1, 0]]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"capacities": [-1, 1]}, "capacities"),
        ({"capacities": [1.5, 1]}, "capacities"),
        ({"locks": [(0, 0), (1, 0)]}, "more locks than places"),
        ({"locks": [(0, 0), (0, 1)]}, "locked to more than 1"),
        ({"locks": [(5, 0)]}, "outside"),
        ({"feasible": np.ones((3, 3), dtype=bool)}, "feasible must have shape"),
        ({"max_mentors_per_mentee": 3}, "max_mentors_per_mentee"),
        ({"mode": "random"}, "mode"),
        ({"mentee_prefs": [[np.nan, 0], [0, 0]]}, "mentee_prefs must be finite"),
        ({"mentor_prefs": np.zeros((2, 3))}, "mentor_prefs must have shape"),
    ],
)
def test_invalid_inputs_are_rejected_with_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        solve(np.zeros((2, 2)), **kwargs)


def test_non_finite_scores_are_rejected_only_on_feasible_pairs():
    scores = np.array([[np.nan, 1.0]])
    with pytest.raises(ValueError, match="finite"):
        solve(scores)
    assert solve(scores, feasible=[[False, True]]).pairs.tolist() == [[0, 1]]


def test_unmatched_mentee_reason_names_the_rule_that_excludes_every_mentor():
    reasons = np.array(
        [
            [Rule.COMMON_LANGUAGE, Rule.COMMON_LANGUAGE | Rule.CROSS_BORDER],
            [0, 0],
        ],
        dtype=np.uint8,
    )
    result = solve(np.ones((2, 2)), feasible=reasons == 0, reasons=reasons)
    assert result.unmatched_mentees.tolist() == [0]
    reason = result.unmatched_reasons[0]
    assert reason.code == "no_feasible_mentor"
    assert reason.params["rules"] == ["common_language"]
    assert reason.params["excluded_by"]["cross_border"] == 1


def test_unmatched_mentee_with_allowed_but_busy_mentors_says_so():
    result = solve(np.array([[0.9], [0.5]]))
    assert result.unmatched_reasons[1].code == "feasible_mentors_taken"
    no_places = solve(np.array([[0.9]]), capacities=[0])
    assert no_places.unmatched_reasons[0].code == "feasible_mentors_without_capacity"


def test_mentor_with_unused_places_gets_a_reason():
    result = solve(np.array([[0.9, 0.2]]), feasible=[[True, False]], capacities=[2, 1])
    assert result.spare_mentor_reasons[0].code == "feasible_mentees_matched_elsewhere"
    assert result.spare_mentor_reasons[1].code == "no_feasible_mentee"


def test_stable_mode_reports_the_score_it_gives_up_against_the_optimum():
    scores = np.array([[1.0, 0.9], [0.9, 0.0]])
    stable = solve(scores, mode="stable")
    assert stable.pairs.tolist() == [[0, 0]] or stable.total_score < 1.8
    assert stable.optimal_total == pytest.approx(1.8)
    assert stable.optimal_total is not None
    assert stable.score_given_up == pytest.approx(stable.optimal_total - stable.total_score)
    optimal = solve(scores)
    assert optimal.blocking_pairs == 1  # (0, 0): both prefer each other to what they get


def test_rank_lists_can_drive_stable_mode():
    mentee_prefs = prefs_from_ranks([[1, 0], [1, 0]], n_other=2)
    mentor_prefs = prefs_from_ranks([[0, 1], [1, 0]], n_other=2).T
    result = solve(
        np.zeros((2, 2)), mentee_prefs=mentee_prefs, mentor_prefs=mentor_prefs, mode="stable"
    )
    # Both mentees want mentor 1, who prefers mentee 1.
    assert result.pairs.tolist() == [[0, 0], [1, 1]]
