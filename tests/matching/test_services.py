"""The matching workflow through its services, on a real database."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from clusterbridge.matching import selectors, services
from clusterbridge.matching.cohorts import load_cohort, working_hours
from clusterbridge.matching.models import MatchingRun, MatchingWish
from clusterbridge.programmes import services as programmes
from clusterbridge.programmes.models import Pair, Participation
from tests.factories import ParticipationFactory
from tests.matching.conftest import Cohort


def _pairs(run: MatchingRun, cohort: Cohort) -> set[tuple[str, str]]:
    names = {p.pk: n for n, p in {**cohort.mentees, **cohort.mentors}.items()}
    return {(names[p["mentee"]], names[p["mentor"]]) for p in run.proposals}


def test_run_proposes_the_best_pairs_and_explains_them(cohort: Cohort) -> None:
    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    assert _pairs(run, cohort) == {("salma", "claire"), ("omar", "lucia")}
    assert run.matched_mentees == 2
    first = run.proposals[0]
    assert sum(first["contributions"].values()) == pytest.approx(first["score"])
    assert "cross_border" in first["rules_satisfied"]
    assert first["rules_broken"] == []
    assert first["regret"]["score"] > 0


def test_unmatched_mentee_gets_a_translated_reason(cohort: Cohort) -> None:
    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    assert run.unmatched == [
        {
            "mentee": cohort.mentees["lina"].pk,
            "code": "no_feasible_mentor",
            "params": run.unmatched[0]["params"],
        }
    ]
    assert run.unmatched[0]["params"]["rules"] == ["common_language"]
    view = selectors.run_view(run)
    assert view.unmatched[0].reason == (
        "No mentor for Lina: no mentor shares a working language with Lina."
    )
    with translation.override("fr"):
        french = selectors.run_view(run).unmatched[0].reason
    assert (
        french
        == "Pas de mentor pour Lina : aucun mentor ne partage de langue de travail avec Lina."
    )


def test_running_outside_the_matching_state_is_refused(cohort: Cohort) -> None:
    programmes.change_status(programme=cohort.programme, status="running")

    with pytest.raises(ValidationError, match="not in the matching state"):
        services.run_matching(programme=cohort.programme, created_by=cohort.manager)
    assert MatchingRun.objects.count() == 0


def test_forbid_and_lock_change_the_next_run(cohort: Cohort) -> None:
    services.add_constraint(
        programme=cohort.programme,
        mentor=cohort.mentors["claire"],
        mentee=cohort.mentees["salma"],
        kind="forbid",
        created_by=cohort.manager,
    )
    services.add_constraint(
        programme=cohort.programme,
        mentor=cohort.mentors["claire"],
        mentee=cohort.mentees["omar"],
        kind="lock",
        created_by=cohort.manager,
    )

    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    assert _pairs(run, cohort) == {("omar", "claire"), ("salma", "paolo")}
    locked = [p for p in run.proposals if p["locked"]]
    assert len(locked) == 1
    assert locked[0]["regret"] is None


def test_a_lock_may_override_a_rule_and_says_so(cohort: Cohort) -> None:
    services.add_constraint(
        programme=cohort.programme,
        mentor=cohort.mentors["claire"],
        mentee=cohort.mentees["lina"],
        kind="lock",
        created_by=cohort.manager,
    )

    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    lina = next(p for p in run.proposals if p["mentee"] == cohort.mentees["lina"].pk)
    assert lina["rules_broken"] == ["common_language"]


def test_a_later_decision_replaces_the_earlier_one_about_the_same_pair(cohort: Cohort) -> None:
    for kind in ("lock", "forbid"):
        services.add_constraint(
            programme=cohort.programme,
            mentor=cohort.mentors["claire"],
            mentee=cohort.mentees["salma"],
            kind=kind,
            created_by=cohort.manager,
        )

    assert [c.kind for c in selectors.constraints(cohort.programme)] == ["forbid"]


def test_a_constraint_on_a_person_of_another_programme_is_refused(cohort: Cohort) -> None:
    stranger = ParticipationFactory(role="mentor")

    with pytest.raises(ValidationError, match="is not a mentor of this programme"):
        services.add_constraint(
            programme=cohort.programme,
            mentor=stranger,
            mentee=cohort.mentees["salma"],
            kind="lock",
            created_by=None,
        )


def test_confirming_creates_confirmed_pairs_with_their_explanation(cohort: Cohort) -> None:
    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    pairs = services.confirm_run(run=run, confirmed_by=cohort.manager, notify=False)

    assert {(p.mentee.person.full_name, p.mentor.person.full_name) for p in pairs} == {
        ("Salma", "Claire"),
        ("Omar", "Lucia"),
    }
    stored = Pair.objects.get(mentee=cohort.mentees["salma"])
    assert stored.status == "confirmed"
    assert stored.created_by == cohort.manager
    assert stored.explanation["run"] == run.pk
    proposal = next(p for p in run.proposals if p["mentee"] == cohort.mentees["salma"].pk)
    assert stored.score == pytest.approx(proposal["score"])
    run.refresh_from_db()
    assert run.confirmed_at is not None


def test_rerunning_keeps_confirmed_pairs_even_when_forbidden_later(cohort: Cohort) -> None:
    first = services.run_matching(programme=cohort.programme, created_by=cohort.manager)
    services.confirm_run(run=first, confirmed_by=cohort.manager, notify=False)
    # Lowering a capacity never undoes a confirmed pair.
    services.set_mentor_capacity(mentor=cohort.mentors["claire"], capacity=0)

    second = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    assert ("salma", "claire") in _pairs(second, cohort)
    assert Pair.objects.filter(status="confirmed").count() == 2
    with pytest.raises(ValidationError, match="confirmed pair"):
        services.add_constraint(
            programme=cohort.programme,
            mentor=cohort.mentors["claire"],
            mentee=cohort.mentees["salma"],
            kind="forbid",
            created_by=cohort.manager,
        )


def test_only_the_latest_run_can_be_confirmed(cohort: Cohort) -> None:
    old = services.run_matching(programme=cohort.programme, created_by=cohort.manager)
    services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    with pytest.raises(ValidationError, match="newer run"):
        services.confirm_run(run=old, confirmed_by=cohort.manager, notify=False)
    assert Pair.objects.count() == 0


def test_confirming_turns_a_proposed_pair_into_a_confirmed_one(cohort: Cohort) -> None:
    programmes.create_pair(
        programme=cohort.programme,
        mentor=cohort.mentors["paolo"],
        mentee=cohort.mentees["salma"],
        created_by=cohort.manager,
    )
    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    services.confirm_run(run=run, confirmed_by=cohort.manager, notify=False)

    assert ("salma", "paolo") in _pairs(run, cohort)
    assert Pair.objects.get(mentee=cohort.mentees["salma"]).status == "confirmed"
    assert Pair.objects.count() == 2


def test_too_many_locks_for_a_mentor_is_a_clear_error(cohort: Cohort) -> None:
    for mentee in ("salma", "omar"):
        services.add_constraint(
            programme=cohort.programme,
            mentor=cohort.mentors["claire"],
            mentee=cohort.mentees[mentee],
            kind="lock",
            created_by=cohort.manager,
        )

    locked = r"Claire can take 1 mentee but has more locked or existing pairs \(2\)"
    with pytest.raises(ValidationError, match=locked):
        services.run_matching(programme=cohort.programme, created_by=cohort.manager)


def test_mentor_capacity_lets_one_mentor_take_two_mentees(cohort: Cohort) -> None:
    services.set_mentor_capacity(mentor=cohort.mentors["claire"], capacity=2)
    services.set_mentor_capacity(mentor=cohort.mentors["lucia"], capacity=0)

    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    assert _pairs(run, cohort) == {("salma", "claire"), ("omar", "claire")}


def test_stable_mode_reports_the_score_it_gives_up(cohort: Cohort) -> None:
    run = services.run_matching(
        programme=cohort.programme, mode="stable", created_by=cohort.manager
    )

    assert run.mode == "stable"
    assert run.blocking_pairs == 0
    assert run.optimal_total is not None
    assert run.score_given_up == pytest.approx(run.optimal_total - run.total_score)


def test_settings_turn_the_language_rule_off(cohort: Cohort) -> None:
    services.update_settings(
        programme=cohort.programme,
        weights={"language": 0.3},
        cross_border=True,
        eu_south_med=False,
        common_language=False,
        min_language_level=3,
        different_organisation=True,
        honour_vetoes=True,
        max_mentors_per_mentee=1,
        default_capacity=1,
        stable_preferences="scores",
    )

    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    assert run.matched_mentees == 3
    assert run.weights["language"] == 0.3
    assert run.weights["needs_expertise"] == 0.35


def test_settings_refuse_negative_weights(cohort: Cohort) -> None:
    with pytest.raises(ValidationError, match="0 or more"):
        services.update_settings(
            programme=cohort.programme,
            weights={"sector": -1},
            cross_border=True,
            eu_south_med=False,
            common_language=True,
            min_language_level=3,
            different_organisation=True,
            honour_vetoes=True,
            max_mentors_per_mentee=1,
            default_capacity=1,
            stable_preferences="scores",
        )


def test_a_veto_keeps_the_pair_out_and_wishes_count(cohort: Cohort) -> None:
    services.record_wish(
        participation=cohort.mentees["salma"], other=cohort.mentors["claire"], kind="veto"
    )

    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    assert ("salma", "claire") not in _pairs(run, cohort)


def test_wishes_stay_ranked_one_to_n(cohort: Cohort) -> None:
    salma = cohort.mentees["salma"]
    mentors = cohort.mentors
    services.record_wish(participation=salma, other=mentors["claire"], kind="wish")
    services.record_wish(participation=salma, other=mentors["lucia"], kind="wish")
    services.record_wish(participation=salma, other=mentors["paolo"], kind="wish", rank=1)
    services.remove_wish(wish=MatchingWish.objects.get(other=mentors["claire"]))

    ranked = list(selectors.wishes_of(salma).values_list("other__person__full_name", "rank"))

    assert ranked == [("Paolo", 1), ("Lucia", 2)]


def test_a_mentee_cannot_wish_another_mentee(cohort: Cohort) -> None:
    with pytest.raises(ValidationError):
        services.record_wish(
            participation=cohort.mentees["salma"], other=cohort.mentees["omar"], kind="wish"
        )


def test_cohort_arrays_follow_the_profiles(cohort: Cohort) -> None:
    data = load_cohort(cohort.programme)

    assert [p.person.full_name for p in data.mentees] == ["Lina", "Omar", "Salma"]
    assert np.asarray(data.cohort.mentees.countries).tolist() == ["JO", "EG", "MA"]
    assert np.asarray(data.cohort.mentees.competences).sum(axis=1).tolist() == [5, 5, 5]
    assert data.capacities.tolist() == [1, 1, 1]


def test_working_week_follows_the_weekend_and_the_time_zone() -> None:
    monday = date(2021, 1, 18)

    cairo = working_hours("Africa/Cairo", [4, 5], monday)  # UTC+2, Friday-Saturday off
    paris = working_hours("Europe/Paris", [5, 6], monday)  # UTC+1, Saturday-Sunday off

    assert cairo.sum() == paris.sum() == 40
    assert np.flatnonzero(cairo)[:8].tolist() == list(range(7, 15))  # Monday 09-17 in Cairo
    assert cairo[6 * 24 + 7]  # Sunday is a working day in Egypt
    assert not paris[6 * 24 + 8]
    assert int((cairo & paris).sum()) == 4 * 7  # Monday-Thursday, 7 common hours a day


def test_co_mentoring_gives_a_mentee_a_second_mentor(cohort: Cohort) -> None:
    services.update_settings(
        programme=cohort.programme,
        weights={},
        cross_border=True,
        eu_south_med=False,
        common_language=True,
        min_language_level=3,
        different_organisation=True,
        honour_vetoes=True,
        max_mentors_per_mentee=2,
        default_capacity=1,
        stable_preferences="scores",
    )

    run = services.run_matching(programme=cohort.programme, created_by=cohort.manager)

    # Paolo speaks French at B1: with co-mentoring his free place goes to Salma.
    assert _pairs(run, cohort) == {("salma", "claire"), ("salma", "paolo"), ("omar", "lucia")}
    assert run.matched_mentees == 2


def test_the_matcher_never_gets_someone_on_both_sides(cohort: Cohort) -> None:
    # Rows written before the services refused it: the matcher would pair Claire with herself.
    claire = cohort.mentors["claire"]
    Participation.objects.create(
        programme=cohort.programme, person=claire.person, role="mentee", status="accepted"
    )

    with pytest.raises(ValidationError, match="withdraw one of the two participations of: Claire"):
        load_cohort(cohort.programme)
    with pytest.raises(ValidationError, match="withdraw one of the two participations of: Claire"):
        services.run_matching(programme=cohort.programme, created_by=cohort.manager)
    assert MatchingRun.objects.count() == 0
