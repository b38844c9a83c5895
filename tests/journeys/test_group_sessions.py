"""A group session is logged once for several pairs and counts for each of them."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from clusterbridge.journeys import services
from clusterbridge.journeys.models import GroupSession, SessionLog
from clusterbridge.programmes.models import Pair
from clusterbridge.reports.impact import build_impact_report
from tests.conftest import World
from tests.journeys.factories import NOW, log_of


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


TODAY = date(2021, 10, 31)


def _group(world: World, **changes: object) -> GroupSession:
    arguments: dict[str, Any] = {
        "programme": world.reloaded,
        "author": world.pair.mentor.person,
        "pairs": [world.pair, world.second_pair],
        "held_on": date(2021, 4, 21),
        "duration_minutes": 90,
        "topics": "Peer exchange on pricing",
        "shared_notes": "Each cluster presented one case.",
        "private_note": "Marc's thoughts on the group",
        "today": TODAY,
    } | changes
    return services.log_group_session(**arguments)


def _log_url(world: World, pair: Pair, group: GroupSession) -> str:
    log = group.logs.get(pair=pair)
    return f"/programmes/{world.reloaded.slug}/journeys/{pair.pk}/logs/{log.pk}/"


def test_a_group_session_is_in_the_journey_of_every_pair_who_took_part(world: World) -> None:
    group = _group(world)

    logs = SessionLog.objects.filter(group_session=group).order_by("pair_id")

    assert [(log.pair, log.kind, log.duration_minutes) for log in logs] == [
        (world.pair, "group_session", 90),
        (world.second_pair, "group_session", 90),
    ]


def test_members_of_each_pair_read_the_shared_notes_and_managers_only_the_facts(
    world: World,
) -> None:
    group = _group(world)
    url = _log_url(world, world.pair, group)

    manager = world.client_for("mona").get(url).content.decode()
    mentee = world.client_for("amina").get(url).content.decode()

    assert "Peer exchange on pricing" in manager
    assert "90" in manager
    assert "Each cluster presented one case." not in manager
    assert "Each cluster presented one case." in mentee
    assert "Karim" in manager  # who took part: the other pair


def test_the_private_note_of_a_group_session_is_read_by_its_author_only(world: World) -> None:
    group = _group(world)
    url = _log_url(world, world.pair, group)

    pages = {role: world.client_for(role).get(url).content.decode() for role in ("marc", "amina")}

    assert "Marc&#x27;s thoughts on the group" in pages["marc"]
    assert "thoughts on the group" not in pages["amina"]
    assert group.logs.get(pair=world.second_pair).private_notes.exists() is False


def test_the_impact_report_counts_a_group_session_for_each_pair(world: World) -> None:
    log_of(world.pair)  # 60 minutes, Amina and Marc only
    _group(world)

    with translation.override("en"):
        report = build_impact_report(world.reloaded, now=NOW)
    activity = report.table("activity")

    # Mentee, mentor, sessions held, hours, ...
    by_mentee = {row[0]: (row[2], row[3]) for row in activity.rows}
    assert by_mentee == {
        world.pair.mentee.person.full_name: (2, 2.5),
        world.second_pair.mentee.person.full_name: (1, 1.5),
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pairs": []}, "at least 2 pairs"),
        ({"pairs": ["pair"]}, "at least 2 pairs"),
        ({"pairs": ["pair", "other_pair"]}, "confirmed pairs of this programme"),
        ({"author": "carla"}, "your own pair"),
        ({"held_on": date(2021, 11, 30)}, "within the programme"),
        ({"held_on": date(2021, 10, 30), "today": date(2021, 10, 29)}, "once it has happened"),
    ],
)
def test_a_group_session_that_cannot_be_logged_is_refused_and_nothing_is_saved(
    world: World, changes: dict[str, Any], message: str
) -> None:
    if "pairs" in changes:
        changes["pairs"] = [getattr(world, name) for name in changes["pairs"]]
    if "author" in changes:
        changes["author"] = world.people[changes["author"]]

    with pytest.raises(ValidationError) as error:
        _group(world, **changes)

    assert message in " ".join(error.value.messages)
    assert GroupSession.objects.count() == SessionLog.objects.count() == 0


def test_the_group_session_form_logs_it_for_the_pairs_ticked(world: World) -> None:
    url = f"/programmes/{world.reloaded.slug}/journeys/group-sessions/new/"

    response = world.client_for("amina").post(
        url,
        {
            "pairs": [world.pair.pk, world.second_pair.pk],
            "held_on": "2021-05-05",
            "duration_minutes": "120",
            "topics": "Joint workshop",
        },
    )

    assert response.status_code == 302
    assert sorted(SessionLog.objects.values_list("pair_id", flat=True)) == sorted(
        [world.pair.pk, world.second_pair.pk]
    )


def test_a_group_session_form_with_one_pair_is_a_message(world: World) -> None:
    url = f"/programmes/{world.reloaded.slug}/journeys/group-sessions/new/"

    response = world.client_for("marc").post(
        url,
        {
            "pairs": [world.pair.pk],
            "held_on": "2021-05-05",
            "duration_minutes": "60",
            "topics": "x",
        },
    )

    assert response.status_code == 200
    assert "at least 2 pairs" in response.content.decode()
    assert SessionLog.objects.count() == 0
