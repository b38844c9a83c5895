"""E-mails about meetings: invitation, change, cancellation, removal from the invitees and
reminder, each with its .ics.

Every message is written in the recipient's language and shows times in the recipient's zone.
Callers send through ``outbox.services.mail_with_change`` so a rolled-back change mails nobody.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from zoneinfo import ZoneInfo

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from clusterbridge.common import dates
from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person
from clusterbridge.meetings.ics import invitation_ics
from clusterbridge.meetings.models import Meeting, MeetingStatus

logger = logging.getLogger(__name__)

INVITATION, UPDATE, CANCELLATION, REMINDER = "invitation", "update", "cancellation", "reminder"
# The meeting goes on without this person: their copy of the event is cancelled.
REMOVED = "removed"


def _ics_part(meeting: Meeting, person: Person, kind: str) -> MIMEBase:
    cancelled = kind == REMOVED or meeting.status == MeetingStatus.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    ics = invitation_ics(meeting, person, cancelled=cancelled)
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def build_message(meeting: Meeting, person: Person, kind: str) -> EmailMessage:
    context = {"meeting": meeting, "person": person, "kind": kind}
    with (
        translation.override(mailing.language_of(person)),
        timezone.override(ZoneInfo(person.time_zone)),
        dates.override_digits(person.digits),
    ):
        subject = render_to_string("meetings/mail/subject.txt", context).strip()
        body = render_to_string("meetings/mail/body.txt", context)
        message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])
        # In the recipient's language too: the .ics carries translated labels.
        message.attach(_ics_part(meeting, person, kind))
    return message


def send_meeting_mail(meeting: Meeting, people: Iterable[Person], kind: str) -> int:
    """Send one message per person over one connection; returns how many were accepted.

    Every kind concerns a meeting the person is (or was) invited to, so it is service mail,
    sent whatever their e-mails consent.
    """
    messages = [
        build_message(meeting, person, kind)
        for person in mailing.recipients(people, mailing.MailCategory.SERVICE)
    ]
    if not messages:
        return 0
    with get_connection() as connection:
        return int(connection.send_messages(messages) or 0)
