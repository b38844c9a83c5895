"""Pure statistics for the programme impact report (no Django import).

Inputs are plain mappings and sequences and outputs are frozen dataclasses, so the same code
serves views, exports and offline checks. Every function is deterministic.

Public API
==========

Competence ratings (baseline vs end, one rater at a time)
    ``Ratings``: ``person -> indicator -> rating``; a rating is an integer 1-5 or ``None``
    (missing). People present in neither questionnaire should be passed with an empty mapping
    so they are counted as dropped.
    ``Framework``: ``area -> indicators`` (each indicator belongs to exactly one area).
    ``Assessment(baseline, end)``: the two questionnaires of one rater.
    ``Interval(low, high)`` and ``ChangeSummary`` (n, dropped, means, mean change, interval,
    improved count and ``share_improved``).
    ``summarise_change(baseline, end, *, confidence=0.95)``: paired summary of two sequences.
    ``indicator_changes(assessment, *, framework, confidence=0.95)``: summary per indicator.
    ``area_changes(assessment, *, framework, confidence=0.95)``: summary per area.
    ``improved_areas(assessment, *, framework)``: per person, the areas that improved.
    ``silver_label_candidates(improved, *, minimum_areas=3)``: people with enough improved areas.
    ``RaterResults`` and ``rater_results(...)``: all of the above for one rater.
    ``compare_raters(assessments, *, framework, ...)``: the same for each rater (e.g. "self"
    and "mentor"), side by side.

Mentoring activity
    ``SessionRecord``, ``PairActivity``, ``ActivitySummary``,
    ``summarise_activity(sessions, *, pairs)``.

Disaggregation with small-cell suppression
    ``SUPPRESSED`` (a ``Suppressed`` enum member) and
    ``disaggregate(records, *, group, person, figure, minimum_people=3)``.

Collaboration level
    ``Region``, ``CollaborationLevel``, ``PROGRAMME_REGIONS``,
    ``classify_collaboration(countries, *, regions=PROGRAMME_REGIONS)``.

Rules
=====

Complete pairs
    A baseline/end pair counts only when both sides are present; the others are reported as
    ``dropped``, never imputed.
Confidence interval
    Paired t interval of the per-person changes: ``mean +/- t(1 - alpha/2, n - 1) * s / sqrt(n)``
    with ``s`` the sample standard deviation. With n = 0 there is no mean and no interval; with
    n = 1 there is a mean but no interval (no variance estimate); when every change is the same
    the interval collapses to ``[mean, mean]``, which is what the formula gives.
Area score and area improvement
    For one person and one area, only the indicators rated at both baseline and end are used,
    so both scores cover the same indicators. The area score is the mean of those indicators.
    The area *improved* when the end score is strictly greater than the baseline score
    (compared exactly, as sums of the same integer ratings). A person with no indicator of the
    area rated at both times is dropped for that area.
Silver label
    The European cluster excellence Silver label criterion is read as "at least three improved
    areas" for a person, using the rule above; which rater's view applies is the caller's
    choice (results are computed per rater).
Suppression
    See ``disaggregate``.
Collaboration level
    See ``classify_collaboration``.
"""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal, TypeVar

import numpy as np
from scipy import stats

Rating = int | None
Ratings = Mapping[str, Mapping[str, Rating]]
Framework = Mapping[str, Sequence[str]]

MIN_RATING: Final = 1
MAX_RATING: Final = 5


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class ChangeSummary:
    """Paired change from baseline to end over the complete pairs only."""

    n: int
    dropped: int
    baseline_mean: float | None
    end_mean: float | None
    mean_change: float | None
    interval: Interval | None
    improved: int

    @property
    def share_improved(self) -> float | None:
        return self.improved / self.n if self.n else None


@dataclass(frozen=True)
class Assessment:
    """Baseline and end questionnaires of one rater (the mentee or the mentor)."""

    baseline: Ratings
    end: Ratings

    @property
    def people(self) -> list[str]:
        return sorted(set(self.baseline) | set(self.end))


@dataclass(frozen=True)
class RaterResults:
    indicators: Mapping[str, ChangeSummary]
    areas: Mapping[str, ChangeSummary]
    improved_areas: Mapping[str, frozenset[str]]
    silver_label: Sequence[str]


def summarise_change(
    baseline: Sequence[float | None],
    end: Sequence[float | None],
    *,
    confidence: float = 0.95,
) -> ChangeSummary:
    """Summarise paired values: position ``i`` of both sequences belongs to the same person."""
    if len(baseline) != len(end):
        raise ValueError("baseline and end must have one value per person each")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be strictly between 0 and 1")
    pairs = [(b, e) for b, e in zip(baseline, end, strict=True) if b is not None and e is not None]
    dropped = len(baseline) - len(pairs)
    if not pairs:
        return ChangeSummary(0, dropped, None, None, None, None, 0)
    before = np.array([b for b, _ in pairs], dtype=float)
    after = np.array([e for _, e in pairs], dtype=float)
    changes = after - before
    mean_change = float(changes.mean())
    return ChangeSummary(
        n=len(pairs),
        dropped=dropped,
        baseline_mean=float(before.mean()),
        end_mean=float(after.mean()),
        mean_change=mean_change,
        interval=_paired_interval(changes, mean=mean_change, confidence=confidence),
        improved=int((changes > 0).sum()),
    )


def _paired_interval(changes: np.ndarray, *, mean: float, confidence: float) -> Interval | None:
    n = changes.size
    if n < 2:
        return None
    standard_error = float(changes.std(ddof=1)) / math.sqrt(n)
    half_width = float(stats.t.ppf((1 + confidence) / 2, df=n - 1)) * standard_error
    return Interval(mean - half_width, mean + half_width)


def indicator_changes(
    assessment: Assessment, *, framework: Framework, confidence: float = 0.95
) -> dict[str, ChangeSummary]:
    """Summary per indicator, in framework order."""
    _check_assessment(assessment, framework)
    people = assessment.people
    return {
        indicator: summarise_change(
            [assessment.baseline.get(p, {}).get(indicator) for p in people],
            [assessment.end.get(p, {}).get(indicator) for p in people],
            confidence=confidence,
        )
        for indicator in _indicators(framework)
    }


def area_changes(
    assessment: Assessment, *, framework: Framework, confidence: float = 0.95
) -> dict[str, ChangeSummary]:
    """Summary per area of the per-person area scores (see "Area score" in the module doc)."""
    _check_assessment(assessment, framework)
    summaries = {}
    for area, indicators in framework.items():
        sums = [_area_sums(assessment, person, indicators) for person in assessment.people]
        summaries[area] = summarise_change(
            [None if s is None else s.baseline / s.count for s in sums],
            [None if s is None else s.end / s.count for s in sums],
            confidence=confidence,
        )
    return summaries


def improved_areas(assessment: Assessment, *, framework: Framework) -> dict[str, frozenset[str]]:
    """For every person, the areas whose end score is strictly above the baseline score."""
    _check_assessment(assessment, framework)
    result = {}
    for person in assessment.people:
        sums = {area: _area_sums(assessment, person, ind) for area, ind in framework.items()}
        result[person] = frozenset(
            area for area, s in sums.items() if s is not None and s.end > s.baseline
        )
    return result


def silver_label_candidates(
    improved: Mapping[str, Collection[str]], *, minimum_areas: int = 3
) -> list[str]:
    """People with at least ``minimum_areas`` improved areas, sorted."""
    return sorted(person for person, areas in improved.items() if len(areas) >= minimum_areas)


def rater_results(
    assessment: Assessment,
    *,
    framework: Framework,
    confidence: float = 0.95,
    minimum_areas: int = 3,
) -> RaterResults:
    improved = improved_areas(assessment, framework=framework)
    return RaterResults(
        indicators=indicator_changes(assessment, framework=framework, confidence=confidence),
        areas=area_changes(assessment, framework=framework, confidence=confidence),
        improved_areas=improved,
        silver_label=silver_label_candidates(improved, minimum_areas=minimum_areas),
    )


def compare_raters(
    assessments: Mapping[str, Assessment],
    *,
    framework: Framework,
    confidence: float = 0.95,
    minimum_areas: int = 3,
) -> dict[str, RaterResults]:
    """Run the same computations for each rater, e.g. ``{"self": ..., "mentor": ...}``.

    Each rater keeps its own complete pairs, so the n of the two columns may differ.
    """
    return {
        rater: rater_results(
            assessment, framework=framework, confidence=confidence, minimum_areas=minimum_areas
        )
        for rater, assessment in assessments.items()
    }


@dataclass(frozen=True)
class _AreaSums:
    baseline: int
    end: int
    count: int


def _area_sums(assessment: Assessment, person: str, indicators: Sequence[str]) -> _AreaSums | None:
    before = assessment.baseline.get(person, {})
    after = assessment.end.get(person, {})
    paired = [
        (b, e)
        for b, e in ((before.get(i), after.get(i)) for i in indicators)
        if b is not None and e is not None
    ]
    if not paired:
        return None
    return _AreaSums(sum(b for b, _ in paired), sum(e for _, e in paired), len(paired))


def _indicators(framework: Framework) -> list[str]:
    return [indicator for indicators in framework.values() for indicator in indicators]


def _check_assessment(assessment: Assessment, framework: Framework) -> None:
    # Fail loudly: a typo in an indicator code or an out-of-scale value would otherwise
    # silently shrink n or bias a mean in a published report.
    indicators = _indicators(framework)
    if len(indicators) != len(set(indicators)):
        raise ValueError("an indicator belongs to more than one area")
    known = set(indicators)
    for ratings in (assessment.baseline, assessment.end):
        for person, answers in ratings.items():
            for indicator, rating in answers.items():
                if indicator not in known:
                    raise ValueError(f"{person}: unknown indicator {indicator!r}")
                if rating is not None and not _is_valid_rating(rating):
                    raise ValueError(f"{person}: rating {rating!r} for {indicator!r} is not 1-5")


def _is_valid_rating(rating: object) -> bool:
    return (
        isinstance(rating, int)
        and not isinstance(rating, bool)
        and MIN_RATING <= rating <= MAX_RATING
    )


# --- Mentoring activity ------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRecord:
    """One scheduled session of a mentoring pair; ``attended`` means it took place."""

    pair: str
    minutes: int
    attended: bool


@dataclass(frozen=True)
class PairActivity:
    scheduled: int
    attended: int
    hours: float

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.scheduled if self.scheduled else None


@dataclass(frozen=True)
class ActivitySummary:
    pairs: Mapping[str, PairActivity]
    sessions_per_pair: float | None
    hours_per_pair: float | None
    attendance_rate: float | None


def summarise_activity(
    sessions: Iterable[SessionRecord], *, pairs: Collection[str]
) -> ActivitySummary:
    """Sessions and hours per pair (attended sessions only) and attendance rates.

    ``pairs`` lists every pair of the programme so that pairs that never met count as zero in
    the per-pair means. The overall attendance rate is attended / scheduled over all sessions.
    """
    scheduled: dict[str, int] = dict.fromkeys(pairs, 0)
    attended: dict[str, int] = dict.fromkeys(pairs, 0)
    minutes: dict[str, int] = dict.fromkeys(pairs, 0)
    for session in sessions:
        if session.pair not in scheduled:
            raise ValueError(f"session for unknown pair {session.pair!r}")
        if session.minutes < 0:
            raise ValueError("session duration cannot be negative")
        scheduled[session.pair] += 1
        if session.attended:
            attended[session.pair] += 1
            minutes[session.pair] += session.minutes
    per_pair = {
        pair: PairActivity(scheduled[pair], attended[pair], minutes[pair] / 60)
        for pair in sorted(scheduled)
    }
    total_scheduled = sum(scheduled.values())
    return ActivitySummary(
        pairs=per_pair,
        sessions_per_pair=_mean_or_none([a.attended for a in per_pair.values()]),
        hours_per_pair=_mean_or_none([a.hours for a in per_pair.values()]),
        attendance_rate=sum(attended.values()) / total_scheduled if total_scheduled else None,
    )


def _mean_or_none(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


# --- Disaggregation ----------------------------------------------------------------------------


class Suppressed(enum.Enum):
    SUPPRESSED = "suppressed"


SUPPRESSED: Final = Suppressed.SUPPRESSED

R = TypeVar("R")
V = TypeVar("V")


def disaggregate(
    records: Iterable[R],
    *,
    group: Callable[[R], str],
    person: Callable[[R], Hashable],
    figure: Callable[[Sequence[R]], V],
    minimum_people: int = 3,
) -> dict[str, V | Literal[Suppressed.SUPPRESSED]]:
    """Group ``records`` by ``group`` and compute ``figure`` per group, or ``SUPPRESSED``.

    Group size is the number of distinct ``person`` values (one person may have many records).

    Suppression rule, which assumes the overall total is published next to the groups:

    1. a group with fewer than ``minimum_people`` people is suppressed;
    2. if anything is suppressed, the smallest other groups (ties by name) are suppressed too
       until the suppressed groups are at least two and together hold at least
       ``minimum_people`` people, or until everything is suppressed. Total minus the
       published groups then only reveals a blend of several groups and enough people.

    When the whole population is below ``minimum_people`` every group is suppressed, and the
    caller must also withhold the total. ``figure`` is only called for published groups.
    """
    if minimum_people < 1:
        raise ValueError("minimum_people must be at least 1")
    grouped: dict[str, list[R]] = defaultdict(list)
    for record in records:
        grouped[group(record)].append(record)
    sizes = {key: len({person(r) for r in rows}) for key, rows in grouped.items()}
    hidden = _groups_to_suppress(sizes, minimum_people=minimum_people)
    return {key: SUPPRESSED if key in hidden else figure(grouped[key]) for key in sorted(grouped)}


def _groups_to_suppress(sizes: Mapping[str, int], *, minimum_people: int) -> set[str]:
    hidden = {key for key, size in sizes.items() if size < minimum_people}
    if not hidden:
        return hidden
    for _, key in sorted((size, key) for key, size in sizes.items() if key not in hidden):
        if len(hidden) >= 2 and sum(sizes[h] for h in hidden) >= minimum_people:
            break
        hidden.add(key)
    return hidden


# --- Collaboration level -----------------------------------------------------------------------

Region = Literal["eu", "south_med", "other"]
CollaborationLevel = Literal["national", "regional", "international"]

PROGRAMME_REGIONS: Final[Mapping[str, Region]] = MappingProxyType(
    {
        "EG": "south_med",
        "JO": "south_med",
        "MA": "south_med",
        "PS": "south_med",
        "TN": "south_med",
        "FR": "eu",
        "IT": "eu",
        "ES": "eu",
    }
)


def classify_collaboration(
    countries: Iterable[str], *, regions: Mapping[str, Region] = PROGRAMME_REGIONS
) -> CollaborationLevel:
    """Classify a collaboration from the countries (ISO 3166 alpha-2) of its organisations.

    - "national": a single country, whatever its region;
    - "regional": several countries, all South-Mediterranean (South-South cooperation);
    - "international": several countries, not all South-Mediterranean. This is the EU-MENA
      case (at least one EU and one South-Med country) and, by the same rule, any
      multi-country collaboration involving an "other" region country or only EU countries:
      "regional" is reserved for South-Mediterranean cooperation.

    An empty list or a country missing from ``regions`` raises ``ValueError`` rather than
    being guessed, so the report never counts a collaboration at the wrong level.
    """
    distinct = set(countries)
    if not distinct:
        raise ValueError("a collaboration needs at least one country")
    unknown = sorted(c for c in distinct if c not in regions)
    if unknown:
        raise ValueError(f"no region known for {', '.join(unknown)}")
    if len(distinct) == 1:
        return "national"
    if all(regions[c] == "south_med" for c in distinct):
        return "regional"
    return "international"
