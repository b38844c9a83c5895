"""The e-mails to a programme's people that have not gone out: failed, or waiting too long.

Managers see who, what subject and what went wrong, never the body: the mail is about their
programme's people, but the body may concern another programme they share.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from clusterbridge.outbox.models import OutboxMessage, OutboxRecipient, OutboxStatus
from clusterbridge.programmes.models import Participation, Programme

# Mail normally leaves within a minute; after this long a waiting message is worth a look.
LONG_QUEUED = timedelta(minutes=15)


def undelivered_mail(programme: Programme, *, now: datetime) -> QuerySet[OutboxMessage]:
    """Failed messages, and messages waiting for over LONG_QUEUED, to anyone taking part in
    the programme (managers included), newest first."""
    addresses = (
        Participation.objects.filter(programme=programme)
        .annotate(address=Lower("person__email"))
        .values("address")
    )
    to_the_programme = OutboxRecipient.objects.filter(message=OuterRef("pk"), address__in=addresses)
    stuck = Q(status=OutboxStatus.FAILED) | Q(
        status__in=[OutboxStatus.QUEUED, OutboxStatus.SENDING], created_at__lt=now - LONG_QUEUED
    )
    return (
        OutboxMessage.objects.filter(stuck)
        .filter(Exists(to_the_programme))
        .defer("body", "alternatives", "attachments", "headers")
        .order_by("-created_at", "-pk")
    )


def get_undelivered_message(programme: Programme, *, pk: int, now: datetime) -> OutboxMessage:
    """One message of ``undelivered_mail``; Http404 for any other."""
    return get_object_or_404(undelivered_mail(programme, now=now), pk=pk)
