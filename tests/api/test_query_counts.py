"""Every API list costs the same number of queries for 1 item as for 3 (no N+1)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterbridge.community.models import Collaboration, Opportunity
from clusterbridge.competences.models import CompetenceArea
from clusterbridge.journeys import services as journeys
from clusterbridge.journeys.models import Assessment
from tests.conftest import World
from tests.factories import (
    InvitationFactory,
    MeetingFactory,
    OrganisationFactory,
    PairFactory,
    ParticipationFactory,
    ProgrammeFactory,
)
from tests.journeys.factories import log_of


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


pytestmark = pytest.mark.django_db

serial = count()


def _participation(w: World) -> None:
    ParticipationFactory(programme=w.reloaded, role="mentee")


def _pair(w: World) -> None:
    PairFactory(
        programme=w.reloaded,
        mentor=ParticipationFactory(programme=w.reloaded, role="mentor"),
        mentee=ParticipationFactory(programme=w.reloaded, role="mentee"),
    )


def _meeting(w: World) -> None:
    InvitationFactory(meeting=MeetingFactory(programme=w.reloaded), person=w.people["marc"])


def _goal(w: World) -> None:
    journeys.create_goal(
        pair=w.pair,
        author=w.pair.mentee.person,
        area=CompetenceArea.objects.all()[0],
        title=f"Goal {next(serial)}",
        measure="Board vote",
        due_on=date(2021, 9, 30),
        milestones=[("First draft", date(2021, 4, 30))],
    )


def _log(w: World) -> None:
    log_of(w.pair, topics=f"Topic {next(serial)}")


ASSESSMENTS = [("baseline", "self"), ("baseline", "mentor"), ("midterm", "self")]


def _assessment(w: World) -> None:
    stage, rater = ASSESSMENTS[Assessment.objects.filter(mentee=w.pair.mentee).count()]
    Assessment.objects.create(
        programme=w.reloaded,
        mentee=w.pair.mentee,
        stage=stage,
        rater=rater,
        rated_by=w.pair.mentee.person,
        submitted_at=timezone.now(),
    )


def _opportunity(w: World) -> None:
    Opportunity.objects.create(
        author=w.people["amina"], kind="event", title=f"Post {next(serial)}", body="Details"
    )


def _collaboration(w: World) -> None:
    Collaboration.objects.create(
        organisation_a=OrganisationFactory(),
        organisation_b=OrganisationFactory(),
        kind="project",
        title="Joint project",
        started_on=date(2024, 1, 1),
        programme=w.reloaded,
    )


LISTS: list[tuple[str, Callable[[World], object]]] = [
    ("/api/v1/organisations", lambda w: OrganisationFactory()),
    ("/api/v1/people", _participation),
    (
        "/api/v1/programmes",
        lambda w: ParticipationFactory(
            programme=ProgrammeFactory(), person=w.people["mona"], role="manager"
        ),
    ),
    ("/api/v1/programmes/reloaded/participations", _participation),
    ("/api/v1/programmes/reloaded/pairs", _pair),
    ("/api/v1/programmes/reloaded/meetings", _meeting),
    ("/api/v1/programmes/reloaded/pairs/{pair}/goals", _goal),
    ("/api/v1/programmes/reloaded/pairs/{pair}/session-logs", _log),
    ("/api/v1/programmes/reloaded/pairs/{pair}/assessments", _assessment),
    ("/api/v1/opportunities", _opportunity),
    ("/api/v1/collaborations", _collaboration),
]


@pytest.mark.parametrize(("url", "add"), LISTS)
def test_api_list_costs_the_same_for_one_and_three_items(world: World, url, add) -> None:
    client = world.client_for("mona")
    url = url.format(pair=world.pair.pk) + "?limit=100"

    def queries() -> tuple[int, int]:
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        return len(context.captured_queries), response.json()["count"]

    add(world)
    one, items_before = queries()
    add(world)
    add(world)
    three, items_after = queries()

    assert items_after == items_before + 2
    assert three == one
