"""Programme figures kept between visits: fresh after any write, never shown to other managers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterbridge.common import figures
from clusterbridge.jobs import upkeep
from clusterbridge.journeys.models import SessionLog
from clusterbridge.programmes.models import Pair
from tests.factories import PairFactory, ParticipationFactory, PersonFactory, UserFactory
from tests.jobs.immediate import jobs_run_at_once

NO_SESSION = "No session logged"


@pytest.fixture(autouse=True)
def _mid_programme() -> Iterator[None]:
    # Mid-programme (the factories' programme runs from January to October 2021).
    with time_machine.travel(datetime(2021, 6, 1, 12, tzinfo=UTC), tick=False):
        yield


def _client_for(person) -> Client:
    person.user = UserFactory()
    person.save()
    client = Client()
    client.force_login(person.user)
    return client


def _managed_pair() -> tuple[Pair, Client]:
    pair = PairFactory()
    Pair.objects.filter(pk=pair.pk).update(created_at=datetime(2021, 1, 20, tzinfo=UTC))
    manager = ParticipationFactory(programme=pair.programme, role="manager", person=PersonFactory())
    return pair, _client_for(manager.person)


def _home(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/home/")
    assert response.status_code == 200
    return response.content.decode(), len(context.captured_queries)


@pytest.mark.django_db
def test_the_managers_home_computes_its_programme_figures_once_between_writes() -> None:
    _pair, manager = _managed_pair()
    first, first_queries = _home(manager)
    again, again_queries = _home(manager)
    assert NO_SESSION in first
    assert NO_SESSION in again
    assert again_queries < first_queries


@pytest.mark.django_db
def test_a_session_logged_through_the_pages_shows_on_the_managers_next_visit() -> None:
    pair, manager = _managed_pair()
    assert NO_SESSION in _home(manager)[0]
    mentor = _client_for(pair.mentor.person)

    response = mentor.post(
        f"/programmes/{pair.programme.slug}/journeys/{pair.pk}/logs/new/",
        {
            "kind": "bilateral_session",
            "held_on": "2021-05-25",
            "duration_minutes": "60",
            "topics": "Export plan",
        },
    )

    assert response.status_code == 302
    assert SessionLog.objects.filter(pair=pair).exists()
    assert NO_SESSION not in _home(manager)[0]


@pytest.mark.django_db
def test_a_refused_write_keeps_the_figures() -> None:
    pair, _manager = _managed_pair()
    outsider = _client_for(PersonFactory())
    kept = figures.by_id("probe", [1], lambda ids: dict.fromkeys(ids, "kept"))

    response = outsider.post(f"/programmes/{pair.programme.slug}/status/", {"status": "closed"})

    assert response.status_code in (403, 404)
    assert figures.by_id("probe", [1], lambda ids: dict.fromkeys(ids, "new")) == kept


@pytest.mark.django_db
def test_a_finished_background_task_makes_every_figure_fresh() -> None:
    assert figures.by_id("probe", [7], lambda ids: dict.fromkeys(ids, 1)) == {7: 1}
    with jobs_run_at_once():
        upkeep.delete_expired_results.enqueue()
    assert figures.by_id("probe", [7], lambda ids: dict.fromkeys(ids, 2)) == {7: 2}


@pytest.mark.django_db
def test_a_manager_of_another_programme_never_sees_the_kept_figures() -> None:
    pair, manager = _managed_pair()
    assert NO_SESSION in _home(manager)[0]
    _other_pair, other_manager = _managed_pair()
    page = _home(other_manager)[0]
    assert pair.programme.name not in page
    assert page.count(NO_SESSION) == 1


def test_figures_of_several_programmes_are_computed_only_for_those_missing() -> None:
    asked: list[list[int]] = []

    def compute(ids):
        asked.append(list(ids))
        return {pk: pk * 10 for pk in ids}

    assert figures.by_id("probe-many", [1, 2], compute) == {1: 10, 2: 20}
    assert figures.by_id("probe-many", [2, 3, 3], compute) == {2: 20, 3: 30}
    assert asked == [[1, 2], [3]]


@pytest.mark.django_db
def test_a_mentees_home_is_kept_between_visits_and_fresh_once_their_pair_changes() -> None:
    pair = PairFactory(status="confirmed")
    mentor_name = pair.mentor.person.full_name
    mentee = _client_for(pair.mentee.person)
    first, first_queries = _home(mentee)
    again, again_queries = _home(mentee)
    assert mentor_name in first
    assert mentor_name in again
    assert again_queries < first_queries

    pair.status = "ended"
    pair.save()

    assert mentor_name not in _home(mentee)[0]


@pytest.mark.django_db
def test_one_persons_kept_home_is_never_shown_to_another() -> None:
    pair = PairFactory(status="confirmed")
    other_pair = PairFactory(status="confirmed")
    assert pair.mentor.person.full_name in _home(_client_for(pair.mentee.person))[0]
    page = _home(_client_for(other_pair.mentee.person))[0]
    assert pair.mentor.person.full_name not in page
    assert other_pair.mentor.person.full_name in page
