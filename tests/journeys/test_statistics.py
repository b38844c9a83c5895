"""Impact statistics: hand-computed values, scipy cross-checks and properties."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from clusterbridge.journeys.statistics import (
    SUPPRESSED,
    Assessment,
    Region,
    SessionRecord,
    area_changes,
    classify_collaboration,
    compare_raters,
    disaggregate,
    improved_areas,
    indicator_changes,
    silver_label_candidates,
    summarise_activity,
    summarise_change,
)

# Student t quantile t(0.975, df=2) from printed tables, so the hand check does not use scipy.
T_975_DF2 = 4.3027

FRAMEWORK = {
    "strategy": ["s1", "s2"],
    "services": ["v1"],
    "networking": ["n1"],
    "finance": ["f1"],
}


def test_mean_change_and_interval_match_hand_computation() -> None:
    # Changes 1, 2, 3: mean 2, sample sd 1, standard error 1/sqrt(3).
    summary = summarise_change([2, 3, 1], [3, 5, 4])

    half_width = T_975_DF2 / math.sqrt(3)
    assert summary.n == 3
    assert summary.dropped == 0
    assert summary.baseline_mean == pytest.approx(2)
    assert summary.end_mean == pytest.approx(4)
    assert summary.mean_change == pytest.approx(2)
    assert summary.interval is not None
    assert summary.interval.low == pytest.approx(2 - half_width, rel=1e-4)
    assert summary.interval.high == pytest.approx(2 + half_width, rel=1e-4)


def test_paired_interval_matches_scipy() -> None:
    baseline = [2, 3, 1, 4, 2, 3, 5, 1, 2, 3, 2, 4, 3]
    end = [3, 4, 3, 4, 4, 3, 4, 3, 3, 5, 2, 5, 4]

    summary = summarise_change(baseline, end, confidence=0.9)

    expected = stats.ttest_rel(end, baseline).confidence_interval(0.9)
    assert summary.interval is not None
    assert summary.interval.low == pytest.approx(expected.low)
    assert summary.interval.high == pytest.approx(expected.high)


def test_interval_uses_t_quantile_from_scipy() -> None:
    changes = [1.0, -1.0, 2.0, 0.0, 3.0]
    summary = summarise_change([0.0] * 5, changes)

    sd = stats.tstd(changes)
    half_width = stats.t.ppf(0.975, df=4) * sd / math.sqrt(5)
    assert summary.interval is not None
    assert summary.interval.high - summary.interval.low == pytest.approx(2 * half_width)


def test_incomplete_pairs_are_dropped_and_counted() -> None:
    summary = summarise_change([1, None, 3, 2], [2, 4, None, 4])

    assert summary.n == 2
    assert summary.dropped == 2
    assert summary.mean_change == pytest.approx(1.5)


def test_no_complete_pair_gives_no_mean_and_no_interval() -> None:
    summary = summarise_change([None, 2], [3, None])

    assert (summary.n, summary.dropped) == (0, 2)
    assert summary.mean_change is None
    assert summary.interval is None
    assert summary.share_improved is None


def test_single_pair_gives_mean_but_no_interval() -> None:
    summary = summarise_change([2], [4])

    assert summary.mean_change == pytest.approx(2)
    assert summary.interval is None
    assert summary.share_improved == 1


def test_identical_changes_collapse_the_interval_to_the_mean() -> None:
    summary = summarise_change([1, 2, 3], [2, 3, 4])

    assert summary.interval is not None
    assert summary.interval.low == summary.interval.high == pytest.approx(1)


def test_share_improved_counts_strict_increases_only() -> None:
    summary = summarise_change([2, 2, 3, 4], [3, 2, 2, 5])

    assert summary.improved == 2
    assert summary.share_improved == pytest.approx(0.5)


def test_mismatched_lengths_are_rejected() -> None:
    with pytest.raises(ValueError, match="one value per person"):
        summarise_change([1, 2], [3])


def _assessment() -> Assessment:
    return Assessment(
        baseline={
            "amal": {"s1": 2, "s2": 2, "v1": 1, "n1": 3, "f1": 2},
            "youssef": {"s1": 3, "s2": None, "v1": 2, "n1": 2, "f1": 4},
            "leila": {"s1": None, "s2": None, "v1": 3, "n1": 2, "f1": 1},
        },
        end={
            "amal": {"s1": 3, "s2": 2, "v1": 2, "n1": 4, "f1": 2},
            "youssef": {"s1": 3, "s2": 5, "v1": 3, "n1": 3, "f1": 3},
            "leila": {"s1": 4, "s2": 4, "v1": 3, "n1": 3, "f1": None},
        },
    )


def test_indicator_changes_follow_framework_order_and_drop_missing_sides() -> None:
    changes = indicator_changes(_assessment(), framework=FRAMEWORK)

    assert list(changes) == ["s1", "s2", "v1", "n1", "f1"]
    assert (changes["s1"].n, changes["s1"].dropped) == (2, 1)
    assert changes["s1"].mean_change == pytest.approx(0.5)
    assert (changes["s2"].n, changes["s2"].dropped) == (1, 2)


def test_area_score_uses_only_indicators_rated_at_both_times() -> None:
    # youssef's s2 has no baseline, so his strategy score is s1 alone: 3 -> 3.
    # amal: mean(2, 2) = 2 -> mean(3, 2) = 2.5. leila has no strategy pair and is dropped.
    strategy = area_changes(_assessment(), framework=FRAMEWORK)["strategy"]

    assert (strategy.n, strategy.dropped) == (2, 1)
    assert strategy.baseline_mean == pytest.approx(2.5)
    assert strategy.end_mean == pytest.approx(2.75)
    assert strategy.improved == 1


def test_area_improves_only_when_end_mean_strictly_exceeds_baseline() -> None:
    improved = improved_areas(_assessment(), framework=FRAMEWORK)

    assert improved == {
        "amal": frozenset({"strategy", "services", "networking"}),
        "youssef": frozenset({"services", "networking"}),
        "leila": frozenset({"networking"}),
    }


def test_silver_label_requires_at_least_three_improved_areas() -> None:
    improved = improved_areas(_assessment(), framework=FRAMEWORK)

    assert silver_label_candidates(improved) == ["amal"]
    assert silver_label_candidates(improved, minimum_areas=2) == ["amal", "youssef"]


def test_self_and_mentor_ratings_get_the_same_computations() -> None:
    mentor_view = Assessment(
        baseline={"amal": {"s1": 2, "v1": 2}, "youssef": {"s1": 2}},
        end={"amal": {"s1": 2, "v1": 3}, "youssef": {"s1": 4}},
    )

    results = compare_raters({"self": _assessment(), "mentor": mentor_view}, framework=FRAMEWORK)

    assert results["self"].silver_label == ["amal"]
    assert results["mentor"].silver_label == []
    assert results["mentor"].areas["strategy"].mean_change == pytest.approx(1)
    assert results["mentor"].improved_areas["amal"] == frozenset({"services"})
    assert results["mentor"].indicators["s1"].n == 2


def test_out_of_scale_or_unknown_ratings_are_rejected() -> None:
    with pytest.raises(ValueError, match="not 1-5"):
        indicator_changes(Assessment({"a": {"s1": 6}}, {}), framework=FRAMEWORK)
    with pytest.raises(ValueError, match="not 1-5"):
        indicator_changes(Assessment({"a": {"s1": True}}, {}), framework=FRAMEWORK)
    with pytest.raises(ValueError, match="unknown indicator"):
        indicator_changes(Assessment({"a": {"zz": 3}}, {}), framework=FRAMEWORK)


def test_person_without_any_answer_counts_as_dropped() -> None:
    assessment = Assessment(baseline={"a": {"v1": 1}, "b": {}}, end={"a": {"v1": 2}})

    services = area_changes(assessment, framework=FRAMEWORK)["services"]

    assert (services.n, services.dropped) == (1, 1)


def test_activity_counts_attended_sessions_and_hours_per_pair() -> None:
    sessions = [
        SessionRecord("p1", 60, attended=True),
        SessionRecord("p1", 90, attended=True),
        SessionRecord("p1", 60, attended=False),
        SessionRecord("p2", 30, attended=True),
    ]

    summary = summarise_activity(sessions, pairs=["p1", "p2", "p3"])

    assert summary.pairs["p1"].attended == 2
    assert summary.pairs["p1"].hours == pytest.approx(2.5)
    assert summary.pairs["p1"].attendance_rate == pytest.approx(2 / 3)
    assert summary.pairs["p3"].attendance_rate is None
    # p3 never met and still counts in the per-pair means.
    assert summary.sessions_per_pair == pytest.approx(1)
    assert summary.hours_per_pair == pytest.approx(1)
    assert summary.attendance_rate == pytest.approx(3 / 4)


def test_activity_for_an_unknown_pair_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown pair"):
        summarise_activity([SessionRecord("zz", 60, attended=True)], pairs=["p1"])


def _people(**sizes: int) -> list[tuple[str, str]]:
    return [(group, f"{group}-{i}") for group, size in sizes.items() for i in range(size)]


def _count(rows: list[tuple[str, str]]) -> dict[str, object]:
    return disaggregate(rows, group=lambda r: r[0], person=lambda r: r[1], figure=len)


def test_groups_of_three_or_more_people_are_published() -> None:
    assert _count(_people(EG=3, TN=5)) == {"EG": 3, "TN": 5}


def test_small_group_and_its_smallest_complement_are_suppressed() -> None:
    # Hiding JO alone would let a reader compute it as total - EG - MA - TN.
    result = _count(_people(EG=6, JO=2, MA=4, TN=5))

    assert result == {"EG": 6, "JO": SUPPRESSED, "MA": SUPPRESSED, "TN": 5}


def test_two_tiny_groups_are_blended_with_another_until_enough_people() -> None:
    # JO + PS hold only 2 people together, so one more group is hidden.
    result = _count(_people(EG=6, JO=1, MA=4, PS=1))

    assert result == {"EG": 6, "JO": SUPPRESSED, "MA": SUPPRESSED, "PS": SUPPRESSED}


def test_group_size_counts_distinct_people_not_records() -> None:
    sessions = [("EG", "amal")] * 5 + [("EG", "omar")] + _people(TN=3)

    assert _count(sessions)["EG"] is SUPPRESSED


def test_figure_is_not_computed_for_suppressed_groups() -> None:
    seen: list[str] = []

    def figure(rows: Sequence[tuple[str, str]]) -> int:
        seen.append(rows[0][0])
        return 0

    disaggregate(_people(EG=1, TN=1), group=lambda r: r[0], person=lambda r: r[1], figure=figure)

    assert seen == []


@pytest.mark.parametrize(
    ("countries", "level"),
    [
        (["TN"], "national"),
        (["PS", "PS"], "national"),
        (["US"], "national"),
        (["EG", "JO", "MA"], "regional"),
        (["TN", "FR"], "international"),
        (["MA", "EG", "ES"], "international"),
        (["FR", "IT"], "international"),
        (["TN", "US"], "international"),
    ],
)
def test_collaboration_level(countries: list[str], level: str) -> None:
    regions: dict[str, Region] = {"TN": "south_med", "PS": "south_med", "EG": "south_med"}
    regions |= {"JO": "south_med", "MA": "south_med", "FR": "eu", "IT": "eu", "ES": "eu"}
    regions["US"] = "other"

    assert classify_collaboration(countries, regions=regions) == level


def test_collaboration_with_unknown_country_is_rejected() -> None:
    with pytest.raises(ValueError, match="no region known for XX"):
        classify_collaboration(["TN", "XX"])
    with pytest.raises(ValueError, match="at least one country"):
        classify_collaboration([])


ratings = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


@given(st.lists(st.tuples(ratings, ratings), max_size=30))
def test_interval_contains_the_mean_change(pairs: list[tuple[int | None, int | None]]) -> None:
    summary = summarise_change([b for b, _ in pairs], [e for _, e in pairs])

    assert summary.n + summary.dropped == len(pairs)
    if summary.interval is not None:
        assert summary.mean_change is not None
        assert summary.interval.low <= summary.mean_change <= summary.interval.high


@given(st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(min_value=1, max_value=8)))
def test_suppression_never_reveals_a_group_under_three_people(sizes: dict[str, int]) -> None:
    result = _count(_people(**sizes))

    published = [g for g, v in result.items() if v is not SUPPRESSED]
    hidden = [g for g, v in result.items() if v is SUPPRESSED]
    assert all(sizes[g] >= 3 for g in published)
    # What total minus the published cells reveals must blend 2+ groups and 3+ people,
    # unless nothing is published at all (then the caller withholds the total).
    if hidden and published:
        assert len(hidden) >= 2
        assert sum(sizes[g] for g in hidden) >= 3
