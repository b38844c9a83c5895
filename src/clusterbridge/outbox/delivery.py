"""Delivery of the outbox through the real mail server (OUTBOX_DELIVERY_BACKEND).

A worker claims one due message at a time with a conditional update (status and attempt count
unchanged since it was read), so two workers never send the same message; the claim holds for
OUTBOX_LEASE_SECONDS, after which a message left in ``sending`` by a dead worker is due again.
A message the server accepted just before its worker died is therefore sent a second time with
the same Message-ID, which lets mail clients and the recipient's server recognise the copy.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q, QuerySet

from clusterbridge.outbox.models import OutboxMessage, OutboxStatus
from clusterbridge.outbox.serialise import rebuild

logger = logging.getLogger(__name__)

# One job sends at most this many; it asks for another job when more are due.
BATCH = 200


def due_messages(*, now: datetime) -> QuerySet[OutboxMessage]:
    waiting = Q(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
    abandoned = Q(status=OutboxStatus.SENDING, lease_until__lt=now)
    return OutboxMessage.objects.filter(waiting | abandoned).order_by("next_attempt_at", "pk")


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4, 8 … minutes, at most
    OUTBOX_MAX_BACKOFF_MINUTES."""
    minutes = min(2 ** max(attempts - 1, 0), settings.OUTBOX_MAX_BACKOFF_MINUTES)
    return timedelta(minutes=minutes)


def claim(message: OutboxMessage, *, now: datetime) -> bool:
    claimed = OutboxMessage.objects.filter(
        pk=message.pk, status=message.status, attempts=message.attempts
    ).update(
        status=OutboxStatus.SENDING,
        attempts=F("attempts") + 1,
        lease_until=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
    )
    message.attempts += 1
    return claimed == 1


def _mark_sent(message: OutboxMessage, *, now: datetime) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT, sent_at=now, lease_until=None, last_error=""
    )


def _mark_failed_attempt(message: OutboxMessage, *, error: str, now: datetime) -> None:
    """The message waits for its backoff, or fails for good after OUTBOX_MAX_ATTEMPTS."""
    gave_up = message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED if gave_up else OutboxStatus.QUEUED,
        next_attempt_at=now + backoff(message.attempts),
        lease_until=None,
        last_error=error[:2000],
    )


def _send(connection: BaseEmailBackend, message: OutboxMessage, *, now: datetime) -> bool:
    try:
        accepted = connection.send_messages([rebuild(message)])
    except Exception as error:
        logger.warning("outbox message %s not delivered: %s", message.pk, error)
        _mark_failed_attempt(message, error=f"{type(error).__name__}: {error}", now=now)
        # A broken connection would fail every later message of the batch.
        connection.close()
        return False
    if not accepted:
        _mark_failed_attempt(message, error="the mail backend accepted nothing", now=now)
        return False
    _mark_sent(message, now=now)
    return True


def deliver_due(*, now: datetime) -> int:
    """Send up to BATCH due messages; returns how many the mail server accepted."""
    candidates = list(due_messages(now=now)[:BATCH])
    sent = 0
    connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
    try:
        for message in candidates:
            if claim(message, now=now) and _send(connection, message, now=now):
                sent += 1
    finally:
        connection.close()
    return sent
