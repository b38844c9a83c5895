"""Invitations, changes and cancellations reach a real SMTP server with a correct .ics.

The .ics is read back with vobject, a second parser independent of icalendar (which wrote it);
vobject builds its time zones from the VTIMEZONE in the file itself.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from clusterbridge.meetings import services
from clusterbridge.meetings.models import MeetingChange
from tests.conftest import World
from tests.meetings import ical_reader
from tests.smtp import Inbox


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


NOW = datetime(2030, 3, 1, 8, tzinfo=UTC)


def _parse(text: str):
    return ical_reader.read_vobject(text)


@pytest.fixture
def frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _schedule(world: World, capture, **extra):
    with capture(execute=True):
        return services.create_meeting(
            programme=world.reloaded,
            kind="bilateral_session",
            title="Amina and Marc, session 2",
            starts_at=datetime(2030, 3, 4, 9, tzinfo=UTC),
            duration_minutes=60,
            invitees=[world.people["marc"], world.people["amina"]],
            online_url="https://video.example/room-7",
            **extra,
        )


def test_invitation_mail_carries_a_request_ics_in_the_invitees_zone(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    meeting = _schedule(world, django_capture_on_commit_callbacks)

    [message] = smtp.to("amina@example.org")
    method, text = Inbox.calendar_part(message)
    parsed = _parse(text)
    event = parsed.vevent
    assert method == "REQUEST"
    assert parsed.method.value == "REQUEST"
    assert event.uid.value == f"{meeting.uid}@clusterbridge"
    assert event.sequence.value == "0"
    own = ical_reader.read(text)
    [own_event] = own.all("VEVENT")
    assert ical_reader.instant(own, own_event) == datetime(2030, 3, 4, 9, tzinfo=UTC)
    # Casablanca is on UTC+0 for good from September 2026 in the pinned tzdata.
    assert ical_reader.wall_time(own, own_event) == datetime(2030, 3, 4, 9)
    assert [tz.tzid.value for tz in parsed.vtimezone_list] == ["Africa/Casablanca"]
    assert [a.value for a in event.attendee_list] == ["mailto:amina@example.org"]
    assert message["Subject"].strip().startswith("Invitation: Amina and Marc, session 2")
    assert len(smtp.messages) == 2


def test_reschedule_raises_sequence_keeps_uid_and_history(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    meeting = _schedule(world, django_capture_on_commit_callbacks)
    first_uid = _parse(Inbox.calendar_part(smtp.to("marc@example.org")[0])[1]).vevent.uid.value

    with django_capture_on_commit_callbacks(execute=True):
        services.change_meeting(
            meeting=meeting,
            title=meeting.title,
            starts_at=datetime(2030, 3, 5, 13, tzinfo=UTC),
            duration_minutes=45,
            online_url="https://other-provider.example/x",
            note="Marc travels on Monday",
        )

    update = smtp.to("marc@example.org")[-1]
    text = Inbox.calendar_part(update)[1]
    event = _parse(text).vevent
    own = ical_reader.read(text)
    [own_event] = own.all("VEVENT")
    change = MeetingChange.objects.get(meeting=meeting, kind="rescheduled")
    assert event.uid.value == first_uid
    assert event.sequence.value == "1"
    assert ical_reader.instant(own, own_event) == datetime(2030, 3, 5, 13, tzinfo=UTC)
    assert ical_reader.instant(own, own_event, "DTEND") == datetime(2030, 3, 5, 13, 45, tzinfo=UTC)
    assert change.previous_starts_at == datetime(2030, 3, 4, 9, tzinfo=UTC)
    assert change.note == "Marc travels on Monday"
    assert update["Subject"].strip().startswith("Changed:")


def test_cancellation_sends_method_cancel_and_keeps_the_meeting(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    meeting = _schedule(world, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, note="Holiday")

    method, text = Inbox.calendar_part(smtp.to("amina@example.org")[-1])
    parsed = _parse(text)
    meeting.refresh_from_db()
    assert method == "CANCEL"
    assert parsed.method.value == "CANCEL"
    assert parsed.vevent.status.value == "CANCELLED"
    assert parsed.vevent.sequence.value == "1"
    assert meeting.status == "cancelled"
    assert list(meeting.changes.values_list("kind", flat=True)) == ["created", "cancelled"]


def test_a_draft_notifies_nobody_until_published(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    _schedule(world, django_capture_on_commit_callbacks, status="draft")
    assert smtp.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        published = services.publish_plan(programme=world.reloaded)

    assert published == 1
    assert sorted(m["To"] for m in smtp.messages) == ["amina@example.org", "marc@example.org"]


def test_invitation_mail_is_written_in_the_recipients_language(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    world.users["amina"].language = "fr"
    world.users["amina"].save()

    _schedule(world, django_capture_on_commit_callbacks)

    [message] = smtp.to("amina@example.org")
    assert message["Subject"].strip().startswith(("Invitation : ", "Invitation\u202f: "))
    body = message.get_body(("plain",))
    assert body is not None
    assert "Bonjour Amina" in body.get_content()


# Daylight-saving changes ------------------------------------------------------------------

ZONES = ["Europe/Paris", "Africa/Cairo", "Africa/Casablanca", "Asia/Gaza"]


def _transitions(zone: str, year: int) -> list[datetime]:
    """Days (UTC midnight) on which the zone's UTC offset changes, found from zoneinfo."""
    tz = ZoneInfo(zone)
    days = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        if (day + timedelta(days=1)).astimezone(tz).utcoffset() != day.astimezone(tz).utcoffset():
            days.append(day)
        day += timedelta(days=1)
    return days


# Morocco's last clock changes (Ramadan, then the return to UTC+0 for good) are in 2026 in the
# pinned tzdata; the other zones still change in 2030.
YEAR_OF = {"Africa/Casablanca": 2026}
CASES = [
    (zone, transition)
    for zone in ZONES
    for transition in _transitions(zone, YEAR_OF.get(zone, 2030))
]


def test_every_studied_zone_changes_its_clock() -> None:
    assert {zone for zone, _ in CASES} == set(ZONES)


@pytest.mark.parametrize(("zone", "transition"), CASES, ids=[f"{z}-{t:%m-%d}" for z, t in CASES])
def test_invitation_start_is_the_intended_local_time_for_every_invitee_across_dst(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks, zone: str, transition: datetime
) -> None:
    """The manager types 10:00 in ``zone`` for the day after its clock change, with the clock
    pinned before the change; every invitee's .ics shows that instant in their own zone."""
    marc, amina, karim = world.people["marc"], world.people["amina"], world.people["karim"]
    for person, person_zone in (
        (marc, "Europe/Paris"),
        (amina, "Africa/Casablanca"),
        (karim, "Asia/Gaza"),
    ):
        person.time_zone = person_zone
        person.save()
    world.people["paola"].time_zone = "Africa/Cairo"
    world.people["paola"].save()
    invitees = [marc, amina, karim, world.people["paola"]]
    meeting_day = (transition + timedelta(days=2)).date()

    with time_machine.travel(transition - timedelta(days=3), tick=False):
        client = world.client_for("mona")  # signed in at the pinned time: the session is fresh
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/programmes/{world.reloaded.slug}/meetings/new/",
                {
                    "kind": "joint_meeting",
                    "title": "Across the change",
                    "date": meeting_day.isoformat(),
                    "time": "10:00",
                    "end_time": "11:00",
                    "time_zone": zone,
                    "invitees": [p.pk for p in invitees],
                    "confirm_overlap": "on",
                },
            )

    assert response.status_code == 302
    assert "/meetings/" in response["Location"]
    intended = datetime.combine(meeting_day, datetime.min.time().replace(hour=10), ZoneInfo(zone))
    assert sorted(m["To"] for m in smtp.messages) == sorted(p.email for p in invitees)
    for person in invitees:
        calendar = ical_reader.read(Inbox.calendar_part(smtp.to(person.email)[-1])[1])
        [event] = calendar.all("VEVENT")
        expected_local = intended.astimezone(ZoneInfo(person.time_zone)).replace(tzinfo=None)
        assert event.params("DTSTART")["TZID"] == person.time_zone
        assert ical_reader.wall_time(calendar, event) == expected_local, person.time_zone
        assert ical_reader.instant(calendar, event) == intended, person.time_zone


def test_a_title_with_an_ampersand_and_a_quote_arrives_unescaped_in_the_subject(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.create_meeting(
            programme=world.reloaded,
            kind="bilateral_session",
            title="R&D 'kick-off'",
            starts_at=datetime(2030, 3, 4, 9, tzinfo=UTC),
            duration_minutes=60,
            invitees=[world.people["amina"]],
        )

    [message] = smtp.to("amina@example.org")
    assert message["Subject"].strip().startswith("Invitation: R&D 'kick-off' · ")
