"""Journey list pages cost the same number of queries for 1 item as for 3 (no N+1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterbridge.common.figures import forget_figures
from clusterbridge.journeys import services
from clusterbridge.programmes.models import Pair, Programme
from tests.factories import (
    PairFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.journeys.factories import goal_of, log_of

pytestmark = pytest.mark.django_db


def _client_for(person) -> Client:
    user = UserFactory()
    person.user = user
    person.save()
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> int:
    client.get(url)
    # The programme figures kept between visits would hide what computing them costs.
    forget_figures()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _pairs_with_journeys(programme: Programme, count: int) -> Pair:
    pairs = [PairFactory(programme=programme) for _ in range(count)]
    for pair in pairs:
        log_of(pair)
        goal_of(pair)
    return pairs[0]


def _manager(programme: Programme) -> Client:
    manager = ParticipationFactory(programme=programme, role="manager", person=PersonFactory())
    return _client_for(manager.person)


def _journeys(count: int) -> int:
    programme = ProgrammeFactory()
    _pairs_with_journeys(programme, count)
    return _queries(_manager(programme), f"/programmes/{programme.slug}/journeys/")


def _surveys(count: int) -> int:
    programme = ProgrammeFactory()
    pair = PairFactory(programme=programme)
    for number in range(count):
        survey = services.create_survey(programme=programme, kind="end", title=f"S{number}")
        services.answer_survey(
            survey=survey, person=pair.mentee.person, satisfaction=4, usefulness=4
        )
    return _queries(_manager(programme), f"/programmes/{programme.slug}/journeys/surveys/")


def _pair_page(count: int) -> int:
    programme = ProgrammeFactory()
    pair = PairFactory(programme=programme)
    for day in range(1, count + 1):
        log_of(
            pair,
            held_on=date(2021, 3, day),
            actions=[services.ActionInput("Do", pair.mentee.person)],
        )
        services.create_goal(
            pair=pair,
            author=pair.mentee.person,
            area=goal_of(pair).area,
            title=f"G{day}",
            measure="M",
            due_on=date(2021, 9, day),
            milestones=[("M1", date(2021, 5, day))],
        )
    client = _client_for(pair.mentee.person)
    return _queries(client, f"/programmes/{programme.slug}/journeys/{pair.pk}/")


def _home_with_flags(count: int) -> int:
    """``count`` programmes managed by one person, each with ``count`` pairs, all flagged."""
    # Mid-programme, with no session logged and the baseline assessments overdue.
    with time_machine.travel(datetime(2021, 6, 1, 12, tzinfo=UTC), tick=False):
        manager = PersonFactory()
        for _ in range(count):
            programme = ProgrammeFactory()
            ParticipationFactory(programme=programme, role="manager", person=manager)
            for _ in range(count):
                PairFactory(programme=programme)
        Pair.objects.update(created_at=datetime(2021, 1, 20, tzinfo=UTC))
        client = _client_for(manager)
        page = client.get("/home/").content.decode()
        assert page.count("No session logged") == count * count
        return _queries(client, "/home/")


PAGES: list[tuple[str, Callable[[int], int]]] = [
    ("journeys", _journeys),
    ("surveys", _surveys),
    ("pair journey", _pair_page),
    ("manager home with flagged pairs", _home_with_flags),
]


@pytest.mark.parametrize(("page", "count"), PAGES, ids=[row[0] for row in PAGES])
def test_journey_list_queries_do_not_grow_with_items(
    page: str, count: Callable[[int], int]
) -> None:
    one, three = count(1), count(3)
    assert one == three, f"{page}: {one} queries for 1 item, {three} for 3"
