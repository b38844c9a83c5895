"""Every page of a programme shows the same tabs for the same viewer, the current one marked."""

from __future__ import annotations

import copy
import re

import pytest

from tests.conftest import World

MANAGER_TABS = [
    "Overview",
    "Participants",
    "Pairs",
    "Meetings",
    "Matching",
    "Missions",
    "Journeys",
    "Surveys",
    "Impact report",
    "Network",
    "Portfolio",
    "Announcements",
    "Applications",
    "Closing",
    "Audit trail",
    "Undelivered e-mail",
]
TAB_NAV = re.compile(r'<nav class="tabs" aria-label="Programme">(.*?)</nav>', re.S)
TAB = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


def _tabs(html: str) -> list[tuple[str, bool, str]]:
    found = TAB_NAV.search(html)
    assert found, "no programme tabs on the page"
    return [(url, bool(current), label) for url, current, label in TAB.findall(found[1])]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "Overview"),
        ("/network/", "Network"),
        ("/portfolio/", "Portfolio"),
        ("/meetings/find/", "Meetings"),
        ("/meetings/", "Meetings"),
        ("/impact/", "Impact report"),
        ("/audit/", "Audit trail"),
        ("/journeys/surveys/", "Surveys"),
    ],
)
def test_a_manager_sees_every_tab_on_every_programme_page_with_the_current_one_marked(
    world: World, path: str, current: str
) -> None:
    response = world.client_for("mona").get(f"/programmes/reloaded{path}")
    assert response.status_code == 200
    tabs = _tabs(response.content.decode())
    assert [label for _, _, label in tabs] == MANAGER_TABS
    assert [label for _, is_current, label in tabs if is_current] == [current]


def test_a_mentor_sees_no_manager_tab_and_the_journey_page_marks_journeys(world: World) -> None:
    response = world.client_for("marc").get(f"/programmes/reloaded/journeys/{world.pair.pk}/")
    tabs = _tabs(response.content.decode())
    labels = [label for _, _, label in tabs]
    assert "Audit trail" not in labels
    assert "Impact report" not in labels
    assert "Matching" not in labels
    assert {"Overview", "Journeys", "Network", "Portfolio"} <= set(labels)
    assert [label for _, is_current, label in tabs if is_current] == ["Journeys"]
