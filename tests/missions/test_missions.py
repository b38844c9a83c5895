"""Missions: join, request, accept, schedule from the database, agendas (page, print, .ics)."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from clusterbridge.missions import services
from clusterbridge.missions.models import MissionMeeting
from tests.conftest import World
from tests.meetings import ical_reader


@pytest.fixture
def mission(world: World):
    return services.create_mission(
        programme=world.reloaded,
        title="Barcelona B2B",
        starts_at=datetime(2030, 6, 4, 7, 30, tzinfo=UTC),
        slot_minutes=30,
        slot_count=3,
        table_count=1,
        time_zone="Europe/Madrid",
        venue="ACCIÓ",
    )


def _join(world: World, mission, name: str, absent=()):
    return services.join_mission(
        mission=mission, person=world.people[name], offer=f"{name} offers", absent_slots=absent
    )


def test_schedule_places_accepted_meetings_without_double_booking(world: World, mission) -> None:
    marc, amina, paola, karim = (
        _join(world, mission, name) for name in ("marc", "amina", "paola", "karim")
    )
    amina_absent = _join(world, mission, "amina", absent=[0])
    for first, second in ((amina, marc), (amina, paola), (karim, marc), (karim, paola)):
        request = services.request_meeting(requester=first, requested=second)
        services.answer_request(request=request, by=second, accept=True)
    declined = services.request_meeting(requester=marc, requested=paola)
    services.answer_request(request=declined, by=paola, accept=False)

    result = services.schedule(mission=mission, time_limit_seconds=2)

    placed = list(MissionMeeting.objects.filter(mission=mission))
    assert (result.placed, result.requests) == (3, 4)  # one table, three slots
    assert result.bound == 3
    assert all(m.table == 1 for m in placed)
    assert len({m.slot for m in placed}) == 3
    assert all(m.slot != 0 for m in placed if amina_absent.pk in (m.first_id, m.second_id))


def test_a_request_is_answered_only_by_the_person_asked(world: World, mission) -> None:
    marc, amina = _join(world, mission, "marc"), _join(world, mission, "amina")
    request = services.request_meeting(requester=amina, requested=marc)
    with pytest.raises(ValidationError):
        services.answer_request(request=request, by=amina, accept=True)
    with pytest.raises(ValidationError):
        services.request_meeting(requester=marc, requested=amina)  # the reverse already exists


def test_only_programme_participants_can_join(world: World, mission) -> None:
    with pytest.raises(ValidationError):
        services.join_mission(mission=mission, person=world.people["carla"])


def test_unknown_slots_are_refused(world: World, mission) -> None:
    with pytest.raises(ValidationError):
        _join(world, mission, "marc", absent=[7])


def test_agenda_page_print_version_and_ics_show_the_placed_meeting(world: World, mission) -> None:
    marc, amina = _join(world, mission, "marc"), _join(world, mission, "amina")
    request = services.request_meeting(requester=amina, requested=marc)
    services.answer_request(request=request, by=marc, accept=True)
    services.schedule(mission=mission, time_limit_seconds=1)
    base = f"/programmes/{world.reloaded.slug}/missions/{mission.pk}/agenda"
    client = world.client_for("amina")

    mine = client.get(f"{base}/")
    page = client.get(f"{base}/{amina.pk}/")
    printable = client.get(f"{base}/{amina.pk}/", {"print": 1})
    ics = client.get(f"{base}/{amina.pk}.ics")

    assert mine.status_code == 302
    assert mine["Location"].endswith(f"/agenda/{amina.pk}/")
    [row] = page.context["rows"]
    assert (row["table"], row["other"].person.full_name) == (1, "Marc")
    assert b"@page" in printable.content
    calendar = ical_reader.read(ics.content.decode())
    [event] = calendar.all("VEVENT")
    assert ical_reader.instant(calendar, event) == mission.slot_start(row["slot"] - 1)
    assert (
        ical_reader.read_vobject(ics.content.decode()).vevent.summary.value == "Barcelona B2B: Marc"
    )
    assert world.client_for("marc").get(f"{base}/{amina.pk}/").status_code == 404
    assert world.client_for("mona").get(f"{base}/{amina.pk}/").status_code == 200


def test_the_personal_calendar_feed_includes_the_placed_mission_meetings(
    world: World, mission
) -> None:
    marc, amina = _join(world, mission, "marc"), _join(world, mission, "amina")
    request = services.request_meeting(requester=amina, requested=marc)
    services.answer_request(request=request, by=marc, accept=True)
    services.schedule(mission=mission, time_limit_seconds=1)
    out = StringIO()

    call_command("calendar", world.people["amina"].email, stdout=out)

    calendar = ical_reader.read(out.getvalue())
    summaries = [event.get("SUMMARY") for event in calendar.all("VEVENT")]
    assert "Barcelona B2B: Marc" in summaries


def test_pages_let_people_join_request_and_answer(world: World, mission) -> None:
    base = f"/programmes/{world.reloaded.slug}/missions/{mission.pk}"
    world.client_for("marc").post(f"{base}/join/", {"offer": "Export know-how", "seek": "Peers"})
    world.client_for("amina").post(f"{base}/join/", {"offer": "Textile", "absent_slots": ["1"]})
    marc = mission.participants.get(person=world.people["marc"])
    world.client_for("amina").post(f"{base}/request/{marc.pk}/", {"message": "Hello"})
    request = mission.requests.get()
    world.client_for("marc").post(f"{base}/requests/{request.pk}/answer/", {"answer": "accept"})
    world.client_for("mona").post(f"{base}/schedule/")

    request.refresh_from_db()
    mission.refresh_from_db()
    assert mission.participants.get(person=world.people["amina"]).absent_slots == [1]
    assert (request.status, request.message) == ("accepted", "Hello")
    assert mission.placed_count == 1
    assert world.client_for("amina").post(f"{base}/schedule/").status_code == 404
