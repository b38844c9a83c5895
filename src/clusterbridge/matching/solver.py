"""Assign mentors to mentees from a score matrix: optimal and stable modes (no Django).

Public API
----------
``solve(scores, *, feasible=None, capacities=None, locks=(), mode="optimal",
max_mentors_per_mentee=1, reasons=None, mentee_prefs=None, mentor_prefs=None,
compare_with_optimal=True, method="auto") -> MatchResult``

    scores: ``(mentees, mentors)`` float array, higher is better (any finite value on
        allowed pairs; values on forbidden pairs are ignored, NaN included).
    feasible: ``(mentees, mentors)`` bool, the hard rules (default: every pair allowed).
    capacities: ``(mentors,)`` int >= 0, places per mentor (default 1).
    locks: (mentee, mentor) index pairs the manager imposes. They are honoured even when a
        rule forbids the pair (``explain`` lists the broken rules); they use up capacity.
    mode: ``"optimal"`` - as many mentees matched as possible, then the largest total score
        (lexicographic objective: a constant larger than any total is added per mentee
        matched); ``"stable"`` - mentee-proposing deferred acceptance, no blocking pair.
    max_mentors_per_mentee: 1, or 2 for co-mentoring. With 2, the objective first counts
        mentees with at least one mentor, then the total score (second mentors add score).
    reasons: optional ``uint8`` rule masks from ``scoring.score_cohort``; they make the
        reasons given for unmatched mentees name the rules at fault.
    mentee_prefs / mentor_prefs: ``(mentees, mentors)`` preference values, higher is better
        (``prefs_from_ranks`` turns rank lists into these). Default: the scores. They drive
        stable mode and the blocking-pair count; ties go to the lower index.
    compare_with_optimal: in stable mode, also solve the optimal mode to report the score the
        stable matching gives up.
    method: ``"auto"``, ``"dense"`` (scipy ``linear_sum_assignment`` on the capacity-expanded
        matrix) or ``"sparse"`` (top candidates per mentee, solved sparsely, then certified
        optimal on the full matrix with the dual prices - violating pairs are added and the
        sparse problem re-solved until none is left). Both are exact; co-mentoring uses an
        integer programme (HiGHS) whose network structure makes its LP relaxation integral.

``MatchResult``: ``pairs`` ``(k, 2)`` (mentee, mentor) sorted, ``pair_scores``, ``locked``,
``total_score``, ``unmatched_mentees``, ``unmatched_reasons`` (``reasons.Reason`` per
unmatched mentee), ``spare_capacity``, ``spare_mentor_reasons``, ``blocking_pairs``,
``optimal_total``, ``optimal_matched_mentees`` and ``score_given_up`` (None in stable mode
without ``compare_with_optimal``; a stable matching may also match fewer mentees, so compare
the matched counts too), ``problem`` (inputs, for ``explain``).

``blocking_pairs(pairs, *, feasible, capacities, mentee_prefs, mentor_prefs,
max_mentors_per_mentee=1) -> ndarray``  ``(k, 2)`` blocking (mentee, mentor) pairs.
``prefs_from_ranks(rank_lists, *, n_other) -> ndarray``  rank lists -> preference values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .reasons import Reason, spare_mentor_reason, unmatched_mentee_reason

Mode = Literal["optimal", "stable"]
Method = Literal["auto", "dense", "sparse"]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

_SPARSE_FROM_PAIRS = 3_000_000
_CANDIDATES_PER_MENTEE = 12
_MAX_CERTIFY_ROUNDS = 40
_BLOCK_PAIRS = 1 << 20


@dataclass(frozen=True)
class Problem:
    """Validated inputs of ``solve``; ``explain`` re-uses them."""

    scores: FloatArray
    feasible: BoolArray
    score_bound: float  # largest |score| over feasible pairs
    capacities: IntArray
    locks: IntArray
    max_mentors_per_mentee: int
    reasons: npt.NDArray[np.uint8] | None
    mentee_prefs: FloatArray
    mentor_prefs: FloatArray

    @property
    def shape(self) -> tuple[int, int]:
        n, m = self.scores.shape
        return n, m


@dataclass(frozen=True)
class MatchResult:
    pairs: IntArray
    pair_scores: FloatArray
    locked: BoolArray
    total_score: float
    mode: Mode
    unmatched_mentees: IntArray
    unmatched_reasons: Mapping[int, Reason]
    spare_capacity: IntArray
    spare_mentor_reasons: Mapping[int, Reason]
    blocking_pairs: int
    optimal_total: float | None
    optimal_matched_mentees: int | None
    score_given_up: float | None
    problem: Problem = field(repr=False)

    @property
    def matched_mentees(self) -> int:
        return int(np.unique(self.pairs[:, 0]).size)


@dataclass(frozen=True)
class Residual:
    """What is left to decide once the locks are applied.

    quota: places each mentee still has; bonus: whether its first place still counts for the
    matched-mentee objective (False once a lock gave it a mentor); capacity: places left per
    mentor; open: pairs the solver may still choose.
    """

    quota: IntArray
    bonus: BoolArray
    capacity: IntArray
    open: BoolArray


def solve(
    scores: npt.ArrayLike,
    *,
    feasible: npt.ArrayLike | None = None,
    capacities: npt.ArrayLike | None = None,
    locks: Iterable[tuple[int, int]] = (),
    mode: Mode = "optimal",
    max_mentors_per_mentee: int = 1,
    reasons: npt.ArrayLike | None = None,
    mentee_prefs: npt.ArrayLike | None = None,
    mentor_prefs: npt.ArrayLike | None = None,
    compare_with_optimal: bool = True,
    method: Method = "auto",
) -> MatchResult:
    """Match mentees to mentors; see the module docstring for the parameters."""
    problem = make_problem(
        scores,
        feasible=feasible,
        capacities=capacities,
        locks=locks,
        max_mentors_per_mentee=max_mentors_per_mentee,
        reasons=reasons,
        mentee_prefs=mentee_prefs,
        mentor_prefs=mentor_prefs,
    )
    if mode == "optimal":
        chosen = optimal_pairs(problem, method=method)
        optimum: IntArray | None = chosen
    elif mode == "stable":
        chosen = stable_pairs(problem)
        optimum = optimal_pairs(problem, method=method) if compare_with_optimal else None
    else:
        raise ValueError(f"mode must be 'optimal' or 'stable', got {mode!r}")
    return _result(problem, chosen, mode=mode, optimum=optimum)


def make_problem(
    scores: npt.ArrayLike,
    *,
    feasible: npt.ArrayLike | None = None,
    capacities: npt.ArrayLike | None = None,
    locks: Iterable[tuple[int, int]] = (),
    max_mentors_per_mentee: int = 1,
    reasons: npt.ArrayLike | None = None,
    mentee_prefs: npt.ArrayLike | None = None,
    mentor_prefs: npt.ArrayLike | None = None,
) -> Problem:
    """Validate and normalise ``solve``'s inputs (shapes, dtypes, locks)."""
    score_matrix = np.asarray(scores, dtype=np.float64)
    if score_matrix.ndim != 2:
        raise ValueError(f"scores must be a 2-D array, got shape {score_matrix.shape}")
    n, m = score_matrix.shape
    allowed = _bool_matrix(feasible, (n, m), "feasible")
    bound = _largest_allowed(score_matrix, allowed)
    if not np.isfinite(bound):
        raise ValueError("scores must be finite on every feasible pair")
    if max_mentors_per_mentee not in (1, 2):
        raise ValueError("max_mentors_per_mentee must be 1 or 2")
    caps = _capacities(capacities, m)
    lock_array = _locks(locks, n=n, capacities=caps, max_mentors=max_mentors_per_mentee)
    masks = None if reasons is None else np.asarray(reasons, dtype=np.uint8)
    if masks is not None and masks.shape != (n, m):
        raise ValueError(f"reasons must have shape {(n, m)}, got {masks.shape}")
    return Problem(
        scores=score_matrix,
        feasible=allowed,
        score_bound=bound,
        capacities=caps,
        locks=lock_array,
        max_mentors_per_mentee=max_mentors_per_mentee,
        reasons=masks,
        mentee_prefs=_prefs(mentee_prefs, score_matrix, allowed, "mentee_prefs"),
        mentor_prefs=_prefs(mentor_prefs, score_matrix, allowed, "mentor_prefs"),
    )


def residual(problem: Problem) -> Residual:
    n, m = problem.shape
    rows, cols = problem.locks[:, 0], problem.locks[:, 1]
    locked_per_mentee = np.bincount(rows, minlength=n)
    quota = problem.max_mentors_per_mentee - locked_per_mentee
    capacity = problem.capacities - np.bincount(cols, minlength=m)
    open_pairs = problem.feasible & (quota > 0)[:, None] & (capacity > 0)[None, :]
    open_pairs[rows, cols] = False
    return Residual(quota, locked_per_mentee == 0, capacity, open_pairs)


def lexicographic_weight(problem: Problem) -> float:
    """Value of one more matched mentee: more than any difference of total scores."""
    pairs = problem.shape[0] * problem.max_mentors_per_mentee
    return 2.0 * pairs * max(problem.score_bound, 1e-9) + 1.0


# --------------------------------------------------------------------------- optimal mode


def optimal_pairs(problem: Problem, *, method: Method = "auto") -> IntArray:
    """Pairs (locks included) of a lexicographically optimal matching."""
    rest = residual(problem)
    free: IntArray | None
    if problem.max_mentors_per_mentee > 1:
        free = _co_mentoring(problem, rest)
    else:
        n, m = problem.shape
        use_sparse = method == "sparse" or (method == "auto" and n * m >= _SPARSE_FROM_PAIRS)
        free = _single_sparse(problem, rest) if use_sparse else None
        if free is None:
            free = _single_dense(problem, rest)
    return _sorted_pairs(np.concatenate([problem.locks, free]))


def _single_dense(problem: Problem, rest: Residual) -> IntArray:
    # Imported here: scipy.optimize costs a third of a second of start-up, and the sparse
    # path, which large files take, does without it (docs/performance.md, match_scores).
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415

    rows = np.flatnonzero(rest.quota > 0)
    slots = np.repeat(np.arange(rest.capacity.size), np.maximum(rest.capacity, 0))
    if not rows.size or not slots.size:
        return _no_pairs()
    whole = rows.size == problem.shape[0] and np.array_equal(slots, np.arange(problem.shape[1]))
    scores = problem.scores if whole else problem.scores[np.ix_(rows, slots)]
    allowed = rest.open if whole else rest.open[np.ix_(rows, slots)]
    # Each row is assigned once; an assignment to a forbidden slot means "unmatched" and
    # costs more than any score difference, so the count of matches comes first.
    cost = np.negative(scores)
    cost[~allowed] = lexicographic_weight(problem)
    r, c = linear_sum_assignment(cost)
    keep = allowed[r, c]
    return np.column_stack([rows[r[keep]], slots[c[keep]]]).astype(np.int64)


def _single_sparse(problem: Problem, rest: Residual) -> IntArray | None:
    """Solve on top candidates, certify with dual prices; None if certification stalls."""
    m = problem.shape[1]
    candidates = _top_candidates(problem.scores, rest.open, _CANDIDATES_PER_MENTEE)
    big = lexicographic_weight(problem)
    # Slack on reduced costs: above the rounding of Bellman-Ford sums (prices reach ``big``),
    # far below score differences that matter; the result is within mentees x tolerance.
    tolerance = 1e-13 * big + 1e-10 * (1.0 + problem.score_bound)
    for _ in range(_MAX_CERTIFY_ROUNDS):
        pairs = np.column_stack(np.divmod(candidates, m))
        mentor_of = _solve_candidates(problem.scores, pairs, rest, big)
        prices = _mentor_prices(
            problem.scores, pairs, mentor_of=mentor_of, rest=rest, big=big, tolerance=tolerance
        )
        if prices is None:
            return None
        violations = _violations(
            problem.scores, rest, mentor_of=mentor_of, price=prices, big=big, tolerance=tolerance
        )
        if not violations.size:
            matched = np.flatnonzero(mentor_of >= 0)
            return np.column_stack([matched, mentor_of[matched]]).astype(np.int64)
        candidates = np.union1d(candidates, violations)
    return None


def _top_candidates(scores: FloatArray, allowed: BoolArray, k: int) -> IntArray:
    """Keys ``mentee * m + mentor`` of each mentee's ``k`` best allowed mentors and each
    mentor's ``k`` best allowed mentees.

    The mentors' side matters when many mentees rank the same few mentors first: the other
    mentors would otherwise enter the candidate problem only through certification rounds.
    """
    n, m = scores.shape
    found = []
    best_value = np.full((0, m), -np.inf)
    best_row = np.zeros((0, m), dtype=np.int64)
    step = max(1, _BLOCK_PAIRS // max(m, 1))
    for start in range(0, n, step):
        block = np.where(allowed[start : start + step], scores[start : start + step], -np.inf)
        rows = np.arange(start, start + block.shape[0])
        top = _top_k(block, min(k, m), axis=1)
        found.append((rows[:, None] * m + top)[np.isfinite(np.take_along_axis(block, top, 1))])
        # Running top-k per column: merge this block's rows into the best seen so far.
        best_value = np.concatenate([best_value, block])
        best_row = np.concatenate([best_row, np.broadcast_to(rows[:, None], block.shape)])
        keep = _top_k(best_value, min(k, best_value.shape[0]), axis=0)
        best_value = np.take_along_axis(best_value, keep, 0)
        best_row = np.take_along_axis(best_row, keep, 0)
    columns = np.broadcast_to(np.arange(m), best_row.shape)
    found.append((best_row * m + columns)[np.isfinite(best_value)])
    return np.unique(np.concatenate(found).astype(np.int64))


def _top_k(values: FloatArray, k: int, *, axis: int) -> IntArray:
    """Indices of the ``k`` largest values along ``axis`` (unordered)."""
    size = values.shape[axis]
    if k >= size:
        return np.broadcast_to(
            np.arange(size).reshape((-1, 1) if axis == 0 else (1, -1)), values.shape
        ).copy()
    return np.take(np.argpartition(values, size - k, axis=axis), np.arange(size - k, size), axis)


def _solve_candidates(
    scores: FloatArray, candidates: IntArray, rest: Residual, big: float
) -> IntArray:
    """Optimal matching restricted to the candidates: mentor per mentee, -1 if none.

    Rows are mentees with a free place; columns are mentor places (a mentor with capacity c
    has c identical columns) plus one "unmatched" column per mentee costing ``big``.
    """
    n = rest.quota.size
    rows_needed = np.flatnonzero(rest.quota > 0)
    row_of = np.full(n, -1, dtype=np.int64)
    row_of[rows_needed] = np.arange(rows_needed.size)
    capacity = np.maximum(rest.capacity, 0)
    first_slot = np.concatenate([[0], np.cumsum(capacity)])
    mentee, mentor = candidates[:, 0], candidates[:, 1]
    repeat = capacity[mentor]
    slot = np.repeat(first_slot[mentor], repeat) + _ranges(repeat)
    edge_rows = np.repeat(row_of[mentee], repeat)
    shift = float(np.abs(scores[mentee, mentor]).max(initial=0.0)) + 1.0
    weights = shift - np.repeat(scores[mentee, mentor], repeat)
    dummy = np.arange(rows_needed.size)
    graph = sp.csr_array(
        (
            np.concatenate([weights, np.full(dummy.size, shift + big)]),
            (np.concatenate([edge_rows, dummy]), np.concatenate([slot, first_slot[-1] + dummy])),
        ),
        shape=(rows_needed.size, int(first_slot[-1]) + rows_needed.size),
    )
    r, c = min_weight_full_bipartite_matching(graph)
    mentor_of = np.full(n, -1, dtype=np.int64)
    real = c < first_slot[-1]
    slot_owner = np.repeat(np.arange(capacity.size), capacity)
    mentor_of[rows_needed[r[real]]] = slot_owner[c[real]]
    return mentor_of


def _ranges(lengths: IntArray) -> IntArray:
    """Concatenated ``arange(length)`` for every length."""
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(int(lengths.sum())) - starts


def _mentor_prices(
    scores: FloatArray,
    candidates: IntArray,
    *,
    mentor_of: IntArray,
    rest: Residual,
    big: float,
    tolerance: float,
) -> FloatArray | None:
    """Dual price of every mentor place for the candidate problem, by Bellman-Ford.

    All places of one mentor share one price (they are interchangeable), 0 for a mentor with
    a free place. Price differences are shortest alternating paths: a mentee may move from
    its mentor a to a candidate b at cost ``s[i, a] - s[i, b]`` (``-(big + s[i, b])`` when it
    had none). Returns None if the iteration does not settle (it always does at an optimum
    up to rounding; None sends the caller to the dense solver).
    """
    m = rest.capacity.size
    mentee, mentor = candidates[:, 0], candidates[:, 1]
    current = mentor_of[mentee]
    has = current >= 0
    # Node m + i stands for "mentee i unmatched"; nothing enters it so its price stays 0.
    tail = np.where(has, current, m + mentee)
    base = np.where(has, scores[mentee, np.maximum(current, 0)], -big)
    weight = base - scores[mentee, mentor]
    order = np.argsort(mentor, kind="stable")
    head, tail, weight = mentor[order], tail[order], weight[order]
    heads, starts = np.unique(head, return_index=True)
    price = np.zeros(m + rest.quota.size)
    for _ in range(m + 2):
        reached = np.minimum.reduceat(price[tail] + weight, starts)
        # Without the slack, tied scores leave cycles a few ulps below zero that "improve"
        # forever, and the dense solver runs after all this work (2,000 x 2,000 files).
        better = reached < price[heads] - tolerance
        if not better.any():
            # A mentor with a free place must keep price 0, or the matching was not optimal.
            load = np.bincount(mentor_of[mentor_of >= 0], minlength=m)
            spare = load < rest.capacity
            return price[:m] if price[:m][spare].min(initial=0) >= -tolerance else None
        price[heads[better]] = reached[better]
    return None


def _violations(
    scores: FloatArray,
    rest: Residual,
    *,
    mentor_of: IntArray,
    price: FloatArray,
    big: float,
    tolerance: float,
) -> IntArray:
    """Keys of open pairs whose reduced cost is negative under the candidate prices.

    With mentee potential ``u_i = -s[i, mentor_of[i]] - price[mentor]`` (``big`` when i is
    unmatched), pair (i, j) is fine when ``u_i + price_j <= -s[i, j]``. Only the
    ``_CANDIDATES_PER_MENTEE`` worst violations of a mentee are returned: the next round's
    prices usually settle the rest, and the candidate problem stays sparse.
    """
    n, m = scores.shape
    matched = mentor_of >= 0
    own = np.where(matched, scores[np.arange(n), np.maximum(mentor_of, 0)], 0.0)
    potential = np.where(matched, -own - price[np.maximum(mentor_of, 0)], big)
    found = []
    step = max(1, _BLOCK_PAIRS // max(m, 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        # s_ij + price_j + u_i > 0 means a negative reduced cost.
        slack = scores[start:stop] + price[None, :] + potential[start:stop, None]
        bad = (slack > tolerance) & rest.open[start:stop]
        counts = bad.sum(axis=1)
        if not counts.any():
            continue
        if counts.max() <= _CANDIDATES_PER_MENTEE:
            rows, cols = np.nonzero(bad)
        else:
            worst = _top_k(np.where(bad, slack, -np.inf), _CANDIDATES_PER_MENTEE, axis=1)
            keep = np.take_along_axis(bad, worst, axis=1)
            rows = np.broadcast_to(np.arange(stop - start)[:, None], worst.shape)[keep]
            cols = worst[keep]
        found.append((rows + start).astype(np.int64) * m + cols)
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _co_mentoring(problem: Problem, rest: Residual) -> IntArray:
    """Exact co-mentoring as a min-cost flow written as an integer programme.

    Variables: x_e per open pair, y_i (first place, worth ``big``) and z_i (further places)
    per mentee, with y_i + z_i = sum of x_e at mentee i. The constraint matrix is a network
    matrix, so HiGHS's LP relaxation is already integral.
    """
    from scipy.optimize import LinearConstraint, milp  # noqa: PLC0415 - see _single_dense

    pair_rows, pair_cols = np.nonzero(rest.open)
    if not pair_rows.size:
        return _no_pairs()
    n, m = problem.shape
    k = pair_rows.size
    big = lexicographic_weight(problem)
    x = np.arange(k)
    y, z = k + np.arange(n), k + n + np.arange(n)
    cost = np.concatenate([-problem.scores[pair_rows, pair_cols], np.full(n, -big), np.zeros(n)])
    balance = sp.coo_array(
        (
            np.concatenate([-np.ones(k), np.ones(2 * n)]),
            (np.concatenate([pair_rows, np.arange(n), np.arange(n)]), np.concatenate([x, y, z])),
        ),
        shape=(n, k + 2 * n),
    )
    load = sp.coo_array((np.ones(k), (pair_cols, x)), shape=(m, k + 2 * n))
    further = np.maximum(np.where(rest.bonus, rest.quota - 1, rest.quota), 0)
    upper = np.concatenate([np.ones(k), rest.bonus.astype(float), further])
    solution = milp(
        cost,
        constraints=[
            LinearConstraint(balance.tocsr(), 0, 0),
            LinearConstraint(load.tocsr(), -np.inf, np.maximum(rest.capacity, 0)),
        ],
        integrality=np.ones(cost.size),
        bounds=(0, upper),
        options={"mip_rel_gap": 0.0},
    )
    if solution.x is None:
        raise RuntimeError(f"co-mentoring solver failed: {solution.message}")
    chosen = np.round(solution.x[:k]) > 0
    return np.column_stack([pair_rows[chosen], pair_cols[chosen]]).astype(np.int64)


# ---------------------------------------------------------------------------- stable mode


def stable_pairs(problem: Problem) -> IntArray:
    """Mentee-proposing deferred acceptance on the residual market (locks kept)."""
    rest = residual(problem)
    free = _deferred_acceptance(
        mentee_prefs=problem.mentee_prefs,
        mentor_prefs=problem.mentor_prefs,
        acceptable=rest.open,
        quota=np.maximum(rest.quota, 0),
        capacity=np.maximum(rest.capacity, 0),
    )
    return _sorted_pairs(np.concatenate([problem.locks, free]))


class _ProposalOrder:
    """Each mentee's acceptable mentors, best first (ties: lower index), computed lazily.

    Most mentees only ever propose to a few mentors, so only the top ``width`` are sorted up
    front; a mentee that runs out gets its full order on demand.
    """

    def __init__(self, prefs: FloatArray, acceptable: BoolArray, width: int = 32) -> None:
        self.prefs, self.acceptable = prefs, acceptable
        n, m = prefs.shape
        self.count = acceptable.sum(axis=1)
        self.width = min(width, m)
        self.top = np.empty((n, self.width), dtype=np.int64)
        step = max(1, _BLOCK_PAIRS // max(m, 1))
        for start in range(0, n, step):
            self.top[start : start + step] = self._best(np.arange(start, min(n, start + step)))
        self.full: dict[int, IntArray] = {}

    def _best(self, rows: IntArray) -> IntArray:
        m = self.prefs.shape[1]
        # Negated prefs: ascending order = best first; a stable sort keeps lower indices
        # first among ties. Unacceptable mentors sort last.
        keys = np.where(self.acceptable[rows], -self.prefs[rows], np.inf)
        if self.width < m:
            part = np.argpartition(keys, self.width - 1, axis=1)[:, : self.width]
            # argpartition does not break ties by index, so re-sort the cut by (key, index).
            part.sort(axis=1)
            cut = np.take_along_axis(keys, part, axis=1)
            boundary = cut.max(axis=1, keepdims=True)
            ties = (keys == boundary).sum(axis=1) > (cut == boundary).sum(axis=1)
            if ties.any():
                part[ties] = np.argsort(keys[ties], axis=1, kind="stable")[:, : self.width]
            order = np.argsort(np.take_along_axis(keys, part, axis=1), axis=1, kind="stable")
            return np.take_along_axis(part, order, axis=1)
        return np.argsort(keys, axis=1, kind="stable")

    def choice(self, mentees: IntArray, rank: IntArray) -> IntArray:
        out = np.empty(mentees.size, dtype=np.int64)
        near = rank < self.width
        out[near] = self.top[mentees[near], rank[near]]
        for position in np.flatnonzero(~near):
            mentee = int(mentees[position])
            if mentee not in self.full:
                keys = np.where(self.acceptable[mentee], -self.prefs[mentee], np.inf)
                self.full[mentee] = np.argsort(keys, kind="stable")
            out[position] = self.full[mentee][rank[position]]
        return out


def _deferred_acceptance(
    *,
    mentee_prefs: FloatArray,
    mentor_prefs: FloatArray,
    acceptable: BoolArray,
    quota: IntArray,
    capacity: IntArray,
) -> IntArray:
    """Rounds in which every mentee short of mentors proposes to its next choice at once.

    Each round, a mentor receiving proposals keeps its best ``capacity`` among what it held
    and what it was offered (one ``lexsort`` over the mentors concerned) and rejects the
    rest; rejected mentees propose again next round. The result is the mentee-optimal
    stable matching.
    """
    n, m = mentee_prefs.shape
    order = _ProposalOrder(mentee_prefs, acceptable)
    next_rank = np.zeros(n, dtype=np.int64)
    held = np.zeros(n, dtype=np.int64)
    hold_mentee = np.empty(0, dtype=np.int64)
    hold_mentor = np.empty(0, dtype=np.int64)
    while True:
        active = np.flatnonzero((held < quota) & (next_rank < order.count))
        if not active.size:
            break
        offered = order.choice(active, next_rank[active])
        next_rank[active] += 1
        concerned = np.zeros(m, dtype=bool)
        concerned[offered] = True
        touched = concerned[hold_mentor]
        mentees = np.concatenate([hold_mentee[touched], active])
        mentors = np.concatenate([hold_mentor[touched], offered])
        # Within a mentor: better preference first, then lower mentee index.
        rank_order = np.lexsort((mentees, -mentor_prefs[mentees, mentors], mentors))
        mentees, mentors = mentees[rank_order], mentors[rank_order]
        group_start = np.searchsorted(mentors, mentors, side="left")
        kept = np.arange(mentors.size) - group_start < capacity[mentors]
        held += np.bincount(active, minlength=n)
        held -= np.bincount(mentees[~kept], minlength=n)
        hold_mentee = np.concatenate([hold_mentee[~touched], mentees[kept]])
        hold_mentor = np.concatenate([hold_mentor[~touched], mentors[kept]])
    return np.column_stack([hold_mentee, hold_mentor]).astype(np.int64)


def blocking_pairs(
    pairs: npt.ArrayLike,
    *,
    feasible: BoolArray,
    capacities: npt.ArrayLike,
    mentee_prefs: FloatArray,
    mentor_prefs: FloatArray,
    max_mentors_per_mentee: int = 1,
) -> IntArray:
    """Feasible unmatched pairs (i, j) where both would rather be together.

    i prefers j when it has a free place or j beats its worst mentor; j prefers i when it has
    a free place or i beats its worst mentee. Ties go to the lower index, as in stable mode.
    """
    n, m = mentee_prefs.shape
    chosen = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    rows, cols = chosen[:, 0], chosen[:, 1]
    caps = np.asarray(capacities, dtype=np.int64)
    # Worst partner per person as a (value, index) key; -inf when a place is free.
    mentee_worst, mentee_worst_index = _worst(
        owner=rows, other=cols, value=mentee_prefs[rows, cols], size=n
    )
    mentee_worst[np.bincount(rows, minlength=n) < max_mentors_per_mentee] = -np.inf
    mentor_worst, mentor_worst_index = _worst(
        owner=cols, other=rows, value=mentor_prefs[rows, cols], size=m
    )
    mentor_worst[np.bincount(cols, minlength=m) < caps] = -np.inf
    paired = sp.csr_array((np.ones(rows.size, dtype=bool), (rows, cols)), shape=(n, m))
    found = []
    step = max(1, _BLOCK_PAIRS // max(m, 1))
    j = np.arange(m)
    for start in range(0, n, step):
        i = np.arange(start, min(n, start + step))[:, None]
        a, b = mentee_prefs[start : start + step], mentor_prefs[start : start + step]
        mentee_wants = _beats(a, j[None, :], mentee_worst[i], mentee_worst_index[i])
        mentor_wants = _beats(b, i, mentor_worst[None, :], mentor_worst_index[None, :])
        block = feasible[start : start + step] & mentee_wants & mentor_wants
        block &= ~paired[start : start + step].toarray()
        r, c = np.nonzero(block)
        found.append(np.column_stack([r + start, c]))
    return np.concatenate(found).astype(np.int64) if found else _no_pairs()


def _worst(
    *, owner: IntArray, other: IntArray, value: FloatArray, size: int
) -> tuple[FloatArray, IntArray]:
    """Lowest (value, -index) partner per owner; +inf for owners without partner."""
    worst = np.full(size, np.inf)
    worst_index = np.full(size, -1, dtype=np.int64)
    order = np.lexsort((-other, value))  # ascending value, then higher index = worse
    first = np.unique(owner[order], return_index=True)[1]
    worst[owner[order][first]] = value[order][first]
    worst_index[owner[order][first]] = other[order][first]
    return worst, worst_index


def _beats(
    value: FloatArray, index: IntArray, worst: FloatArray, worst_index: IntArray
) -> BoolArray:
    beats: BoolArray = (value > worst) | ((value == worst) & (index < worst_index))
    return beats


def prefs_from_ranks(rank_lists: Sequence[Sequence[int]], *, n_other: int) -> FloatArray:
    """Preference values from rank lists (best first): the top choice gets the highest value.

    Row k is person k's list of indices of the other side; unlisted people get -1e9 so they
    come last (combine with ``feasible`` to make them unacceptable).
    """
    prefs = np.full((len(rank_lists), n_other), -1e9)
    for person, ranked in enumerate(rank_lists):
        prefs[person, np.asarray(ranked, dtype=np.int64)] = -np.arange(len(ranked), dtype=float)
    return prefs


# --------------------------------------------------------------------------------- helpers


def _result(
    problem: Problem, pairs: IntArray, *, mode: Mode, optimum: IntArray | None
) -> MatchResult:
    n, m = problem.shape
    rows, cols = pairs[:, 0], pairs[:, 1]
    pair_scores = problem.scores[rows, cols]
    total = float(pair_scores.sum())
    unmatched = np.setdiff1d(np.arange(n), rows).astype(np.int64)
    spare = problem.capacities - np.bincount(cols, minlength=m)
    blocking = blocking_pairs(
        pairs,
        feasible=problem.feasible,
        capacities=problem.capacities,
        mentee_prefs=problem.mentee_prefs,
        mentor_prefs=problem.mentor_prefs,
        max_mentors_per_mentee=problem.max_mentors_per_mentee,
    )
    is_locked = _member(pairs, problem.locks, m)
    return MatchResult(
        pairs=pairs,
        pair_scores=pair_scores,
        locked=is_locked,
        total_score=total,
        mode=mode,
        unmatched_mentees=unmatched,
        unmatched_reasons=_unmatched_reasons(problem, unmatched),
        spare_capacity=spare,
        spare_mentor_reasons={
            int(j): spare_mentor_reason(feasible=problem.feasible[:, j], spare=int(spare[j]))
            for j in np.flatnonzero(spare > 0)
        },
        blocking_pairs=int(blocking.shape[0]),
        optimal_total=None if optimum is None else _total(problem, optimum),
        optimal_matched_mentees=None if optimum is None else int(np.unique(optimum[:, 0]).size),
        score_given_up=None if optimum is None else _total(problem, optimum) - total,
        problem=problem,
    )


def _unmatched_reasons(problem: Problem, unmatched: IntArray) -> dict[int, Reason]:
    rest = residual(problem)
    open_capacity = rest.capacity > 0
    return {
        int(i): unmatched_mentee_reason(
            masks=None if problem.reasons is None else problem.reasons[i],
            feasible=problem.feasible[i],
            open_capacity=open_capacity,
        )
        for i in unmatched
    }


def _total(problem: Problem, pairs: IntArray) -> float:
    return float(problem.scores[pairs[:, 0], pairs[:, 1]].sum())


def _member(pairs: IntArray, among: IntArray, m: int) -> BoolArray:
    return np.isin(pairs[:, 0] * m + pairs[:, 1], among[:, 0] * m + among[:, 1])


def _sorted_pairs(pairs: IntArray) -> IntArray:
    pairs = pairs.reshape(-1, 2).astype(np.int64)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]


def _no_pairs() -> IntArray:
    return np.empty((0, 2), dtype=np.int64)


def _largest_allowed(scores: FloatArray, allowed: BoolArray) -> float:
    """max |score| over allowed pairs (NaN or inf if one is not finite), block by block."""
    n, m = scores.shape
    largest = 0.0
    step = max(1, _BLOCK_PAIRS // max(m, 1))
    for start in range(0, n, step):
        block = np.abs(scores[start : start + step])
        value = float(np.max(block, where=allowed[start : start + step], initial=0))
        if not np.isfinite(value):
            return value
        largest = max(largest, value)
    return largest


def _bool_matrix(values: npt.ArrayLike | None, shape: tuple[int, int], name: str) -> BoolArray:
    if values is None:
        return np.ones(shape, dtype=bool)
    array = np.asarray(values, dtype=bool)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {array.shape}")
    return array


def _prefs(
    values: npt.ArrayLike | None, scores: FloatArray, allowed: BoolArray, name: str
) -> FloatArray:
    if values is None:
        return scores
    array = np.asarray(values, dtype=np.float64)
    if array.shape != scores.shape:
        raise ValueError(f"{name} must have shape {scores.shape}, got {array.shape}")
    if not np.isfinite(_largest_allowed(array, allowed)):
        raise ValueError(f"{name} must be finite on every feasible pair")
    return array


def _capacities(values: npt.ArrayLike | None, m: int) -> IntArray:
    if values is None:
        return np.ones(m, dtype=np.int64)
    raw = np.asarray(values)
    caps = raw.astype(np.int64)
    if caps.shape != (m,) or (caps < 0).any() or not np.array_equal(caps, raw):
        raise ValueError(f"capacities must be {m} integers >= 0")
    return caps


def _locks(
    locks: Iterable[tuple[int, int]], *, n: int, capacities: IntArray, max_mentors: int
) -> IntArray:
    pairs = np.asarray(list(locks), dtype=np.int64).reshape(-1, 2)
    m = capacities.size
    if pairs.size and (pairs.min() < 0 or pairs[:, 0].max() >= n or pairs[:, 1].max() >= m):
        raise ValueError("locks refer to participants outside the cohort")
    if np.unique(pairs, axis=0).shape[0] != pairs.shape[0]:
        raise ValueError("a pair is locked twice")
    per_mentee = np.bincount(pairs[:, 0], minlength=n)
    if (per_mentee > max_mentors).any():
        mentee = int(np.argmax(per_mentee))
        raise ValueError(f"mentee {mentee} is locked to more than {max_mentors} mentor(s)")
    per_mentor = np.bincount(pairs[:, 1], minlength=m)
    if (per_mentor > capacities).any():
        mentor = int(np.argmax(per_mentor - capacities))
        raise ValueError(f"mentor {mentor} has more locks than places")
    return _sorted_pairs(pairs)
