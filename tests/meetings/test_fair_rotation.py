"""The early or late hour rotates across consecutive suggestions for the same people.

Salma works in Casablanca (UTC+0 since September 2026 in the pinned tzdata), Jamal in Amman
(UTC+3). Their own weekly windows leave two common hours a day: 09:00 UTC (Salma's first hour)
and 13:00 UTC (16:00 in Amman, Jamal's last hour). Each costs one of them one inconvenient hour.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from clusterbridge.meetings import selectors, services, slot_finder, working_time
from clusterbridge.meetings.models import WeeklyWindow
from clusterbridge.programmes.models import Participation
from tests.conftest import World
from tests.factories import PersonFactory, country

FIRST_WEEK = datetime(2030, 4, 8, tzinfo=UTC)  # a Monday, outside Ramadan
NEXT_WEEK = FIRST_WEEK + timedelta(days=7)


def _windows(person, *spans: tuple[int, int]) -> None:
    for weekday in range(4):  # Monday to Thursday: working days in both countries
        for start, end in spans:
            WeeklyWindow.objects.create(
                person=person, weekday=weekday, starts=time(start), ends=time(end)
            )


def _people(world: World):
    salma = PersonFactory(full_name="Salma")  # Morocco, Africa/Casablanca
    jamal = PersonFactory(full_name="Jamal", country=country("JO"), time_zone="Asia/Amman")
    for person in (salma, jamal):
        Participation.objects.create(programme=world.reloaded, person=person, role="mentee")
    _windows(salma, (9, 10), (13, 14))
    _windows(jamal, (12, 13), (16, 17))
    return [salma, jamal]


def _best(people, start: datetime) -> slot_finder.CandidateSlot:
    return selectors.suggest_slots(people, start=start, days=2, duration_minutes=60).search.slots[0]


def _inconvenient(slot: slot_finder.CandidateSlot) -> dict[object, float]:
    return {view.person_id: view.inconvenience for view in slot.invitees if view.inconvenience}


def test_consecutive_suggestions_do_not_give_the_same_person_the_early_hour(
    world: World,
) -> None:
    people = _people(world)
    salma, jamal = people
    first = _best(people, FIRST_WEEK)
    services.create_meeting(
        programme=world.reloaded,
        kind="bilateral_session",
        title="First",
        starts_at=first.start_utc,
        duration_minutes=60,
        invitees=people,
        notify=False,
    )

    second = _best(people, NEXT_WEEK)

    assert first.start_utc == datetime(2030, 4, 8, 9, tzinfo=UTC)
    assert _inconvenient(first) == {salma.pk: 1.0}  # Salma's 09:00
    assert second.start_utc >= NEXT_WEEK
    assert second.start_utc.time() == time(13)
    assert _inconvenient(second) == {jamal.pk: 1.0}  # now Jamal's 16:00


def test_cancelled_meetings_are_no_inconvenience(world: World) -> None:
    people = _people(world)
    meeting = services.create_meeting(
        programme=world.reloaded,
        kind="bilateral_session",
        title="First",
        starts_at=datetime(2030, 4, 8, 9, tzinfo=UTC),
        duration_minutes=60,
        invitees=people,
        notify=False,
    )
    services.cancel_meeting(meeting=meeting)

    assert selectors.past_inconvenience(people, before=NEXT_WEEK) == {}
    assert _best(people, NEXT_WEEK).start_utc.time() == time(9)  # the earliest, as before


def test_the_pair_sessions_page_suggests_with_the_pairs_history(world: World) -> None:
    marc, amina = world.people["marc"], world.people["amina"]
    world.pair.status = "confirmed"
    world.pair.save()
    past = selectors.past_inconvenience([marc, amina], before=datetime(2030, 3, 3, tzinfo=UTC))

    response = world.client_for("marc").get(f"/programmes/reloaded/pairs/{world.pair.pk}/sessions/")

    # The world's meeting is on Saturday 2 March 2030 at 09:00 UTC: outside both their working
    # weeks, and Amina's first hour in Casablanca besides.
    assert past == {marc.pk: slot_finder.OUTSIDE_HOURS_PENALTY, amina.pk: 5.0}
    assert response.status_code == 200
    assert response.context["suggestions"].search.slots


def test_history_of_held_meetings_uses_the_search_measure() -> None:
    tunis = working_time.PersonAvailability(
        person_id="k",
        calendar=working_time.calendar_for_country("TN", years=(2030,)),
    )
    paris = working_time.PersonAvailability(
        person_id="m",
        calendar=working_time.calendar_for_country("FR", years=(2030,)),
    )
    early = datetime(2030, 6, 3, 8, tzinfo=UTC)  # 09:00 in Tunis, 10:00 in Paris (summer)
    on_saturday = datetime(2030, 6, 8, 10, tzinfo=UTC)

    history = slot_finder.inconvenience_history(
        [tunis, paris],
        [
            slot_finder.HeldMeeting(early, 60, ["k", "m"]),
            slot_finder.HeldMeeting(on_saturday, 60, ["m", "someone else"]),
        ],
    )

    assert history == {"k": 1.0, "m": slot_finder.OUTSIDE_HOURS_PENALTY}
