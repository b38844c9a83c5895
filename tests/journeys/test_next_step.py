"""A mentee's home page shows the next thing to do, and links the needs diagnosis."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
import time_machine

from clusterbridge.journeys import services
from clusterbridge.journeys.models import Stage
from clusterbridge.meetings.models import Meeting
from tests.conftest import World
from tests.journeys.factories import ratings, survey_of

NOW = datetime(2021, 6, 15, 9, tzinfo=UTC)  # past the reloaded programme's middle


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


def _home(world: World, name: str) -> str:
    with time_machine.travel(NOW, tick=False):
        return world.client_for(name).get("/home/").content.decode()


def _agreement_by_marc(world: World) -> None:
    services.save_agreement(
        pair=world.pair,
        author=world.people["marc"],
        goals="Export plan",
        rhythm="Monthly",
        channel="Video",
        confidentiality="Between us",
        now=NOW,
    )


def _self_assessment(world: World, stage: str) -> None:
    services.submit_assessment(
        mentee=world.pair.mentee,
        stage=stage,
        rater="self",
        rated_by=world.people["amina"],
        ratings=ratings(),
        now=NOW,
    )


def test_first_the_mentee_accepts_the_agreement_the_mentor_recorded(world: World) -> None:
    _agreement_by_marc(world)
    page = _home(world, "amina")
    assert "Your next thing to do" in page
    assert "Read and accept your mentoring agreement with Marc" in page
    assert f"/programmes/reloaded/journeys/{world.pair.pk}/" in page


def test_then_the_needs_diagnosis(world: World) -> None:
    _agreement_by_marc(world)
    services.accept_agreement(pair=world.pair, person=world.people["amina"], now=NOW)
    page = _home(world, "amina")
    assert "Complete your needs diagnosis for Reloaded" in page
    assert "Read and accept" not in page


def test_then_the_next_meeting_with_its_time(world: World) -> None:
    _self_assessment(world, Stage.BASELINE)
    page = _home(world, "amina")
    assert "Go to your next meeting: Amina and Marc" in page
    assert f"/programmes/reloaded/meetings/{world.meeting.pk}/" in page


def test_then_a_self_assessment_whose_time_has_come(world: World) -> None:
    _self_assessment(world, Stage.BASELINE)
    Meeting.objects.filter(pk=world.meeting.pk).delete()
    page = _home(world, "amina")
    assert "Give your mid-term self-assessment" in page
    assert f"/programmes/reloaded/journeys/{world.pair.pk}/assessments/midterm/self/" in page


def test_then_an_open_survey_and_then_nothing(world: World) -> None:
    _self_assessment(world, Stage.BASELINE)
    _self_assessment(world, Stage.MIDTERM)
    Meeting.objects.filter(pk=world.meeting.pk).delete()
    survey = survey_of(world.reloaded)
    assert "Answer the survey “End of programme”" in _home(world, "amina")

    services.answer_survey(
        survey=survey, person=world.people["amina"], satisfaction=4, usefulness=4, comment=""
    )

    assert "Your next thing to do" not in _home(world, "amina")


@pytest.mark.parametrize("name", ["marc", "mona", "carla"])
def test_only_mentees_are_shown_a_next_thing_to_do(world: World, name: str) -> None:
    assert "Your next thing to do" not in _home(world, name)


def test_the_home_page_and_the_pair_page_link_the_diagnosis(world: World) -> None:
    diagnosis = "/programmes/reloaded/journeys/diagnosis/"
    _self_assessment(world, Stage.BASELINE)
    home = _home(world, "amina")
    assert "My needs diagnosis" in home
    assert diagnosis in home
    pair_page = f"/programmes/reloaded/journeys/{world.pair.pk}/"
    mentee_view = world.client_for("amina").get(pair_page).content.decode()
    mentor_view = world.client_for("marc").get(pair_page).content.decode()
    manager_view = world.client_for("mona").get(pair_page).content.decode()
    assert f'href="{diagnosis}">My needs diagnosis' in mentee_view
    assert f'href="{diagnosis}">My expertise' in mentor_view
    assert diagnosis not in manager_view
