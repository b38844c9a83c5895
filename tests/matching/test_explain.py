from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterbridge.matching.explain import Drop, analyse, explain_pairs, why_not
from clusterbridge.matching.scoring import CRITERIA, HardRules, score_cohort
from clusterbridge.matching.solver import solve

from .brute_force import best_matching, instances
from .cohorts import random_cohort


def brute_drop(instance, *, feasible=None, locks=None) -> Drop:
    """Loss of the optimum after changing the rules, by exhaustive search."""
    args = (instance["capacities"],)
    before = best_matching(
        instance["scores"],
        instance["feasible"],
        *args,
        instance["locks"],
        instance["max_mentors_per_mentee"],
    )
    after = best_matching(
        instance["scores"],
        instance["feasible"] if feasible is None else feasible,
        *args,
        instance["locks"] if locks is None else locks,
        instance["max_mentors_per_mentee"],
    )
    return Drop(before[1] - after[1], before[0] - after[0])


def assert_same_drop(found: Drop, expected: Drop):
    assert found.mentees == expected.mentees
    assert found.score == pytest.approx(expected.score, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(
    instance=instances(max_n=6, max_m=4),
    exhaustive=st.booleans(),
    mode=st.sampled_from(["optimal", "stable"]),
)
def test_regret_is_the_loss_of_the_optimum_when_the_pair_is_forbidden(instance, exhaustive, mode):
    result = solve(**instance, mode=mode)
    analysis = analyse(result, exhaustive_up_to=1000 if exhaustive else 0)
    assert analysis.exhaustive == exhaustive
    locks = {tuple(lock) for lock in instance["locks"]}
    n, m = instance["scores"].shape
    for i in range(n):
        for j in range(m):
            if (i, j) in locks:
                continue
            feasible = instance["feasible"].copy()
            feasible[i, j] = False
            assert_same_drop(
                analysis.regret(mentee=i, mentor=j), brute_drop(instance, feasible=feasible)
            )


@settings(max_examples=150, deadline=None)
@given(instance=instances(max_n=6, max_m=4), exhaustive=st.booleans())
def test_forcing_cost_is_the_loss_of_the_optimum_when_the_pair_is_locked(instance, exhaustive):
    result = solve(**instance)
    analysis = analyse(result, exhaustive_up_to=1000 if exhaustive else 0)
    n, m = instance["scores"].shape
    for i in range(n):
        for j in range(m):
            answer = why_not(result, mentee=i, mentor=j, analysis=analysis)
            if answer.forcing_cost is None:
                continue
            locks = [*instance["locks"], (i, j)]
            assert_same_drop(answer.forcing_cost, brute_drop(instance, locks=locks))


def test_why_not_names_the_rules_that_forbid_the_pair():
    cohort = random_cohort(7, 12, 10)
    scores = score_cohort(cohort, rules=HardRules(eu_south_med=True))
    result = solve(scores.total, feasible=scores.feasible, reasons=scores.reasons)
    i, j = map(int, np.argwhere(scores.reasons > 0)[0])
    answer = why_not(result, mentee=i, mentor=j)
    assert answer.rules
    assert answer.forcing_cost is None


def test_why_not_reports_locks_and_full_mentors_before_any_cost():
    scores = np.array([[0.9, 0.5], [0.8, 0.1]])
    result = solve(scores, capacities=[1, 0], locks=[(0, 0)])
    assert why_not(result, mentee=0, mentor=1).blocked_by == "mentee_locked"
    assert why_not(result, mentee=1, mentor=0).blocked_by == "mentor_without_places"
    assert why_not(result, mentee=0, mentor=0).blocked_by == "in_proposal"


def test_regret_of_a_pair_the_optimum_does_not_use_is_zero():
    result = solve(np.array([[1.0, 0.2]]))
    assert analyse(result).regret(mentee=0, mentor=1) == Drop(0.0, 0)


def test_regret_counts_a_mentee_left_without_mentor():
    result = solve(np.array([[1.0, 0.0]]), feasible=[[True, False]])
    assert analyse(result).regret(mentee=0, mentor=0) == Drop(1.0, 1)


def test_explanations_give_each_criterion_rules_and_regret():
    cohort = random_cohort(8, 13, 13)
    scores = score_cohort(cohort)
    result = solve(scores.total, feasible=scores.feasible, reasons=scores.reasons)
    explanations = explain_pairs(result, cohort_scores=scores)
    assert len(explanations) == len(result.pairs)
    for explanation in explanations:
        assert set(explanation.contributions) == set(CRITERIA)
        assert sum(explanation.contributions.values()) == pytest.approx(explanation.score, abs=1e-6)
        assert explanation.rules_broken == ()
        assert "cross_border" in explanation.rules_satisfied
        assert "eu_south_med" not in explanation.rules_satisfied  # not required by default
        assert explanation.regret is not None
        assert explanation.regret.score >= 0 or explanation.regret.mentees > 0


def test_a_locked_pair_shows_the_rules_it_breaks_and_has_no_regret():
    cohort = random_cohort(9, 6, 6)
    scores = score_cohort(cohort)
    i, j = map(int, np.argwhere(~scores.feasible)[0])
    result = solve(scores.total, feasible=scores.feasible, reasons=scores.reasons, locks=[(i, j)])
    locked = next(e for e in explain_pairs(result, cohort_scores=scores) if e.locked)
    assert locked.rules_broken
    assert locked.regret is None


def test_large_cohorts_skip_regret_unless_asked():
    rng = np.random.default_rng(3)
    result = solve(rng.random((40, 40)))
    quick = explain_pairs(result, analysis=analyse(result, exhaustive_up_to=10))
    assert all(e.regret is None for e in quick)
    asked = explain_pairs(result, analysis=analyse(result, exhaustive_up_to=10), with_regret=True)
    exhaustive = explain_pairs(result)
    for slow, fast in zip(asked, exhaustive, strict=True):
        assert slow.regret is not None
        assert fast.regret is not None
        assert slow.regret.mentees == fast.regret.mentees
        assert slow.regret.score == pytest.approx(fast.regret.score, abs=1e-9)
