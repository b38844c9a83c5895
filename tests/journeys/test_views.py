"""Journey pages: notes stay with their author or the pair, bad input is a message."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterbridge.common.figures import forget_figures
from clusterbridge.journeys.models import Rating, SessionLog, SurveyResponse
from clusterbridge.programmes.models import Pair
from tests.conftest import World
from tests.factories import PairFactory
from tests.journeys.factories import assessed_by_both, log_of, survey_of


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


def _log_url(world: World) -> str:
    log = log_of(
        world.pair,
        shared_notes="Shared with Amina",
        private_note="Marc's own thoughts",
    )
    return f"/programmes/{world.reloaded.slug}/journeys/{world.pair.pk}/logs/{log.pk}/"


def test_a_private_note_is_read_by_its_author_only(world: World) -> None:
    url = _log_url(world)

    pages = {
        role: world.client_for(role).get(url).content.decode()
        for role in ("marc", "amina", "mona", "ada")
    }

    assert "Marc&#x27;s own thoughts" in pages["marc"]
    for role in ("amina", "mona", "ada"):
        assert "own thoughts" not in pages[role], role


def test_managers_see_that_a_log_exists_not_its_shared_notes(world: World) -> None:
    url = _log_url(world)

    manager = world.client_for("mona").get(url).content.decode()
    mentee = world.client_for("amina").get(url).content.decode()

    assert "Action plan" in manager  # the topics
    assert "60" in manager  # the duration
    assert "Shared with Amina" not in manager
    assert "Shared with Amina" in mentee


def test_a_log_form_with_a_date_outside_the_programme_shows_a_message(world: World) -> None:
    url = f"/programmes/{world.reloaded.slug}/journeys/{world.pair.pk}/logs/new/"
    response = world.client_for("marc").post(
        url,
        {
            "kind": "bilateral_session",
            "held_on": "2022-01-10",
            "duration_minutes": "60",
            "topics": "Late",
        },
    )
    assert response.status_code == 200
    assert "within the programme" in response.content.decode()
    assert SessionLog.objects.count() == 0


def test_an_out_of_scale_rating_posted_by_hand_is_a_form_error(world: World) -> None:
    url = f"/programmes/{world.reloaded.slug}/journeys/{world.pair.pk}/assessments/end/self/"
    form = world.client_for("amina").get(url).context["form"]
    data = dict.fromkeys(form.fields, "3")
    data[next(iter(form.fields))] = "7"

    response = world.client_for("amina").post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Rating.objects.count() == 0


def test_a_mentee_cannot_open_the_mentors_rating_form(world: World) -> None:
    url = f"/programmes/{world.reloaded.slug}/journeys/{world.pair.pk}/assessments/end/mentor/"
    assert world.client_for("amina").post(url, {}).status_code == 404


def test_answering_a_survey_twice_through_the_page_keeps_the_first(world: World) -> None:
    survey = survey_of(world.reloaded)
    url = f"/programmes/{world.reloaded.slug}/journeys/surveys/{survey.pk}/"
    client = world.client_for("amina")
    client.post(url, {"satisfaction": "5", "usefulness": "4"})

    second = client.post(url, {"satisfaction": "1", "usefulness": "1"})

    assert "already answered" in second.content.decode()
    assert list(SurveyResponse.objects.values_list("satisfaction", flat=True)) == [5]


def test_survey_results_wait_for_three_answers(world: World) -> None:
    survey = survey_of(world.reloaded)
    url = f"/programmes/{world.reloaded.slug}/journeys/surveys/"
    for role in ("amina", "marc"):
        world.client_for(role).post(
            f"{url}{survey.pk}/", {"satisfaction": "5", "usefulness": "4", "comment": f"by {role}"}
        )
    before = world.client_for("mona").get(url).content.decode()
    world.client_for("karim").post(f"{url}{survey.pk}/", {"satisfaction": "2", "usefulness": "4"})

    after = world.client_for("mona").get(url).content.decode()

    assert "fewer than 3 answers" in before
    assert "by amina" not in before
    assert "4.00" in after
    assert "“by amina”" in after


def test_the_mentee_diagnosis_page_saves_the_baseline(world: World) -> None:
    url = f"/programmes/{world.reloaded.slug}/journeys/diagnosis/"
    client = world.client_for("amina")
    form = client.get(url).context["form"]
    data: dict[str, str | list[str]] = {
        name: "2" for name in form.fields if name.startswith("indicator_")
    }
    data["top_needs"] = [str(form.fields["top_needs"].queryset.first().pk)]

    response = client.post(url, data)

    assert response.status_code == 302
    assert Rating.objects.filter(assessment__stage="baseline").count() == len(data) - 1


def test_goals_must_be_due_within_the_programme(world: World) -> None:
    url = f"/programmes/{world.reloaded.slug}/journeys/{world.pair.pk}/goals/new/"
    client = world.client_for("amina")
    area = client.get(url).context["form"].fields["area"].queryset.first()
    response = client.post(
        url, {"area": area.pk, "title": "T", "measure": "M", "due_on": str(date(2022, 3, 1))}
    )
    assert "within the programme" in response.content.decode()


def test_the_manager_home_links_the_flagged_pairs_of_each_managed_programme(
    world: World,
) -> None:
    # Amina and Marc logged a session and gave both baseline ratings; Karim and Paola nothing.
    Pair.objects.update(created_at=datetime(2021, 1, 20, tzinfo=UTC))
    log_of(world.pair, held_on=date(2021, 5, 20), today=date(2021, 6, 1))
    assessed_by_both(world.pair, stage="baseline", now=datetime(2021, 2, 1, tzinfo=UTC))
    second = f"/programmes/reloaded/journeys/{world.second_pair.pk}/"
    first = f"/programmes/reloaded/journeys/{world.pair.pk}/"

    with time_machine.travel(datetime(2021, 6, 1, 12, tzinfo=UTC), tick=False):
        manager = world.client_for("mona").get("/home/").content.decode()
        elsewhere = world.client_for("olga").get("/home/").content.decode()

    assert f'href="{second}"' in manager
    assert "No session logged" in manager
    assert "Assessment overdue" in manager
    assert f'href="{first}"' not in manager
    assert second not in elsewhere
    assert "Pairs needing attention" in elsewhere  # Olga's own programme has its card


def test_the_flags_on_the_home_page_are_translated(world: World) -> None:
    client = world.client_for("mona")
    client.post("/language/", {"language": "ar"})

    with time_machine.travel(datetime(2021, 6, 1, 12, tzinfo=UTC), tick=False):
        page = client.get("/home/").content.decode()

    assert "ثنائيات تحتاج إلى متابعة" in page


def _unattended_pairs(world: World, count: int) -> list[Pair]:
    pairs: list[Pair] = [PairFactory(programme=world.reloaded) for _ in range(count)]
    Pair.objects.update(created_at=datetime(2021, 1, 20, tzinfo=UTC))
    return pairs


def test_the_manager_home_shows_the_first_flagged_pairs_and_counts_them_all(
    world: World,
) -> None:
    _unattended_pairs(world, 6)  # with Amina's and Karim's pairs: 8 pairs, none logged

    with time_machine.travel(datetime(2021, 6, 1, 12, tzinfo=UTC), tick=False):
        response = world.client_for("mona").get("/home/")

    page = response.content.decode()
    assert "8 pairs need attention (confirmed pairs: <bdi>8</bdi>)." in page
    assert page.count("/programmes/reloaded/journeys/") - page.count("?attention=1") == 5
    assert 'href="/programmes/reloaded/journeys/?attention=1"' in page
    assert "See all 8 pairs needing attention" in page


def test_the_manager_home_needs_the_same_queries_for_one_or_many_flagged_pairs(
    world: World,
) -> None:
    client = world.client_for("mona")
    client.get("/home/")  # the first request of a session makes one query more
    counts = []
    with time_machine.travel(datetime(2021, 6, 1, 12, tzinfo=UTC), tick=False):
        for extra in (0, 8):
            _unattended_pairs(world, extra)
            forget_figures()  # measure computing the figures, not reading them back
            with CaptureQueriesContext(connection) as queries:
                client.get("/home/")
            counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_journeys_list_can_show_only_the_pairs_needing_attention(world: World) -> None:
    # Amina and Marc logged a recent session and both baseline ratings; Karim and Paola nothing.
    Pair.objects.update(created_at=datetime(2021, 1, 20, tzinfo=UTC))
    log_of(world.pair, held_on=date(2021, 5, 20), today=date(2021, 6, 1))
    assessed_by_both(world.pair, stage="baseline", now=datetime(2021, 2, 1, tzinfo=UTC))
    client = world.client_for("mona")

    with time_machine.travel(datetime(2021, 6, 1, 12, tzinfo=UTC), tick=False):
        everyone = client.get("/programmes/reloaded/journeys/").content.decode()
        attention = client.get("/programmes/reloaded/journeys/?attention=1").content.decode()

    assert "Amina" in everyone
    assert "Karim" in everyone
    assert "Karim" in attention
    assert "Amina" not in attention
