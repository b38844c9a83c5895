"""Journey services: who may write what, and bad input refused with nothing already saved lost."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clusterbridge.competences.models import CompetenceArea, PersonCompetence
from clusterbridge.journeys import services
from clusterbridge.journeys.models import (
    Assessment,
    Rating,
    SessionLog,
    SurveyResponse,
)
from tests.conftest import World
from tests.factories import OrganisationFactory, ParticipationFactory, country
from tests.journeys.factories import NOW, log_of, ratings, survey_of


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


def _self_rating(world: World, value: int = 3) -> Assessment:
    return services.submit_assessment(
        mentee=world.pair.mentee,
        stage="baseline",
        rater="self",
        rated_by=world.people["amina"],
        ratings=ratings(value),
        now=NOW,
    )


def test_a_rating_outside_one_to_five_is_refused_and_the_saved_one_kept(world: World) -> None:
    _self_rating(world, 3)
    bad = ratings(3) | {next(iter(ratings())): 6}

    with pytest.raises(ValidationError) as refused:
        services.submit_assessment(
            mentee=world.pair.mentee,
            stage="baseline",
            rater="self",
            rated_by=world.people["amina"],
            ratings=bad,
            now=NOW,
        )

    assert "from 1 to 5" in str(refused.value)
    assert set(Rating.objects.values_list("value", flat=True)) == {3}


def test_the_database_refuses_a_rating_outside_one_to_five_too(world: World) -> None:
    assessment = _self_rating(world)
    rating = assessment.ratings.first()
    assert rating is not None
    rating.value = 0
    with pytest.raises(IntegrityError), transaction.atomic():
        rating.save()


def test_an_assessment_of_a_person_not_in_the_programme_is_refused(world: World) -> None:
    outsider = ParticipationFactory(programme=world.other, role="mentee")

    with pytest.raises(ValidationError, match="not a mentee of the programme"):
        services.submit_assessment(
            mentee=world.pair.mentor,  # a mentor is not assessed
            stage="end",
            rater="self",
            rated_by=world.people["marc"],
            ratings=ratings(),
            now=NOW,
        )
    with pytest.raises(ValidationError, match="Only the mentee's mentor"):
        services.submit_assessment(
            mentee=outsider,
            stage="end",
            rater="mentor",
            rated_by=world.people["marc"],
            ratings=ratings(),
            now=NOW,
        )
    assert Assessment.objects.count() == 0


def test_a_mentee_cannot_give_the_mentors_rating(world: World) -> None:
    services.submit_assessment(
        mentee=world.pair.mentee,
        stage="end",
        rater="mentor",
        rated_by=world.people["marc"],
        ratings=ratings(2),
        now=NOW,
    )

    with pytest.raises(ValidationError, match="Only the mentee's mentor"):
        services.submit_assessment(
            mentee=world.pair.mentee,
            stage="end",
            rater="mentor",
            rated_by=world.people["amina"],
            ratings=ratings(5),
            now=NOW,
        )

    mentor_rating = Assessment.objects.get(rater="mentor")
    assert mentor_rating.rated_by == world.people["marc"]
    assert set(mentor_rating.ratings.values_list("value", flat=True)) == {2}


def test_a_questionnaire_with_a_missing_indicator_is_refused(world: World) -> None:
    partial = ratings()
    partial.pop(next(iter(partial)))
    with pytest.raises(ValidationError, match="1 are missing"):
        services.submit_assessment(
            mentee=world.pair.mentee,
            stage="end",
            rater="self",
            rated_by=world.people["amina"],
            ratings=partial,
            now=NOW,
        )


def test_a_log_dated_outside_the_programme_is_refused_and_earlier_logs_kept(world: World) -> None:
    log_of(world.pair)

    for day in (date(2021, 1, 19), date(2021, 11, 1)):
        with pytest.raises(ValidationError, match="within the programme"):
            log_of(world.pair, held_on=day)

    assert SessionLog.objects.filter(pair=world.pair).count() == 1


def test_a_log_of_a_session_still_to_come_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="once it has happened"):
        log_of(world.pair, held_on=date(2021, 6, 2), today=date(2021, 6, 1))


def test_only_the_pair_writes_its_logs(world: World) -> None:
    with pytest.raises(ValidationError, match="Only the mentor and the mentee"):
        log_of(world.pair, author=world.people["paola"])


def test_an_action_owner_outside_the_pair_is_refused_and_no_log_is_left(world: World) -> None:
    action = services.ActionInput(description="Call", owner=world.people["karim"])
    with pytest.raises(ValidationError, match="mentor or the mentee"):
        log_of(world.pair, actions=[action])
    assert SessionLog.objects.count() == 0


def test_a_survey_answered_twice_is_refused_and_the_first_answer_kept(world: World) -> None:
    survey = survey_of(world.reloaded)
    services.answer_survey(
        survey=survey, person=world.people["amina"], satisfaction=4, usefulness=5
    )

    with pytest.raises(ValidationError, match="already answered"):
        services.answer_survey(
            survey=survey, person=world.people["amina"], satisfaction=1, usefulness=1
        )

    assert list(SurveyResponse.objects.values_list("satisfaction", "usefulness")) == [(4, 5)]


def test_survey_answers_carry_no_person(world: World) -> None:
    fields = {field.name for field in SurveyResponse._meta.get_fields()}
    assert fields == {"id", "survey", "satisfaction", "usefulness", "comment", "released"}


def test_a_manager_does_not_answer_the_participants_survey(world: World) -> None:
    with pytest.raises(ValidationError, match="participants"):
        services.answer_survey(
            survey=survey_of(world.reloaded),
            person=world.people["mona"],
            satisfaction=5,
            usefulness=5,
        )


def test_the_diagnosis_saves_the_baseline_and_the_needs_for_matching(world: World) -> None:
    strategy = CompetenceArea.objects.get(code="strategy")
    answers = ratings(4, strategy_shared=1, strategy_action_plan=1, strategy_monitoring=2)

    services.save_diagnosis(
        mentee=world.pair.mentee, ratings=answers, top_needs=[strategy], now=NOW
    )

    needs = dict(
        PersonCompetence.objects.filter(person=world.people["amina"], kind="need").values_list(
            "area__code", "level"
        )
    )
    assert needs["strategy"] == 5
    assert needs["communication"] == 2  # 6 - mean rating 4
    assert Assessment.objects.get().stage == "baseline"


def test_the_diagnosis_needs_one_to_three_top_needs(world: World) -> None:
    with pytest.raises(ValidationError, match="top needs"):
        services.save_diagnosis(
            mentee=world.pair.mentee,
            ratings=ratings(),
            top_needs=list(CompetenceArea.objects.all()[:4]),
            now=NOW,
        )
    assert Assessment.objects.count() == 0


def test_changing_the_agreement_asks_the_other_side_again(world: World) -> None:
    fields = {"goals": "G", "rhythm": "Monthly", "channel": "Video", "confidentiality": "Ours"}
    services.save_agreement(pair=world.pair, author=world.people["marc"], now=NOW, **fields)
    accepted = services.accept_agreement(pair=world.pair, person=world.people["amina"], now=NOW)
    assert accepted.accepted

    changed = services.save_agreement(
        pair=world.pair, author=world.people["amina"], now=NOW, **fields | {"rhythm": "Weekly"}
    )

    assert changed.mentee_accepted_at == NOW
    assert changed.mentor_accepted_at is None


@pytest.mark.parametrize(
    ("partners", "level"),
    [
        (["MA"], "national"),
        (["TN", "JO"], "regional"),
        (["FR"], "international"),
    ],
)
def test_a_collaboration_is_classified_from_the_countries(
    world: World, partners: list[str], level: str
) -> None:
    organisations = [OrganisationFactory(country=country(code)) for code in partners]
    collaboration = services.report_collaboration(
        mentee=world.pair.mentee,  # Amina's organisation is in Morocco
        reported_by=world.people["amina"],
        kind="agreement",
        title="MoU",
        partners=organisations,
        started_on=date(2021, 5, 1),
    )
    assert collaboration.level == level


def test_only_the_mentee_reports_outcomes(world: World) -> None:
    with pytest.raises(ValidationError, match="reported by the mentee"):
        services.report_service(
            mentee=world.pair.mentee,
            reported_by=world.people["marc"],
            title="Export desk",
            is_new=True,
            launched_on=date(2021, 5, 1),
        )
