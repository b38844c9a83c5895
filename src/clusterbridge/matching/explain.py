"""Explanations of a matching: contributions, rules, regret and "why not" (no Django).

Regret and forcing cost are measured against the cohort's *optimal* matching (lexicographic:
matched mentees first, then total score), whatever mode produced the proposal:

* regret of a pair = optimal total - optimal total once the pair is forbidden (0 for pairs
  outside the optimal matching);
* forcing cost of a pair = optimal total - optimal total once the pair is locked.

Both are shortest paths in the residual graph of the optimal min-cost flow (source ->
mentees -> mentors -> sink, plus a free sink -> source arc): forbidding a chosen pair (i, j)
costs ``s_ij + dist(i -> j)``, forcing an unchosen pair costs ``dist(j -> i) - s_ij``. Up to
``exhaustive_up_to`` graph nodes (mentees + mentors + 2; default 1000, i.e. a few hundred
mentees) all distances come from one vectorised Floyd-Warshall, so every pair is answered at
once. Above that, each question re-solves the cohort with the pair forbidden or locked.

Public API
----------
``analyse(result, *, exhaustive_up_to=1000) -> Analysis``
    ``Analysis.regret(*, mentee, mentor) -> Drop`` and ``Analysis.forcing_cost(...) -> Drop``;
    ``Drop(score, mentees)``: total score lost and mentees left unmatched in exchange.
``explain_pairs(result, *, cohort_scores=None, analysis=None, with_regret=None)
-> list[PairExplanation]``
    Per proposed pair: score, weight x value per criterion (needs ``cohort_scores``), rules
    satisfied / broken (a lock may override a rule), regret. ``with_regret`` defaults to
    "only when the exhaustive analysis applies".
``why_not(result, *, mentee, mentor, cohort_scores=None, analysis=None) -> WhyNot``
    The rules forbidding the pair, what blocks it (locks, capacity), or the cost of forcing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from .reasons import ALL_RULES, Rule, rule_codes
from .scoring import CohortScores, HardRules
from .solver import (
    FloatArray,
    IntArray,
    MatchResult,
    Problem,
    lexicographic_weight,
    optimal_pairs,
    residual,
)

_ROUNDING = 1e-9


@dataclass(frozen=True)
class Drop:
    """What the optimum loses: total score, and mentees left without a mentor."""

    score: float
    mentees: int


@dataclass(frozen=True)
class PairExplanation:
    mentee: int
    mentor: int
    score: float
    locked: bool
    contributions: Mapping[str, float]
    rules_satisfied: tuple[str, ...]
    rules_broken: tuple[str, ...]
    regret: Drop | None


@dataclass(frozen=True)
class WhyNot:
    """Why (mentee, mentor) is not proposed.

    ``rules``: rule codes forbidding the pair. ``blocked_by``: ``"in_proposal"``,
    ``"mentee_locked"`` (its places are all locked to others), ``"mentor_without_places"``
    (capacity 0 or every place locked), or None. ``forcing_cost`` is set when the pair is
    allowed and could be locked.
    """

    mentee: int
    mentor: int
    rules: tuple[str, ...]
    blocked_by: str | None
    score: float
    forcing_cost: Drop | None


class Analysis:
    """Regret and forcing costs relative to the optimal matching of ``result.problem``."""

    def __init__(self, result: MatchResult, *, exhaustive_up_to: int = 1000) -> None:
        self.problem = result.problem
        self.big = lexicographic_weight(self.problem)
        self.optimal = result.pairs if result.mode == "optimal" else optimal_pairs(self.problem)
        n, m = self.problem.shape
        chosen = np.zeros((n, m), dtype=bool)
        chosen[self.optimal[:, 0], self.optimal[:, 1]] = True
        self.chosen = chosen
        self.distances = (
            _all_distances(self.problem, chosen, self.big)
            if n + m + 2 <= exhaustive_up_to
            else None
        )

    @property
    def exhaustive(self) -> bool:
        return self.distances is not None

    def regret(self, *, mentee: int, mentor: int) -> Drop:
        """Loss of the optimum if the pair were forbidden (0 if the optimum avoids it)."""
        if not self.chosen[mentee, mentor]:
            return Drop(0.0, 0)
        if _is_locked(self.problem, mentee, mentor):
            raise ValueError("a locked pair cannot be forbidden; unlock it first")
        if self.distances is not None:
            n = self.problem.shape[0]
            value = self.problem.scores[mentee, mentor] + self.distances[mentee, n + mentor]
            return self._split(value)
        feasible = self.problem.feasible.copy()
        feasible[mentee, mentor] = False
        return self._compare(replace(self.problem, feasible=feasible))

    def regrets(self, pairs: IntArray) -> list[Drop | None]:
        """``regret`` for many pairs; None for locked pairs."""
        return [
            None
            if _is_locked(self.problem, int(i), int(j))
            else self.regret(mentee=int(i), mentor=int(j))
            for i, j in pairs
        ]

    def forcing_cost(self, *, mentee: int, mentor: int) -> Drop:
        """Loss of the optimum if the pair were locked; the pair must be allowed and free."""
        if self.chosen[mentee, mentor]:
            return Drop(0.0, 0)
        if not residual(self.problem).open[mentee, mentor]:
            raise ValueError("the pair is forbidden or blocked by locks or capacity")
        if self.distances is not None:
            n = self.problem.shape[0]
            value = self.distances[n + mentor, mentee] - self.problem.scores[mentee, mentor]
            return self._split(value)
        locks = np.concatenate([self.problem.locks, [[mentee, mentor]]])
        return self._compare(replace(self.problem, locks=locks))

    def _split(self, value: float) -> Drop:
        """Separate a lexicographic loss into mentees (multiples of ``big``) and score."""
        mentees = round(value / self.big)
        score = float(value - mentees * self.big)
        # Losses are >= 0 at an optimum; what is left below 0 is rounding.
        return Drop(0.0 if abs(score) < _ROUNDING else score, int(mentees))

    def _compare(self, changed: Problem) -> Drop:
        pairs = optimal_pairs(changed)
        before = self.problem.scores[self.optimal[:, 0], self.optimal[:, 1]].sum()
        after = changed.scores[pairs[:, 0], pairs[:, 1]].sum()
        lost = np.unique(self.optimal[:, 0]).size - np.unique(pairs[:, 0]).size
        return Drop(float(before - after), int(lost))


def analyse(result: MatchResult, *, exhaustive_up_to: int = 1000) -> Analysis:
    return Analysis(result, exhaustive_up_to=exhaustive_up_to)


def explain_pairs(
    result: MatchResult,
    *,
    cohort_scores: CohortScores | None = None,
    analysis: Analysis | None = None,
    with_regret: bool | None = None,
) -> list[PairExplanation]:
    """One explanation per proposed pair, in ``result.pairs`` order."""
    pairs = result.pairs
    if with_regret is None:
        analysis = analysis or analyse(result)
        with_regret = analysis.exhaustive
    elif with_regret and analysis is None:
        analysis = analyse(result)
    regrets = analysis.regrets(pairs) if with_regret and analysis else [None] * len(pairs)
    contributions = cohort_scores.contributions(pairs[:, 0], pairs[:, 1]) if cohort_scores else {}
    masks = _masks(result.problem, pairs)
    checked = _checked_rules(cohort_scores.rules if cohort_scores else None)
    return [
        PairExplanation(
            mentee=int(i),
            mentor=int(j),
            score=float(result.pair_scores[k]),
            locked=bool(result.locked[k]),
            contributions={name: float(v[k]) for name, v in contributions.items()},
            rules_satisfied=tuple(r for r in checked if r not in rule_codes(int(masks[k]))),
            rules_broken=tuple(rule_codes(int(masks[k]))),
            regret=regrets[k],
        )
        for k, (i, j) in enumerate(pairs)
    ]


def why_not(
    result: MatchResult,
    *,
    mentee: int,
    mentor: int,
    analysis: Analysis | None = None,
) -> WhyNot:
    """Why the pair is not proposed: forbidding rules, blocking locks/capacity, or the cost
    of forcing it (against the optimal matching)."""
    problem = result.problem
    score = float(problem.scores[mentee, mentor])
    mask = int(_masks(problem, np.array([[mentee, mentor]]))[0])
    rules = tuple(rule_codes(mask))
    proposed = bool(((result.pairs[:, 0] == mentee) & (result.pairs[:, 1] == mentor)).any())
    blocked = "in_proposal" if proposed else _blocker(problem, mentee, mentor)
    if rules or blocked:
        return WhyNot(mentee, mentor, rules, blocked, score, None)
    cost = (analysis or analyse(result)).forcing_cost(mentee=mentee, mentor=mentor)
    return WhyNot(mentee, mentor, rules, None, score, cost)


def _blocker(problem: Problem, mentee: int, mentor: int) -> str | None:
    rest = residual(problem)
    if rest.quota[mentee] <= 0:
        return "mentee_locked"
    if rest.capacity[mentor] <= 0:
        return "mentor_without_places"
    return None


def _masks(problem: Problem, pairs: IntArray) -> npt.NDArray[np.uint8]:
    """Rule masks of pairs; without masks, a forbidden pair shows as a manager forbid."""
    rows, cols = pairs[:, 0], pairs[:, 1]
    if problem.reasons is not None:
        return problem.reasons[rows, cols]
    forbidden = ~problem.feasible[rows, cols]
    return np.where(forbidden, np.uint8(Rule.MANAGER_FORBID), np.uint8(0)).astype(np.uint8)


def _checked_rules(rules: HardRules | None) -> tuple[str, ...]:
    if rules is None:
        return tuple(rule_codes(sum(int(r) for r in ALL_RULES)))
    flags = {
        Rule.CROSS_BORDER: rules.cross_border,
        Rule.EU_SOUTH_MED: rules.eu_south_med,
        Rule.COMMON_LANGUAGE: rules.common_language,
        Rule.DIFFERENT_ORGANISATION: rules.different_organisation,
        Rule.MANAGER_FORBID: True,
        Rule.MENTEE_VETO: rules.honour_vetoes,
        Rule.MENTOR_VETO: rules.honour_vetoes,
    }
    return tuple(rule_codes(sum(int(rule) for rule, on in flags.items() if on)))


def _is_locked(problem: Problem, mentee: int, mentor: int) -> bool:
    locks = problem.locks
    return bool(((locks[:, 0] == mentee) & (locks[:, 1] == mentor)).any())


def _all_distances(problem: Problem, chosen: npt.NDArray[np.bool_], big: float) -> FloatArray:
    """All-pairs shortest paths in the residual graph of the optimal flow (Floyd-Warshall).

    Nodes: mentees 0..n-1, mentors n..n+m-1, source n+m, sink n+m+1. Costs are negated
    values: taking pair (i, j) costs -s_ij, a mentee's first place costs -big (when it still
    counts), further places 0.
    """
    n, m = problem.shape
    rest = residual(problem)
    locked = np.zeros((n, m), dtype=bool)
    locked[problem.locks[:, 0], problem.locks[:, 1]] = True
    free_chosen = chosen & ~locked
    units = free_chosen.sum(axis=1)
    load = free_chosen.sum(axis=0)
    source, sink = n + m, n + m + 1
    cost = np.full((n + m + 2, n + m + 2), np.inf)
    mentees, mentors = slice(0, n), slice(n, n + m)
    scores = problem.scores
    cost[mentees, mentors] = np.where(rest.open & ~free_chosen, -scores, np.inf)
    cost[mentors, mentees] = np.where(free_chosen, scores, np.inf).T
    first = rest.bonus & (units == 0)
    cost[source, mentees] = np.where(units < rest.quota, np.where(first, -big, 0.0), np.inf)
    undo_first = rest.bonus & (units == 1)
    cost[mentees, source] = np.where(units > 0, np.where(undo_first, big, 0.0), np.inf)
    cost[mentors, sink] = np.where(load < rest.capacity, 0.0, np.inf)
    cost[sink, mentors] = np.where(load > 0, 0.0, np.inf)
    cost[sink, source] = 0.0
    if units.sum() > 0:
        cost[source, sink] = 0.0
    np.fill_diagonal(cost, np.minimum(np.diag(cost), 0.0))
    for k in range(cost.shape[0]):
        np.minimum(cost, cost[:, k, None] + cost[None, k, :], out=cost)
    return cost
