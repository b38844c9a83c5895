"""The onboarding checklist of a new mentee or mentor, on their home page."""

from __future__ import annotations

from datetime import time

from django.utils import timezone

from clusterbridge.directory.models import ConsentRecord, PersonLanguage
from clusterbridge.invitations.selectors import onboarding_checklist
from clusterbridge.matching.models import MatchingWish
from clusterbridge.meetings.models import WeeklyWindow
from tests.conftest import World
from tests.factories import PersonCompetenceFactory


def _state(world: World, name: str) -> dict[str, bool]:
    return {item.key: item.done for item in onboarding_checklist(world.people[name])}


def test_a_new_mentee_has_every_step_open_with_a_link(world: World) -> None:
    world.reloaded.status = "matching"
    world.reloaded.save()

    items = onboarding_checklist(world.people["amina"])

    assert {item.key: item.done for item in items} == {
        "profile": False,
        "languages": False,
        "time_zone": True,
        "availability": False,
        "consents": False,
        "needs": False,
        "wishes": False,
    }
    urls = {item.key: item.url for item in items}
    assert urls["availability"] == "/calendar/availability/"
    assert urls["needs"] == "/programmes/reloaded/journeys/diagnosis/"
    assert urls["wishes"] == "/programmes/reloaded/matching/wishes/"


def test_each_step_is_done_once_its_page_has_been_used(world: World) -> None:
    world.reloaded.status = "matching"
    world.reloaded.save()
    amina = world.people["amina"]
    amina.position = "Cluster manager"
    amina.bio = "Runs a textile cluster."
    amina.save()
    PersonLanguage.objects.create(person=amina, language="ar", level="native")
    WeeklyWindow.objects.create(person=amina, weekday=0, starts=time(9), ends=time(12))
    ConsentRecord.objects.create(person=amina, purpose="emails", given_at=timezone.now())
    PersonCompetenceFactory(person=amina, kind="need")
    MatchingWish.objects.create(
        participation=world.pair.mentee, other=world.second_pair.mentor, kind="wish", rank=1
    )

    assert set(_state(world, "amina").values()) == {True}


def test_a_mentor_is_asked_for_expertise_and_wishes_only_count_while_matching(
    world: World,
) -> None:
    PersonCompetenceFactory(person=world.people["marc"], kind="need")

    state = _state(world, "marc")

    assert state["expertise"] is False
    assert "needs" not in state
    assert "wishes" not in state  # the programme is running: wishes no longer count


def test_managers_community_members_and_closed_programmes_have_no_checklist(
    world: World,
) -> None:
    assert onboarding_checklist(world.people["mona"]) == []
    assert onboarding_checklist(world.people["carla"]) == []
    world.reloaded.status = "closed"
    world.reloaded.save()
    assert onboarding_checklist(world.people["amina"]) == []


def test_the_home_page_shows_the_open_steps_and_drops_the_list_once_all_are_done(
    world: World,
) -> None:
    client = world.client_for("marc")
    before = client.get("/home/").content.decode()
    marc = world.people["marc"]
    marc.position, marc.bio = "Mentor", "Twenty years in clusters."
    marc.save()
    PersonLanguage.objects.create(person=marc, language="fr", level="native")
    WeeklyWindow.objects.create(person=marc, weekday=1, starts=time(9), ends=time(12))
    ConsentRecord.objects.create(person=marc, purpose="emails", given_at=timezone.now())
    PersonCompetenceFactory(person=marc, kind="expertise")

    after = client.get("/home/").content.decode()

    assert "What to do next" in before
    assert "1 step done out of 6." in before
    assert 'href="/calendar/availability/"' in before
    assert "What to do next" not in after
    assert "My programmes" in after
    assert "Reloaded" in after
