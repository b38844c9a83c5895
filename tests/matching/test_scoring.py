from __future__ import annotations

import numpy as np
import pytest

from clusterbridge.matching import scoring
from clusterbridge.matching.reasons import Rule, rule_codes
from clusterbridge.matching.scoring import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    Cohort,
    HardRules,
    Participants,
    hour_mask,
    score_cohort,
)

from .cohorts import random_cohort

WORKDAYS_9_TO_17_UTC = [day * 24 + hour for day in range(5) for hour in range(9, 17)]


def person(
    *,
    needs=(0, 0, 0),
    sectors=(False, False),
    languages=(6, 0),
    hours=WORKDAYS_9_TO_17_UTC,
    country="FR",
    region="eu",
    organisation=-1,
    kind=0,
) -> dict[str, object]:
    return {
        "competences": needs,
        "sectors": sectors,
        "languages": languages,
        "hours": hour_mask(hours),
        "countries": country,
        "regions": region,
        "organisations": organisation,
        "organisation_kinds": kind,
    }


def mentee(**fields) -> dict[str, object]:
    return person(**{"country": "EG", "region": "south_med", **fields})


def side(*people: dict[str, object], wishes=(), vetoes=()) -> Participants:
    columns = {key: np.array([p[key] for p in people]) for key in people[0]}
    return Participants(
        ids=[str(k) for k in range(len(people))], wishes=wishes, vetoes=vetoes, **columns
    )


def one_pair(
    mentee: dict[str, object], mentor: dict[str, object], **kwargs
) -> scoring.CohortScores:
    return score_cohort(Cohort(side(mentee), side(mentor)), **kwargs)


def test_default_weights_cover_every_criterion_and_sum_to_one():
    assert set(DEFAULT_WEIGHTS) == set(CRITERIA)
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)


def test_total_is_the_sum_of_the_weighted_criteria():
    scores = score_cohort(random_cohort(1, 30, 20))
    rows, cols = np.divmod(np.arange(30 * 20), 20)
    contributions = scores.contributions(rows, cols)
    assert sum(contributions.values()) == pytest.approx(scores.total[rows, cols], abs=1e-6)


def test_every_criterion_lies_between_zero_and_one():
    scores = score_cohort(random_cohort(2, 25, 25))
    rows, cols = np.divmod(np.arange(25 * 25), 25)
    for values in scores.criteria(rows, cols).values():
        assert values.min() >= 0
        assert values.max() <= 1 + 1e-6


def test_blocks_of_rows_give_the_same_scores_as_one_block(monkeypatch):
    cohort = random_cohort(3, 40, 15)
    whole = score_cohort(cohort)
    monkeypatch.setattr(scoring, "_BLOCK_PAIRS", 16)
    blocked = score_cohort(cohort)
    np.testing.assert_allclose(blocked.total, whole.total, atol=1e-6)
    np.testing.assert_array_equal(blocked.reasons, whole.reasons)


def test_a_weight_set_to_zero_removes_its_criterion():
    cohort = random_cohort(4, 10, 10)
    without_wishes = score_cohort(cohort, weights={"wishes": 0})
    rows, cols = np.divmod(np.arange(100), 10)
    values = score_cohort(cohort).criteria(rows, cols)
    expected = sum(DEFAULT_WEIGHTS[k] * values[k] for k in CRITERIA if k != "wishes")
    np.testing.assert_allclose(without_wishes.total[rows, cols], expected, atol=1e-6)


@pytest.mark.parametrize("weights", [{"charisma": 1.0}, {"sector": -1.0}, {"sector": np.nan}])
def test_invalid_weights_are_rejected(weights):
    with pytest.raises(ValueError, match=r"charisma|sector"):
        score_cohort(random_cohort(5, 3, 3), weights=weights)


def test_needs_are_weighted_by_how_much_the_mentee_needs_each_area():
    scores = one_pair(person(needs=(4, 1, 0)), person(needs=(5, 0, 5)))
    # (4 * 5 + 1 * 0) / ((4 + 1) * 5)
    assert scores.criteria([0], [0])["needs_expertise"][0] == pytest.approx(0.8)


def test_sector_score_is_the_share_of_the_mentee_sectors_the_mentor_knows():
    scores = one_pair(person(sectors=(True, True)), person(sectors=(True, False)))
    assert scores.criteria([0], [0])["sector"][0] == pytest.approx(0.5)


def test_language_score_uses_the_best_level_both_share():
    scores = one_pair(person(languages=(6, 4)), person(languages=(2, 5)))
    assert scores.criteria([0], [0])["language"][0] == pytest.approx(4 / 6)


def test_no_shared_working_language_forbids_the_pair_with_its_rule():
    scores = one_pair(mentee(languages=(6, 0)), person(languages=(0, 6)))
    assert rule_codes(scores.reasons[0, 0]) == ["common_language"]
    allowed = one_pair(
        mentee(languages=(6, 0)), person(languages=(0, 6)), rules=HardRules(common_language=False)
    )
    assert allowed.feasible[0, 0]


def test_a_language_below_the_minimum_level_does_not_count_as_common():
    low = one_pair(mentee(languages=(2, 0)), person(languages=(6, 0)))
    assert low.reasons[0, 0] & Rule.COMMON_LANGUAGE
    lenient = one_pair(
        mentee(languages=(2, 0)), person(languages=(6, 0)), rules=HardRules(min_language_level=2)
    )
    assert lenient.feasible[0, 0]


def test_fri_sat_and_sat_sun_weekends_overlap_on_four_working_days():
    monday_to_friday = [d * 24 + h for d in range(5) for h in range(8, 16)]
    sunday_to_thursday = [d * 24 + h for d in (6, 0, 1, 2, 3) for h in range(8, 16)]
    scores = one_pair(person(hours=sunday_to_thursday), person(hours=monday_to_friday))
    assert scores.criteria([0], [0])["hours_overlap"][0] == pytest.approx(32 / 40)


def test_same_country_is_forbidden_only_when_cross_border_is_required():
    palestinian = person(country="PS", region="south_med")
    assert rule_codes(one_pair(palestinian, palestinian).reasons[0, 0]) == ["cross_border"]
    assert one_pair(palestinian, palestinian, rules=HardRules(cross_border=False)).feasible[0, 0]


def test_eu_south_med_rule_needs_one_participant_on_each_side():
    rules = HardRules(eu_south_med=True)
    eg, jo = person(country="EG", region="south_med"), person(country="JO", region="south_med")
    fr = person(country="FR", region="eu")
    assert rule_codes(one_pair(eg, jo, rules=rules).reasons[0, 0]) == ["eu_south_med"]
    assert one_pair(eg, fr, rules=rules).feasible[0, 0]


def test_same_organisation_is_forbidden_but_unknown_organisations_are_not():
    same = one_pair(mentee(organisation=7), person(organisation=7))
    assert rule_codes(same.reasons[0, 0]) == ["different_organisation"]
    assert one_pair(mentee(organisation=-1), person(organisation=-1)).feasible[0, 0]


def test_manager_forbids_and_both_sides_vetoes_set_their_own_bits():
    cohort = Cohort(side(mentee(), mentee(), vetoes=[[0], []]), side(person(), vetoes=[[1]]))
    scores = score_cohort(cohort, forbidden_pairs=[(0, 0)])
    assert rule_codes(scores.reasons[0, 0]) == ["manager_forbid", "mentee_veto"]
    assert rule_codes(scores.reasons[1, 0]) == ["mentor_veto"]
    ignoring = score_cohort(cohort, rules=HardRules(honour_vetoes=False))
    assert ignoring.feasible.all()


def test_wishes_are_worth_more_the_higher_they_are_ranked_and_both_sides_count():
    cohort = Cohort(side(mentee(), wishes=[[1, 0]]), side(person(), person(), wishes=[[0], []]))
    wishes = score_cohort(cohort).criteria([0, 0], [0, 1])["wishes"]
    # Mentor 0: mentee's 2nd of 2 wishes (0.5) and mentor's 1st of 1 (1.0); mentor 1: 1.0 and 0.
    np.testing.assert_allclose(wishes, [0.75, 0.5])


def test_organisation_kind_affinity_defaults_to_same_kind():
    cohort = Cohort(side(mentee(kind=1)), side(person(kind=1), person(kind=2)))
    assert score_cohort(cohort).criteria([0, 0], [0, 1])["organisation_kind"].tolist() == [1, 0]
    custom = Cohort(cohort.mentees, cohort.mentors, kind_affinity=np.full((3, 3), 0.5))
    assert score_cohort(custom).criteria([0], [1])["organisation_kind"][0] == 0.5


def test_inconsistent_profile_shapes_are_rejected():
    bad = side(person())
    broken = Participants(**{**bad.__dict__, "hours": np.zeros((1, 24), dtype=bool)})
    with pytest.raises(ValueError, match="168"):
        score_cohort(Cohort(broken, side(person())))
