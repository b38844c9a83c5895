"""Pair scores and hard rules for a mentoring cohort, vectorised with numpy (no Django).

The services layer turns profiles into the plain dataclasses below (one row per person,
numpy arrays), then calls ``score_cohort``. Nothing here loops over pairs in Python: rows are
processed in blocks of about a million pairs so temporaries stay small even at 5000 x 5000.

Public API
----------
``Participants(ids, competences, sectors, languages, hours, countries, regions,
organisations, organisation_kinds, wishes=(), vetoes=())``
    One side of the cohort (mentees or mentors); see the class docstring for shapes.
``Cohort(mentees, mentors, kind_affinity=None)``
``HardRules(cross_border=True, eu_south_med=False, common_language=True,
min_language_level=3, different_organisation=True, honour_vetoes=True)``
``score_cohort(cohort, *, weights=DEFAULT_WEIGHTS, rules=HardRules(), forbidden_pairs=())
-> CohortScores``
    ``CohortScores.total`` is the ``(mentees, mentors)`` float64 weighted score,
    ``CohortScores.reasons`` the ``uint8`` mask of ``reasons.Rule`` bits (0 = allowed).
``CohortScores.criteria(mentees, mentors) -> dict[str, ndarray]``
    Per-criterion values (0..1) for chosen pairs only; ``contributions`` multiplies them by
    the weights. Explanations never need the six full matrices.
``hour_mask(utc_hours) -> ndarray``
    Helper building a 168-hour boolean week from hour-of-week numbers.

Criteria (each scaled to 0..1 before weighting, so a weight is the criterion's share of a
perfect score; DEFAULT_WEIGHTS sum to 1 so totals lie in 0..1):

======================  =======  ========================================================
criterion               default  value of a pair (mentee i, mentor j)
======================  =======  ========================================================
``needs_expertise``     0.35     need-weighted mean of j's expertise over i's areas of
                                 need, divided by the top level 5 (0 if i states no need)
``sector``              0.15     share of i's sectors that j also works in
``language``            0.15     best shared level: max over languages of
                                 min(level_i, level_j), divided by the top level 6
``hours_overlap``       0.10     common UTC working hours per week divided by the smaller
                                 of the two working weeks
``wishes``              0.15     mean of both sides' wish values; a wish ranked r (0-based)
                                 in a list of length L is worth (L - r) / L, else 0
``organisation_kind``   0.10     ``kind_affinity[kind_i, kind_j]`` (identity by default:
                                 1 for the same kind of organisation)
======================  =======  ========================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from .reasons import Rule

CRITERIA: tuple[str, ...] = (
    "needs_expertise",
    "sector",
    "language",
    "hours_overlap",
    "wishes",
    "organisation_kind",
)
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "needs_expertise": 0.35,
        "sector": 0.15,
        "language": 0.15,
        "hours_overlap": 0.10,
        "wishes": 0.15,
        "organisation_kind": 0.10,
    }
)
MAX_COMPETENCE_LEVEL = 5
MAX_LANGUAGE_LEVEL = 6
HOURS_PER_WEEK = 168
REGION_EU, REGION_SOUTH_MED, REGION_OTHER = "eu", "south_med", "other"

_BLOCK_PAIRS = 1 << 20

IntArray = npt.NDArray[np.integer]
FloatArray = npt.NDArray[np.float64]
# Criterion values: float32 while scoring blocks, float64 once handed out.
Values = npt.NDArray[np.floating]
_Scalar = TypeVar("_Scalar", bound=np.generic)


@dataclass(frozen=True)
class Participants:
    """One side of a cohort; row ``k`` of every array describes participant ``ids[k]``.

    competences: ``(n, areas)`` levels 0..5 - needs for mentees, expertise for mentors.
    sectors: ``(n, sectors)`` bool.
    languages: ``(n, languages)`` levels 0 (none) .. 6 (native), same columns on both sides.
    hours: ``(n, 168)`` bool, UTC hour of the week (Monday 00:00 UTC = 0) the person works;
        the caller folds in time zones and Fri-Sat / Sat-Sun weekends.
    countries: ``(n,)`` ISO codes; regions: ``(n,)`` "eu" / "south_med" / "other".
    organisations: ``(n,)`` int ids, negative when unknown; organisation_kinds: ``(n,)`` int
        codes indexing ``Cohort.kind_affinity``.
    wishes / vetoes: per person, indices into the *other* side; wishes best first.
    """

    ids: Sequence[str]
    competences: npt.ArrayLike
    sectors: npt.ArrayLike
    languages: npt.ArrayLike
    hours: npt.ArrayLike
    countries: npt.ArrayLike
    regions: npt.ArrayLike
    organisations: npt.ArrayLike
    organisation_kinds: npt.ArrayLike
    wishes: Sequence[Sequence[int]] = ()
    vetoes: Sequence[Sequence[int]] = ()

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Cohort:
    mentees: Participants
    mentors: Participants
    kind_affinity: npt.ArrayLike | None = None


@dataclass(frozen=True)
class HardRules:
    """Per-programme hard rules; manager forbids and vetoes always apply when given."""

    cross_border: bool = True
    eu_south_med: bool = False
    common_language: bool = True
    min_language_level: int = 3
    different_organisation: bool = True
    honour_vetoes: bool = True


class _SparsePairs(Generic[_Scalar]):
    """Values on a few (mentee, mentor) pairs, read back as dense row blocks or per pair.

    Duplicate pairs are merged at construction with ``combine`` (``np.maximum``,
    ``np.bitwise_or`` or ``np.add``).
    """

    def __init__(
        self,
        rows: IntArray,
        cols: IntArray,
        values: npt.NDArray[_Scalar],
        *,
        n_cols: int,
        combine: np.ufunc,
    ) -> None:
        keys, inverse = np.unique(rows.astype(np.int64) * n_cols + cols, return_inverse=True)
        merged: npt.NDArray[_Scalar] = np.zeros(keys.size, dtype=values.dtype)
        combine.at(merged, inverse, values)
        self.keys, self.values, self.n_cols = keys, merged, n_cols

    def lookup(self, rows: IntArray, cols: IntArray) -> npt.NDArray[_Scalar]:
        """Values at broadcast ``(rows, cols)``, 0 where no pair is stored."""
        if _is_block(rows):
            return self._block(int(rows[0, 0]), int(rows[-1, 0]) + 1)
        keys = rows.astype(np.int64) * self.n_cols + cols
        out = np.zeros(keys.shape, dtype=self.values.dtype)
        if self.keys.size:
            at = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
            hit = self.keys[at] == keys
            out[hit] = self.values[at[hit]]
        return out

    def _block(self, start: int, stop: int) -> npt.NDArray[_Scalar]:
        out = np.zeros((stop - start, self.n_cols), dtype=self.values.dtype)
        lo, hi = np.searchsorted(self.keys, [start * self.n_cols, stop * self.n_cols])
        keys = self.keys[lo:hi]
        out[keys // self.n_cols - start, keys % self.n_cols] = self.values[lo:hi]
        return out


@dataclass(frozen=True)
class _Side:
    """Compact per-person arrays derived once from ``Participants``."""

    competences: npt.NDArray[np.float32]
    competence_sum: npt.NDArray[np.float32]
    sectors: npt.NDArray[np.float32]
    sector_count: npt.NDArray[np.float32]
    languages: npt.NDArray[np.int8]
    hours: npt.NDArray[np.float32]
    hour_count: npt.NDArray[np.float32]
    country: IntArray
    region: IntArray
    organisation: IntArray
    kind: IntArray


@dataclass(frozen=True)
class _Prepared:
    mentees: _Side
    mentors: _Side
    affinity: npt.NDArray[np.float32]
    wishes: _SparsePairs[np.floating]
    bans: _SparsePairs[np.uint8]
    rules: HardRules


@dataclass(frozen=True)
class CohortScores:
    """Output of ``score_cohort``; ``total`` and ``reasons`` are ``(mentees, mentors)``."""

    total: FloatArray
    reasons: npt.NDArray[np.uint8]
    weights: Mapping[str, float]
    rules: HardRules
    _prepared: _Prepared = field(repr=False)

    @property
    def feasible(self) -> npt.NDArray[np.bool_]:
        feasible: npt.NDArray[np.bool_] = self.reasons == 0
        return feasible

    def criteria(self, mentees: npt.ArrayLike, mentors: npt.ArrayLike) -> dict[str, FloatArray]:
        """Per-criterion values (0..1) for the pairs ``(mentees[k], mentors[k])``."""
        rows, cols = np.asarray(mentees, dtype=np.intp), np.asarray(mentors, dtype=np.intp)
        values, _ = _evaluate(self._prepared, rows, cols)
        return {name: np.asarray(value, dtype=np.float64) for name, value in values.items()}

    def contributions(
        self, mentees: npt.ArrayLike, mentors: npt.ArrayLike
    ) -> dict[str, FloatArray]:
        """weight x value of every criterion for the given pairs; they add up to the total."""
        values = self.criteria(mentees, mentors)
        return {name: self.weights[name] * value for name, value in values.items()}


def hour_mask(utc_hours: Iterable[int]) -> npt.NDArray[np.bool_]:
    """A 168-slot boolean week with the given UTC hours of the week (0 = Monday 00:00) set."""
    mask = np.zeros(HOURS_PER_WEEK, dtype=bool)
    mask[np.fromiter(utc_hours, dtype=np.intp)] = True
    return mask


def resolve_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Defaults overridden by ``weights``; unknown names and negative weights are errors."""
    unknown = set(weights) - set(CRITERIA)
    if unknown:
        raise ValueError(f"unknown criteria: {sorted(unknown)}; known: {list(CRITERIA)}")
    merged = {**DEFAULT_WEIGHTS, **weights}
    for name, weight in merged.items():
        if not np.isfinite(weight) or weight < 0:
            raise ValueError(f"weight of {name} must be a finite number >= 0, got {weight!r}")
    return {name: float(merged[name]) for name in CRITERIA}


def score_cohort(
    cohort: Cohort,
    *,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    rules: HardRules = HardRules(),
    forbidden_pairs: Iterable[tuple[int, int]] = (),
) -> CohortScores:
    """Weighted scores and rule masks for every (mentee, mentor) pair of the cohort.

    ``forbidden_pairs`` are the manager's "must not pair" decisions, as (mentee index,
    mentor index). Missing weights take their default.
    """
    resolved = resolve_weights(weights)
    prepared = _prepare(cohort, rules=rules, forbidden_pairs=forbidden_pairs)
    n, m = len(cohort.mentees), len(cohort.mentors)
    total = np.zeros((n, m), dtype=np.float64)
    reasons = np.zeros((n, m), dtype=np.uint8)
    step = max(1, _BLOCK_PAIRS // max(m, 1))
    cols = np.arange(m, dtype=np.intp)[None, :]
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step), dtype=np.intp)[:, None]
        values, mask = _evaluate(prepared, rows, cols)
        block = total[start : start + step]
        for name in CRITERIA:
            if resolved[name]:
                value = np.multiply(values[name], np.float32(resolved[name]), dtype=np.float32)
                np.add(block, value, out=block)
        reasons[start : start + step] = mask
    return CohortScores(total, reasons, MappingProxyType(resolved), rules, prepared)


def _evaluate(
    prepared: _Prepared, rows: IntArray, cols: IntArray
) -> tuple[dict[str, Values], npt.NDArray[np.uint8]]:
    """Criterion values and rule mask on broadcast (rows, cols): a block or a pair list."""
    a, b = prepared.mentees, prepared.mentors
    best_language = _best_common_level(a.languages, b.languages, rows, cols)
    values = {
        "needs_expertise": _needs_expertise(a, b, rows, cols),
        "sector": _share(a.sectors, b.sectors, a.sector_count, rows, cols),
        "language": best_language / np.float32(MAX_LANGUAGE_LEVEL),
        "hours_overlap": _hours_overlap(a, b, rows, cols),
        "wishes": prepared.wishes.lookup(rows, cols),
        "organisation_kind": _kind_affinity(prepared.affinity, a.kind, b.kind, rows, cols),
    }
    mask = prepared.bans.lookup(rows, cols)
    rules = prepared.rules
    if rules.cross_border:
        mask |= _flag(a.country[rows] == b.country[cols], Rule.CROSS_BORDER)
    if rules.eu_south_med:
        mixed = a.region[rows] + b.region[cols] == _REGION_CODE_SUM_EU_SOUTH_MED
        mask |= _flag(~mixed, Rule.EU_SOUTH_MED)
    if rules.common_language:
        mask |= _flag(best_language < rules.min_language_level, Rule.COMMON_LANGUAGE)
    if rules.different_organisation:
        org = a.organisation[rows]
        mask |= _flag((org == b.organisation[cols]) & (org >= 0), Rule.DIFFERENT_ORGANISATION)
    return values, mask


def _flag(condition: npt.NDArray[np.bool_], rule: Rule) -> npt.NDArray[np.uint8]:
    return condition.view(np.uint8) * np.uint8(rule)


# Region codes chosen so that only an EU + South-Med pair sums to 3 (1 + 2).
_REGION_CODES = {REGION_OTHER: 0, REGION_EU: 1, REGION_SOUTH_MED: 2}
_REGION_CODE_SUM_EU_SOUTH_MED = 3


def _is_block(rows: IntArray) -> bool:
    return rows.ndim == 2


def _dot(x: Values, y: Values, rows: IntArray, cols: IntArray) -> Values:
    """Row-wise dot products: a BLAS product for blocks, an einsum for pair lists."""
    products: Values = (
        x[rows[:, 0]] @ y[cols[0]].T if _is_block(rows) else np.einsum("ka,ka->k", x[rows], y[cols])
    )
    return products


def _needs_expertise(a: _Side, b: _Side, rows: IntArray, cols: IntArray) -> Values:
    weighted = _dot(a.competences, b.competences, rows, cols)
    return weighted / (_at_least_one(a.competence_sum[rows]) * np.float32(MAX_COMPETENCE_LEVEL))


def _share(
    x: Values, y: Values, x_count: npt.NDArray[np.float32], rows: IntArray, cols: IntArray
) -> Values:
    return _dot(x, y, rows, cols) / _at_least_one(x_count[rows])


def _best_common_level(
    x: npt.NDArray[np.int8], y: npt.NDArray[np.int8], rows: IntArray, cols: IntArray
) -> npt.NDArray[np.int8]:
    shape = np.broadcast_shapes(rows.shape, cols.shape)
    best = np.zeros(shape, dtype=np.int8)
    # A loop over the handful of languages keeps every temporary at one int8 per pair.
    for language in range(x.shape[1]):
        np.maximum(best, np.minimum(x[rows, language], y[cols, language]), out=best)
    return best


def _hours_overlap(a: _Side, b: _Side, rows: IntArray, cols: IntArray) -> Values:
    smaller = np.minimum(a.hour_count[rows], b.hour_count[cols])
    return _dot(a.hours, b.hours, rows, cols) / _at_least_one(smaller)


def _at_least_one(denominator: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Safe divisor: where it is 0 the numerator (a sum over nothing) is 0 too."""
    return np.maximum(denominator, np.float32(1))


def _kind_affinity(
    affinity: npt.NDArray[np.float32], x: IntArray, y: IntArray, rows: IntArray, cols: IntArray
) -> npt.NDArray[np.float32]:
    if _is_block(rows):
        # Gathering whole rows first, then columns, is several times faster than a 2-D gather.
        return affinity[x[rows[:, 0]]][:, y[cols[0]]]
    return affinity[x[rows], y[cols]]


def _prepare(
    cohort: Cohort, *, rules: HardRules, forbidden_pairs: Iterable[tuple[int, int]]
) -> _Prepared:
    mentees, mentors = cohort.mentees, cohort.mentors
    n, m = len(mentees), len(mentors)
    country_codes = _codes(mentees.countries, mentors.countries)
    kinds = (np.asarray(mentees.organisation_kinds), np.asarray(mentors.organisation_kinds))
    return _Prepared(
        mentees=_side(mentees, country=country_codes[0]),
        mentors=_side(mentors, country=country_codes[1]),
        affinity=_affinity(cohort.kind_affinity, kinds),
        wishes=_wish_values(mentees, mentors),
        bans=_bans(mentees, mentors, rules=rules, forbidden_pairs=forbidden_pairs, n=n, m=m),
        rules=rules,
    )


def _side(people: Participants, *, country: IntArray) -> _Side:
    n = len(people)
    competences = _matrix(people.competences, n, "competences", np.float32)
    sectors = _matrix(people.sectors, n, "sectors", bool).astype(np.float32)
    hours = _matrix(people.hours, n, "hours", bool)
    if hours.shape[1] != HOURS_PER_WEEK:
        raise ValueError(
            f"hours must have one column per hour of the week ({HOURS_PER_WEEK}), "
            f"got {hours.shape[1]}"
        )
    regions = np.asarray(people.regions)
    unknown = set(np.unique(regions).tolist()) - set(_REGION_CODES)
    if unknown:
        raise ValueError(f"unknown regions {sorted(unknown)}; use {sorted(_REGION_CODES)}")
    return _Side(
        competences=competences,
        competence_sum=competences.sum(axis=1),
        sectors=sectors,
        sector_count=sectors.sum(axis=1),
        languages=_matrix(people.languages, n, "languages", np.int8),
        hours=hours.astype(np.float32),
        hour_count=hours.sum(axis=1).astype(np.float32),
        country=country,
        region=np.array([_REGION_CODES[r] for r in regions.tolist()], dtype=np.int8),
        organisation=_vector(people.organisations, n, "organisations").astype(np.int64),
        kind=_vector(people.organisation_kinds, n, "organisation_kinds").astype(np.intp),
    )


def _matrix(values: npt.ArrayLike, n: int, name: str, dtype: npt.DTypeLike) -> npt.NDArray[Any]:
    array = np.asarray(values, dtype=dtype)
    if array.ndim != 2 or array.shape[0] != n:
        raise ValueError(f"{name} must have shape ({n}, k), got {array.shape}")
    return np.ascontiguousarray(array)


def _vector(values: npt.ArrayLike, n: int, name: str) -> npt.NDArray[Any]:
    array = np.asarray(values)
    if array.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {array.shape}")
    return array


def _codes(left: npt.ArrayLike, right: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    """Shared integer codes for two arrays of labels (countries)."""
    a, b = np.asarray(left), np.asarray(right)
    _, inverse = np.unique(np.concatenate([a.astype(str), b.astype(str)]), return_inverse=True)
    return inverse[: a.size].astype(np.int32), inverse[a.size :].astype(np.int32)


def _affinity(
    kind_affinity: npt.ArrayLike | None, kinds: tuple[IntArray, IntArray]
) -> npt.NDArray[np.float32]:
    top = int(max((k.max(initial=-1) for k in kinds), default=-1)) + 1
    if kind_affinity is None:
        return np.eye(max(top, 1), dtype=np.float32)
    affinity = np.asarray(kind_affinity, dtype=np.float32)
    if affinity.ndim != 2 or min(affinity.shape) < top:
        raise ValueError(f"kind_affinity must be at least {top} x {top}")
    if not np.all((affinity >= 0) & (affinity <= 1)):
        raise ValueError("kind_affinity values must lie in 0..1")
    return affinity


def _ranked_pairs(
    lists: Sequence[Sequence[int]], n: int, other: int, name: str
) -> tuple[IntArray, IntArray, npt.NDArray[np.float32]]:
    """(owner, target, value) triples; a wish ranked r in a list of length L is worth (L-r)/L."""
    if lists and len(lists) != n:
        raise ValueError(f"{name} must have one list per participant ({n}), got {len(lists)}")
    lengths = np.fromiter((len(x) for x in lists), dtype=np.intp, count=len(lists))
    owners = np.repeat(np.arange(len(lists), dtype=np.intp), lengths)
    targets = np.fromiter((t for x in lists for t in x), dtype=np.intp, count=int(lengths.sum()))
    if targets.size and (targets.min() < 0 or targets.max() >= other):
        raise ValueError(f"{name} refer to participants outside 0..{other - 1}")
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    rank = np.arange(targets.size) - starts
    length = lengths[owners].astype(np.float32)
    return owners, targets, ((length - rank) / np.maximum(length, 1)).astype(np.float32)


def _wish_values(mentees: Participants, mentors: Participants) -> _SparsePairs[np.floating]:
    n, m = len(mentees), len(mentors)
    i1, j1, v1 = _ranked_pairs(mentees.wishes, n, m, "mentee wishes")
    j2, i2, v2 = _ranked_pairs(mentors.wishes, m, n, "mentor wishes")
    # A wish listed twice counts once (its best rank); then the two sides are averaged.
    by_mentees = _SparsePairs(i1, j1, v1, n_cols=m, combine=np.maximum)
    by_mentors = _SparsePairs(i2, j2, v2, n_cols=m, combine=np.maximum)
    keys = np.concatenate([by_mentees.keys, by_mentors.keys])
    halves = np.concatenate([by_mentees.values, by_mentors.values]) / np.float32(2)
    return _SparsePairs(keys // max(m, 1), keys % max(m, 1), halves, n_cols=m, combine=np.add)


def _bans(
    mentees: Participants,
    mentors: Participants,
    *,
    rules: HardRules,
    forbidden_pairs: Iterable[tuple[int, int]],
    n: int,
    m: int,
) -> _SparsePairs[np.uint8]:
    forbidden = np.asarray(list(forbidden_pairs), dtype=np.intp).reshape(-1, 2)
    if forbidden.size and (
        forbidden.min() < 0 or forbidden[:, 0].max() >= n or forbidden[:, 1].max() >= m
    ):
        raise ValueError("forbidden_pairs refer to participants outside the cohort")
    parts: list[tuple[IntArray, IntArray, Rule]] = [
        (forbidden[:, 0], forbidden[:, 1], Rule.MANAGER_FORBID)
    ]
    if rules.honour_vetoes:
        i1, j1, _ = _ranked_pairs(mentees.vetoes, n, m, "mentee vetoes")
        j2, i2, _ = _ranked_pairs(mentors.vetoes, m, n, "mentor vetoes")
        parts += [(i1, j1, Rule.MENTEE_VETO), (i2, j2, Rule.MENTOR_VETO)]
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    bits = np.concatenate([np.full(p[0].size, int(p[2]), dtype=np.uint8) for p in parts])
    return _SparsePairs(rows, cols, bits, n_cols=m, combine=np.bitwise_or)
