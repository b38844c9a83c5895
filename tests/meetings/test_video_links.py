"""Online meetings: generated Jitsi rooms or pasted links, on the page, in e-mails and .ics."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
import time_machine
from django.core.exceptions import ValidationError

from clusterbridge.meetings import services
from clusterbridge.meetings.models import Meeting, MeetingStatus
from tests.conftest import World
from tests.meetings import ical_reader
from tests.smtp import Inbox


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


NOW = datetime(2030, 3, 1, 8, tzinfo=UTC)
STARTS = datetime(2030, 3, 4, 9, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _schedule(world: World, **extra) -> Meeting:
    fields = {
        "programme": world.reloaded,
        "kind": "bilateral_session",
        "title": "Amina and Marc, online",
        "starts_at": STARTS,
        "duration_minutes": 60,
        "invitees": [world.people["marc"], world.people["amina"]],
        **extra,
    }
    return services.create_meeting(**fields)


def test_an_online_meeting_gets_its_own_unguessable_jitsi_room(world: World, frozen) -> None:
    first, second = _schedule(world), _schedule(world)

    for meeting in (first, second):
        assert meeting.online_url.startswith("https://meet.jit.si/clusterbridge-")
        room = meeting.online_url.removeprefix("https://meet.jit.si/clusterbridge-")
        assert len(room) >= 24
    assert first.online_url != second.online_url


def test_the_jitsi_server_is_the_configured_one(world: World, frozen, settings) -> None:
    settings.JITSI_BASE_URL = "https://video.cluster.example"

    assert _schedule(world).online_url.startswith("https://video.cluster.example/clusterbridge-")


def test_a_pasted_link_wins_and_a_meeting_in_a_venue_gets_no_room(world: World, frozen) -> None:
    pasted = _schedule(world, online_url="https://zoom.example/j/123")
    in_a_room = _schedule(world, venue="Casablanca, Technopark")

    assert pasted.online_url == "https://zoom.example/j/123"
    assert in_a_room.online_url == ""


def test_with_the_paste_provider_nothing_is_generated(world: World, frozen, settings) -> None:
    settings.VIDEO_PROVIDER = "paste"

    assert _schedule(world).online_url == ""
    assert _schedule(world, online_url="https://teams.example/m/1").online_url == (
        "https://teams.example/m/1"
    )


def test_a_link_that_is_not_https_is_refused_by_the_service(world: World, frozen) -> None:
    with pytest.raises(ValidationError) as refused:
        _schedule(world, online_url="http://zoom.example/j/123")

    assert "https://" in str(refused.value.message_dict["online_url"])
    assert not Meeting.objects.filter(title="Amina and Marc, online").exists()


def test_the_form_refuses_a_plain_http_link_with_a_message(world: World, frozen) -> None:
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/meetings/new/",
        {
            "kind": "group_session",
            "title": "Plain link",
            "date": "2030-03-04",
            "time": "10:00",
            "end_time": "11:00",
            "time_zone": "Europe/Paris",
            "online_url": "http://webex.example/abc",
            "invitees": [world.people["marc"].pk],
        },
    )

    assert response.status_code == 200
    assert "A video link must start with https://." in response.content.decode()
    assert not Meeting.objects.filter(title="Plain link").exists()


def test_a_manager_replaces_the_room_with_a_pasted_link_and_blank_keeps_the_room(
    world: World, frozen
) -> None:
    meeting = _schedule(world)
    room = meeting.online_url

    kept = services.change_meeting(
        meeting=meeting, title="Renamed", starts_at=STARTS, duration_minutes=60, online_url=""
    )
    assert kept.online_url == room

    replaced = services.change_meeting(
        meeting=meeting,
        title="Renamed",
        starts_at=STARTS,
        duration_minutes=60,
        online_url="https://webex.example/meet/cmr",
    )
    assert replaced.online_url == "https://webex.example/meet/cmr"


def test_published_drafts_without_a_link_get_a_room(world: World, frozen) -> None:
    draft = _schedule(world, status=MeetingStatus.DRAFT)
    Meeting.objects.filter(pk=draft.pk).update(online_url="")

    services.publish_plan(programme=world.reloaded)

    draft.refresh_from_db()
    assert draft.status == MeetingStatus.SCHEDULED
    assert draft.online_url.startswith("https://meet.jit.si/clusterbridge-")


def test_invitation_mail_and_ics_carry_the_link_as_url_conference_and_description(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _schedule(world)

    [message] = smtp.to("marc@example.org")
    body = _text(message)
    assert meeting.online_url in body
    _, text = Inbox.calendar_part(message)
    [event] = ical_reader.read(text).all("VEVENT")
    assert event.get("URL") == meeting.online_url
    assert event.get("CONFERENCE") == meeting.online_url
    assert event.params("CONFERENCE")["VALUE"] == "URI"
    assert event.params("CONFERENCE")["FEATURE"] == "AUDIO,VIDEO"
    assert meeting.online_url in ical_reader.read_vobject(text).vevent.description.value


def test_change_and_reminder_mails_carry_the_link(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    meeting = _schedule(world, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_meeting(
            meeting=meeting,
            title=meeting.title,
            starts_at=STARTS + timedelta(hours=1),
            duration_minutes=60,
        )
    with time_machine.travel(STARTS - timedelta(hours=2), tick=False):
        services.send_due_reminders()

    mails = smtp.to("amina@example.org")
    assert len(mails) == 2
    for message in mails:
        assert meeting.online_url in _text(message)


@pytest.mark.parametrize(
    ("before_start", "shown"),
    [
        (timedelta(minutes=16), False),
        (timedelta(minutes=14), True),
        (timedelta(minutes=-59), True),
        (timedelta(minutes=-61), False),
    ],
)
def test_the_join_button_appears_from_15_minutes_before_the_start_until_the_end(
    world: World, frozen, before_start: timedelta, shown: bool
) -> None:
    meeting = _schedule(world, notify=False)
    client = world.client_for("amina")

    with time_machine.travel(STARTS - before_start, tick=False):
        page = client.get(f"/programmes/{world.reloaded.slug}/meetings/{meeting.pk}/").content
        calendar = client.get("/calendar/").content

    assert (b'data-testid="join"' in page) is shown
    assert meeting.online_url.encode() in page
    if before_start > timedelta(0):
        assert (b"Join the meeting" in calendar) is shown


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("VIDEO_PROVIDER", "skype", "VIDEO_PROVIDER='skype' must be one of ['jitsi', 'paste']"),
        ("JITSI_BASE_URL", "http://meet.example.org", "must be an https:// address"),
    ],
)
def test_a_bad_video_setting_stops_the_start_with_a_clear_message(
    tmp_path, name: str, value: str, message: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clusterbridge", "check"],
        env={**os.environ, name: value, "CLUSTERBRIDGE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
