"""Personal data in conversations: messages, group memberships, read marks, reports and the
record of new-message e-mails. Erasure blanks the person's messages (the thread keeps a
"deleted" mark, so the others' answers still make sense) and removes their files."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clusterbridge.common import privacy
from clusterbridge.conversations.models import (
    Conversation,
    Membership,
    Message,
    ModerationLog,
    ReadMark,
    SentNotification,
)


def _blank_messages(rows: QuerySet[Message], erasure: privacy.Erasure) -> None:
    storage = Message.attachment.field.storage
    for name in rows.exclude(attachment="").values_list("attachment", flat=True):
        transaction.on_commit(partial(storage.delete, name))
    rows.update(
        body="",
        search_text="",
        attachment="",
        attachment_name="",
        deleted_at=timezone.now(),
        author=None,
    )


privacy.register(
    Message,
    rows=lambda person: Message.objects.filter(author=person),
    anonymise=_blank_messages,
    never_exported=("search_text",),
)
for model in (Membership, ReadMark, SentNotification):
    privacy.register(model, rows=privacy.rows_of(model), anonymise=privacy.delete_rows)
privacy.register(
    Conversation,
    rows=lambda person: Conversation.objects.filter(created_by=person),
    kept_because="a discussion group outlives its creator; the record points to the "
    "anonymised person",
)
privacy.register(
    ModerationLog,
    rows=lambda person: (
        ModerationLog.objects.filter(actor_id=person.user_id)
        if person.user_id
        else ModerationLog.objects.none()
    ),
    kept_because="who moderated what stays accountable; the scrub replaces the name in notes",
)
