"""New-message e-mails: at most one per conversation, person and period, and never about
messages the person has already read in the application.

`send_message_notifications` may run as often as wanted (the `send_message_notifications`
command, from cron or the background jobs): a `SentNotification` row is inserted, in its own
transaction, before each mail leaves; a second run in the same period finds it and skips, and
a mail the server refused deletes it so the next run tries again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from clusterbridge.conversations import mail, selectors
from clusterbridge.conversations.models import Conversation, Message, ReadMark, SentNotification
from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person

logger = logging.getLogger(__name__)
# Older messages are no longer news: someone back from holiday reads them in the application.
LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class Pending:
    conversation: Conversation
    person: Person
    messages: list[Message]


# The notification category people choose a delivery for on their preferences page.
MESSAGES = "messages"


def period_of(now: datetime) -> datetime:
    """The start of the period ``now`` falls in."""
    minutes = settings.CONVERSATION_NOTIFICATION_MINUTES
    epoch_minutes = int(now.timestamp() // 60)
    return datetime.fromtimestamp((epoch_minutes - epoch_minutes % minutes) * 60, tz=now.tzinfo)


def pending(*, now: datetime) -> list[Pending]:
    """Who has unread, not yet e-mailed messages of others, conversation by conversation."""
    recent = Message.objects.filter(
        sent_at__gt=now - LOOKBACK,
        sent_at__lte=now,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    ).select_related("author")
    by_conversation: dict[int, list[Message]] = {}
    for message in recent.order_by("sent_at", "pk"):
        by_conversation.setdefault(message.conversation_id, []).append(message)
    if not by_conversation:
        return []
    read = {
        (conversation_id, person_id): at
        for conversation_id, person_id, at in ReadMark.objects.filter(
            conversation_id__in=by_conversation
        ).values_list("conversation_id", "person_id", "read_at")
    }
    mailed = {
        (row["conversation_id"], row["person_id"]): row["up_to"]
        for row in SentNotification.objects.filter(conversation_id__in=by_conversation)
        .values("conversation_id", "person_id")
        .annotate(up_to=Max("up_to"))
    }
    found = []
    for conversation in Conversation.objects.filter(pk__in=by_conversation).select_related(
        "pair", "group_session", "programme"
    ):
        for person in selectors.members_of(conversation):
            key = (conversation.pk, person.pk)
            seen = max(filter(None, (read.get(key), mailed.get(key))), default=None)
            unread = [
                message
                for message in by_conversation[conversation.pk]
                if message.author_id != person.pk and (seen is None or message.sent_at > seen)
            ]
            if unread:
                found.append(Pending(conversation, person, unread))
    return found


def send_message_notifications(*, now: datetime | None = None) -> int:
    """E-mail each person about the conversations with new messages for them; returns how
    many e-mails left. Side effects: a SentNotification row per e-mail."""
    now = now or timezone.now()
    period = period_of(now)
    sent = 0
    for item in pending(now=now):
        if not mailing.recipients([item.person], mailing.MailCategory.SERVICE):
            continue
        if not mailing.told_at_once([item.person], MESSAGES):
            continue  # they read them in their digest, or only in the application
        try:
            with transaction.atomic():
                record = SentNotification.objects.create(
                    conversation=item.conversation,
                    person=item.person,
                    period=period,
                    up_to=item.messages[-1].sent_at,
                    message_count=len(item.messages),
                )
        except IntegrityError:
            continue  # already told in this period (or by a concurrent run)
        if mail.send_new_messages(item.person, item.conversation, item.messages):
            sent += 1
        else:
            record.delete()
    return sent
