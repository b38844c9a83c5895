"""E-mails to applicants: the confirmation of an application and each decision on it.

Each is written in the applicant's language: their login's interface language when they have
one, else the language they applied in. All are service mail (directory.mailing): they answer
an application the person made.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from clusterbridge.applications.models import Application
from clusterbridge.directory import mailing
from clusterbridge.outbox.services import mail_with_change

logger = logging.getLogger(__name__)

RECEIVED = "received"
# The other kinds are the decisions' values: accept, decline, waitlist, withdraw.
KINDS = frozenset({RECEIVED, "accept", "decline", "waitlist", "withdraw"})


def send_after_commit(messages: Sequence[tuple[int, str]]) -> None:
    """Queue (application id, kind) messages with the current transaction's change."""
    if not messages:
        return

    def send() -> None:
        try:
            send_messages(messages)
        except OSError:
            # The write is saved; a dead mail server must not turn it into an error page.
            logger.exception("could not send %s application e-mails", len(messages))

    mail_with_change(send)


def send_messages(messages: Sequence[tuple[int, str]]) -> int:
    """Send each message over one connection; returns how many the server accepted."""
    applications = Application.objects.select_related(
        "participation__programme", "participation__person__user"
    ).in_bulk([pk for pk, _kind in messages])
    allowed = {
        person.pk
        for person in mailing.recipients(
            [application.participation.person for application in applications.values()],
            mailing.MailCategory.SERVICE,
        )
    }
    built = [
        build_message(applications[pk], kind)
        for pk, kind in messages
        if pk in applications and applications[pk].participation.person_id in allowed
    ]
    if not built:
        return 0
    with get_connection() as connection:
        return int(connection.send_messages(built) or 0)


def language_of(application: Application) -> str:
    person = application.participation.person
    if person.user is not None:
        return mailing.language_of(person)
    offered = dict(settings.LANGUAGES)
    return application.language if application.language in offered else settings.LANGUAGE_CODE


def build_message(application: Application, kind: str) -> EmailMessage:
    if kind not in KINDS:
        raise ValueError(f"unknown application e-mail {kind!r}")
    participation = application.participation
    context = {
        "kind": kind,
        "person": participation.person,
        "programme": participation.programme,
        "role": participation.get_role_display,
        "message": application.decision_message if kind != RECEIVED else "",
        "base_url": settings.BASE_URL,
    }
    with translation.override(language_of(application)):
        subject = render_to_string("applications/email/subject.txt", context)
        body = render_to_string("applications/email/body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[participation.person.email]
    )
