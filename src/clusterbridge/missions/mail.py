"""E-mails of a mission: a meeting request, its answer, and each participant's agenda.

Every message is written in the recipient's language, shows times in the recipient's zone and
links to the mission page. Services queue these with ``outbox.services.mail_with_change``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import timedelta
from email.mime.text import MIMEText
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from clusterbridge.common import dates
from clusterbridge.directory import mailing
from clusterbridge.meetings.ics import agenda_event, agenda_ics
from clusterbridge.missions.models import (
    MeetingRequest,
    Mission,
    MissionMeeting,
    MissionParticipant,
)


def _mission_url(mission: Mission) -> str:
    path = reverse(
        "programmes:mission_detail", kwargs={"slug": mission.programme.slug, "pk": mission.pk}
    )
    return f"{settings.BASE_URL}{path}"


def _message(template: str, recipient: MissionParticipant, context: dict[str, Any]) -> EmailMessage:
    person = recipient.person
    context = {**context, "person": person, "url": _mission_url(context["mission"])}
    # A mission happens on site: its times are the venue's, whoever reads them.
    with (
        translation.override(mailing.language_of(person)),
        timezone.override(ZoneInfo(context["mission"].time_zone)),
        dates.override_digits(person.digits),
    ):
        subject = render_to_string(f"missions/mail/{template}_subject.txt", context)
        body = render_to_string(f"missions/mail/{template}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])


def _send(
    participants: Iterable[MissionParticipant],
    build: Callable[[MissionParticipant], EmailMessage],
) -> int:
    """Build and send one message per participant who may be e-mailed, over one connection.

    Requests, answers and agendas are addressed to the participant about their own meetings in
    the mission: service mail, sent whatever their e-mails consent.
    """
    participants = list(participants)
    allowed = {
        person.pk
        for person in mailing.recipients(
            [participant.person for participant in participants], mailing.MailCategory.SERVICE
        )
    }
    messages = [
        build(participant) for participant in participants if participant.person_id in allowed
    ]
    if not messages:
        return 0
    with get_connection() as connection:
        return int(connection.send_messages(messages) or 0)


def _request(request_id: int) -> MeetingRequest:
    return MeetingRequest.objects.select_related(
        "mission__programme",
        "requester__person__user",
        "requester__person__organisation",
        "requested__person__user",
        "requested__person__organisation",
    ).get(pk=request_id)


def send_request_mail(request_id: int) -> int:
    """Tell the requested participant who asks to meet them, with a link to answer."""
    request = _request(request_id)
    context = {"mission": request.mission, "request": request, "other": request.requester}
    return _send([request.requested], lambda recipient: _message("request", recipient, context))


def send_answer_mail(request_id: int) -> int:
    """Tell the requester whether their request was accepted or declined."""
    request = _request(request_id)
    context = {"mission": request.mission, "request": request, "other": request.requested}
    return _send([request.requester], lambda recipient: _message("answer", recipient, context))


def send_agenda_mails(mission_id: int) -> int:
    """Send every participant their agenda (or that nothing was placed), with an agenda .ics.

    Two queries whatever the number of participants; one SMTP connection.
    """
    mission = Mission.objects.select_related("programme").get(pk=mission_id)
    participants = list(
        MissionParticipant.objects.filter(mission=mission).select_related("person__user")
    )
    by_participant: dict[int, list[MissionMeeting]] = defaultdict(list)
    meetings = MissionMeeting.objects.filter(mission=mission).select_related(
        "first__person__organisation", "second__person__organisation"
    )
    for meeting in meetings:
        by_participant[meeting.first_id].append(meeting)
        by_participant[meeting.second_id].append(meeting)
    return _send(
        participants,
        lambda participant: _agenda_message(mission, participant, by_participant[participant.pk]),
    )


def _agenda_message(
    mission: Mission, participant: MissionParticipant, meetings: list[MissionMeeting]
) -> EmailMessage:
    rows = []
    events = []
    for meeting in sorted(meetings, key=lambda m: m.slot):
        other = meeting.second if meeting.first_id == participant.pk else meeting.first
        starts_at = mission.slot_start(meeting.slot)
        ends_at = starts_at + timedelta(minutes=mission.slot_minutes)
        rows.append(
            {"starts_at": starts_at, "ends_at": ends_at, "table": meeting.table, "other": other}
        )
        events.append(
            agenda_event(
                uid=f"mission-meeting-{meeting.pk}@clusterbridge",
                title=f"{mission.title}: {other.person.full_name}",
                description=f"#{meeting.table}",
                starts_at=starts_at,
                ends_at=ends_at,
                zone=participant.person.time_zone,
                location=mission.venue,
            )
        )
    message = _message("agenda", participant, {"mission": mission, "rows": rows})
    part = MIMEText(agenda_ics(mission.title, events).decode(), "calendar", "utf-8")
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename="agenda.ics")
    message.attach(part)
    return message
