"""iCalendar (RFC 5545) files: one invitation per meeting and a personal feed per person.

Invitations carry METHOD:REQUEST (CANCEL once cancelled), a stable UID, the meeting's SEQUENCE
and DTSTART/DTEND in the recipient's own zone with its VTIMEZONE, so a calendar client shows the
intended wall time even if its own zone database differs. Only the recipient is listed as
attendee: other invitees' addresses stay private.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vDuration, vText, vUri

from clusterbridge.directory.models import Person
from clusterbridge.meetings.models import Meeting, MeetingStatus

PRODID = "-//clusterbridge//clusterbridge calendar//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@clusterbridge"


def _organizer() -> vCalAddress:
    address = settings.DEFAULT_FROM_EMAIL
    if "<" in address:
        address = address.split("<", 1)[1].rstrip(">")
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = vText("clusterbridge")
    return organizer


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _event(
    *,
    uid: str,
    sequence: int,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    zone: str,
    location: str,
    url: str,
    cancelled: bool,
    stamp: datetime,
    conference: str = "",
) -> Event:
    tz = ZoneInfo(zone)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", title)
    event.add("dtstart", starts_at.astimezone(tz))
    event.add("dtend", ends_at.astimezone(tz))
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    if conference:
        # RFC 7986: clients that know it show a "join" control; the description repeats the
        # link for those that do not.
        event.add(
            "conference",
            vUri(conference),
            parameters={
                "VALUE": "URI",
                # A list is written as a multi-valued parameter (FEATURE=AUDIO,VIDEO).
                "FEATURE": ["AUDIO", "VIDEO"],  # type: ignore[dict-item]
                "LABEL": str(_("Video meeting")),
            },
        )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _meeting_event(
    meeting: Meeting, *, zone: str, stamp: datetime, cancelled: bool | None = None
) -> Event:
    description = meeting.description
    if meeting.online_url:
        link = _("Join the video meeting: %(url)s") % {"url": meeting.online_url}
        description = f"{description}\n\n{link}".strip()
    return _event(
        uid=meeting_uid(meeting),
        sequence=meeting.sequence,
        title=meeting.display_title,
        description=description,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        zone=zone,
        location=meeting.venue or meeting.online_url,
        url=meeting.online_url,
        conference=meeting.online_url,
        cancelled=meeting.status == MeetingStatus.CANCELLED if cancelled is None else cancelled,
        stamp=stamp,
    )


def invitation_ics(meeting: Meeting, person: Person, *, cancelled: bool | None = None) -> bytes:
    """The invitation one person receives: REQUEST, or CANCEL for a cancelled meeting or, with
    ``cancelled=True``, for a person removed from a meeting that goes on."""
    if cancelled is None:
        cancelled = meeting.status == MeetingStatus.CANCELLED
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    event = _meeting_event(
        meeting, zone=person.time_zone, stamp=timezone.now(), cancelled=cancelled
    )
    event.add("organizer", _organizer())
    attendee = vCalAddress(f"mailto:{person.email}")
    attendee.params["CN"] = vText(person.full_name)
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
    attendee.params["RSVP"] = vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    ics: bytes = calendar.to_ical()
    return ics


def feed_ics(person: Person, meetings: Iterable[Meeting], *, extra: Iterable[Event] = ()) -> bytes:
    """A subscribable feed (no METHOD): every published meeting, cancelled ones flagged."""
    calendar = _calendar(None, name=f"clusterbridge · {person.full_name}")
    # As a typed duration (PT1H, RFC 7986): a plain timedelta is written as text ("1:00:00")
    # by icalendar 6, which icalendar 7 and strict clients refuse along with the whole feed.
    calendar.add(
        "refresh-interval", vDuration(timedelta(hours=1)), parameters={"VALUE": "DURATION"}
    )
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(_meeting_event(meeting, zone=person.time_zone, stamp=stamp))
    for event in extra:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    ics: bytes = calendar.to_ical()
    return ics


def agenda_event(
    *,
    uid: str,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    zone: str,
    location: str,
) -> Event:
    """An event for other apps' agendas (mission meetings), in the same shape as meetings."""
    return _event(
        uid=uid,
        sequence=0,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        zone=zone,
        location=location,
        url="",
        cancelled=False,
        stamp=timezone.now(),
    )


def agenda_ics(name: str, events: Iterable[Event]) -> bytes:
    calendar = _calendar("PUBLISH", name=name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    ics: bytes = calendar.to_ical()
    return ics
