"""Exhaustive reference solvers for small matching instances."""

from __future__ import annotations

from functools import cache
from itertools import combinations

import numpy as np
from hypothesis import strategies as st


def best_matching(scores, feasible, capacities, locks, max_mentors) -> tuple[int, float]:
    """(mentees matched, total score) of the lexicographic optimum, trying every set of
    mentors for every mentee (memoised on the capacities left)."""
    n, m = scores.shape
    locked = {(int(i), int(j)) for i, j in locks}
    left = np.asarray(capacities).copy()
    for _, j in locked:
        left[j] -= 1

    @cache
    def best(i: int, caps: tuple[int, ...]) -> tuple[int, float]:
        if i == n:
            return 0, 0.0
        own = [j for (a, j) in locked if a == i]
        free = [j for j in range(m) if feasible[i, j] and (i, j) not in locked and caps[j] > 0]
        options = []
        for size in range(max_mentors - len(own) + 1):
            for subset in combinations(free, size):
                rest = list(caps)
                for j in subset:
                    rest[j] -= 1
                matched, total = best(i + 1, tuple(rest))
                gained = sum(scores[i, j] for j in (*own, *subset))
                options.append((matched + bool(own or subset), total + gained))
        return max(options, key=lambda o: (o[0], round(o[1], 9)))

    return best(0, tuple(int(c) for c in left))


def lexicographic_value(scores, pairs) -> tuple[int, float]:
    pairs = np.asarray(pairs).reshape(-1, 2)
    return len(set(pairs[:, 0].tolist())), float(scores[pairs[:, 0], pairs[:, 1]].sum())


def naive_blocking_pairs(pairs, *, feasible, capacities, mentee_prefs, mentor_prefs, quota):
    """Blocking pairs by the textbook definition, one pair at a time (ties: lower index)."""
    n, m = feasible.shape
    partners_of = {i: [j for a, j in pairs if a == i] for i in range(n)}
    mentees_of = {j: [i for i, b in pairs if b == j] for j in range(m)}

    def mentee_likes(i, j, than):
        return (mentee_prefs[i, j], -j) > (mentee_prefs[i, than], -than)

    def mentor_likes(j, i, than):
        return (mentor_prefs[i, j], -i) > (mentor_prefs[than, j], -than)

    found = []
    for i in range(n):
        for j in range(m):
            if not feasible[i, j] or j in partners_of[i]:
                continue
            mentee_wants = len(partners_of[i]) < quota or any(
                mentee_likes(i, j, w) for w in partners_of[i]
            )
            mentor_wants = len(mentees_of[j]) < capacities[j] or any(
                mentor_likes(j, i, w) for w in mentees_of[j]
            )
            if mentee_wants and mentor_wants:
                found.append((i, j))
    return found


@st.composite
def instances(draw, *, max_n: int = 7, max_m: int = 5, locks: bool = True):
    """Small instances with tied scores, forbidden pairs, capacities 0..3 and valid locks."""
    n = draw(st.integers(1, max_n))
    m = draw(st.integers(1, max_m))
    cells = st.lists(st.integers(0, 9), min_size=n * m, max_size=n * m)
    scores = np.array(draw(cells), dtype=float).reshape(n, m) / 10
    flags = st.lists(st.booleans(), min_size=n * m, max_size=n * m)
    feasible = np.array(draw(flags)).reshape(n, m)
    capacities = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)))
    max_mentors = draw(st.sampled_from([1, 2]))
    wanted = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)), max_size=3, unique=True)
        if locks
        else st.just([])
    )
    kept: list[tuple[int, int]] = []
    for i, j in wanted:
        if (
            sum(a == i for a, _ in kept) < max_mentors
            and sum(b == j for _, b in kept) < capacities[j]
        ):
            kept.append((i, j))
    return {
        "scores": scores,
        "feasible": feasible,
        "capacities": capacities,
        "locks": kept,
        "max_mentors_per_mentee": max_mentors,
    }
