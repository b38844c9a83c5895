"""Writes to the outbox: queue messages, retry one that failed."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from clusterbridge.accounts.models import User
from clusterbridge.outbox.models import OutboxMessage, OutboxRecipient, OutboxStatus
from clusterbridge.outbox.serialise import message_fields
from clusterbridge.outbox.tasks import deliver_outbox

logger = logging.getLogger(__name__)

OUTBOX_BACKEND = "clusterbridge.outbox.backend.OutboxBackend"


def request_delivery() -> None:
    """Ask for a delivery job once the current transaction commits (at once outside one).

    A queue that refuses the job loses nothing: the messages stay queued and the periodic
    sweep asks again.
    """
    transaction.on_commit(_enqueue_delivery)


def _enqueue_delivery() -> None:
    try:
        deliver_outbox.enqueue()
    except Exception:
        logger.exception("could not ask for an outbox delivery; the periodic sweep will")


@transaction.atomic
def queue_messages(*, messages: Sequence[EmailMessage]) -> int:
    """Store each message with a recipient; returns how many were stored.

    Side effects: OutboxMessage and OutboxRecipient rows in the caller's transaction, and a
    delivery job after its commit.
    """
    now = timezone.now()
    stored = 0
    for message in messages:
        if not message.recipients():
            continue
        row = OutboxMessage.objects.create(next_attempt_at=now, **message_fields(message))
        addresses = {address.strip().lower() for address in message.recipients()}
        OutboxRecipient.objects.bulk_create(
            OutboxRecipient(message=row, address=address) for address in sorted(addresses)
        )
        stored += 1
    if stored:
        request_delivery()
    return stored


@transaction.atomic
def retry_message(*, message: OutboxMessage, by: User | None) -> bool:
    """Queue a failed (or waiting) message for an attempt now, with a fresh count of attempts.

    Returns False when it was sent or is being sent meanwhile. Side effects: the row, a log
    line naming who asked, and a delivery job after the commit.
    """
    retried = OutboxMessage.objects.filter(
        pk=message.pk, status__in=[OutboxStatus.FAILED, OutboxStatus.QUEUED]
    ).update(status=OutboxStatus.QUEUED, attempts=0, next_attempt_at=timezone.now())
    if retried:
        logger.info("outbox message %s retried by user %s", message.pk, by.pk if by else None)
        request_delivery()
    return bool(retried)


def outbox_in_use() -> bool:
    return bool(settings.EMAIL_BACKEND == OUTBOX_BACKEND)


def mail_with_change(send: Callable[[], object]) -> None:
    """Run ``send`` (which sends e-mail) so that a rolled-back change mails nobody.

    Through the outbox it runs at once: the messages are rows of the caller's transaction, so
    they commit with the change or not at all. Straight to a mail server (EMAIL_OUTBOX=false,
    the tests' locmem) it runs after the commit.
    """
    if outbox_in_use():
        send()
    else:
        transaction.on_commit(send)
