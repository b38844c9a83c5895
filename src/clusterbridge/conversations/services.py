"""Write services of conversations. One transaction each; refusals are translated
ValidationErrors, so a page shows them and stores nothing."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clusterbridge.accounts.models import User
from clusterbridge.conversations import attachments, selectors
from clusterbridge.conversations.models import (
    PROGRAMME_WIDE,
    Conversation,
    Kind,
    Membership,
    Message,
    ModerationAction,
    ModerationLog,
    ReadMark,
)
from clusterbridge.directory import search
from clusterbridge.directory.models import Person, Sector
from clusterbridge.journeys.models import GroupSession
from clusterbridge.programmes.models import Pair, PairStatus, Participation, ProgrammeStatus
from clusterbridge.programmes.services import ensure_writable

MAX_BODY = 10_000
# Markdown is welcome and its HTML is removed when shown; a script is refused outright, so the
# author learns it will never run rather than seeing it silently vanish.
_SCRIPT = re.compile(r"<\s*/?\s*script\b|javascript\s*:", re.IGNORECASE)


# Creating the conversations a person belongs to


@transaction.atomic
def ensure_conversations(*, person: Person) -> int:
    """Create the conversations of the person's pairs, group sessions and programmes that do
    not exist yet. Five queries whatever the number; returns how many were created.

    Side effects: none beyond the rows (conversations are created empty).
    """
    pairs = selectors.pairs_of(person).filter(conversation__isnull=True)
    wanted: list[Conversation] = [
        Conversation(kind=Kind.PAIR, pair_id=pair_id, programme_id=programme_id)
        for pair_id, programme_id in pairs.values_list("pk", "programme_id")
    ]
    sessions = GroupSession.objects.filter(
        pk__in=selectors.group_sessions_of(person), conversation__isnull=True
    ).values_list("pk", "programme_id")
    wanted += [
        Conversation(kind=Kind.GROUP_SESSION, group_session_id=pk, programme_id=programme_id)
        for pk, programme_id in sessions
    ]
    roles = {"mentor": Kind.MENTORS, "mentee": Kind.MENTEES}
    channels: set[tuple[int, str]] = set()
    for programme_id, role in (
        Participation.objects.accepted()
        .filter(person=person)
        .exclude(programme__status=ProgrammeStatus.CLOSED)
        .values_list("programme_id", "role")
    ):
        channels.add((programme_id, Kind.PROGRAMME))
        if role in roles:
            channels.add((programme_id, roles[role]))
    have = set(
        Conversation.objects.filter(
            kind__in=PROGRAMME_WIDE, programme_id__in={pk for pk, _kind in channels}
        ).values_list("programme_id", "kind")
    )
    wanted += [
        Conversation(kind=kind, programme_id=programme_id)
        for programme_id, kind in sorted(channels - have)
    ]
    # Two people opening their pages at once both create: the second insert is ignored.
    Conversation.objects.bulk_create(wanted, ignore_conflicts=True)
    return len(wanted)


# Messages


def _check_writable(conversation: Conversation) -> None:
    if conversation.programme_id is not None:
        ensure_writable(conversation.programme)  # type: ignore[arg-type]
    if conversation.kind == Kind.PAIR and conversation.pair.status != PairStatus.CONFIRMED:  # type: ignore[union-attr]
        raise ValidationError(
            _("This pair has been closed: its conversation can be read, no longer written."),
            code="closed",
        )


def _check_body(body: str, *, required: bool) -> str:
    body = body.strip()
    if _SCRIPT.search(body):
        raise ValidationError(
            {
                "body": ValidationError(
                    _(
                        "A message cannot contain a script. Write text or Markdown; to show "
                        "code, put it between backticks (`like this`) without the word script."
                    ),
                    code="script",
                )
            }
        )
    if len(body) > MAX_BODY:
        raise ValidationError(
            {
                "body": ValidationError(
                    _("A message may be at most %(max)s characters long."),
                    code="too_long",
                    params={"max": MAX_BODY},
                )
            }
        )
    if required and not body:
        raise ValidationError({"body": ValidationError(_("Write a message."), code="empty")})
    return body


def _mentioned(conversation: Conversation, body: str, author: Person) -> list[Person]:
    """The members named with an @ before their full name or their first name."""
    text = search.normalise(body)
    if "@" not in text:
        return []
    words = set(text.split())
    found = []
    for member in selectors.members_of(conversation).exclude(pk=author.pk):
        name = search.normalise(member.full_name)
        if name and (f"@{name}" in text or f"@{name.split()[0]}" in words):
            found.append(member)
    return found


@transaction.atomic
def post_message(
    *,
    conversation: Conversation,
    author: Person,
    body: str,
    attachment: UploadedFile[bytes] | None = None,
) -> Message:
    """Send a message (Markdown) with an optional attachment.

    Refused, storing nothing: an author who is not a member, a closed programme or pair, a
    script, an empty message, a file too large or of a forbidden type. Side effects: the
    conversation's count and last date move, the author has read up to their message, and the
    members it mentions are recorded (the new-message e-mails tell them,
    `send_message_notifications`).
    """
    if not selectors.is_member(author, conversation):
        raise ValidationError(_("You are not a member of this conversation."), code="not_member")
    _check_writable(conversation)
    body = _check_body(body, required=attachment is None)
    if attachment is not None:
        attachments.check(attachment)
    message = Message(
        conversation=conversation,
        author=author,
        body=body,
        search_text=search.search_text(body, attachment.name if attachment else ""),
    )
    if attachment is not None:
        message.attachment_name = (attachment.name or "")[-200:]
        suffix = attachments.extension(attachment.name or "")
        stored_as = f"{timezone.now():%Y%m%d%H%M%S}-{author.pk}.{suffix}"
        message.attachment.save(stored_as, attachment, save=False)
    message.save()
    message.mentions.set(_mentioned(conversation, body, author))
    Conversation.objects.filter(pk=conversation.pk).update(
        message_count=F("message_count") + 1, last_message_at=message.sent_at
    )
    _mark_read(conversation=conversation, person=author, at=message.sent_at)
    transaction.on_commit(selectors.forget_badges)
    return message


def _check_author_may_change(message: Message, author: Person, now: datetime) -> None:
    if message.author_id != author.pk:
        raise ValidationError(_("Only its author can change a message."), code="not_author")
    if message.deleted_at is not None:
        raise ValidationError(_("This message has been deleted."), code="deleted")
    limit = timedelta(minutes=settings.CONVERSATION_EDIT_MINUTES)
    if now - message.sent_at > limit:
        raise ValidationError(
            ngettext(
                "A message can be changed for %(minutes)s minute after it is sent.",
                "A message can be changed for %(minutes)s minutes after it is sent.",
                settings.CONVERSATION_EDIT_MINUTES,
            ),
            code="too_late",
            params={"minutes": settings.CONVERSATION_EDIT_MINUTES},
        )


@transaction.atomic
def edit_message(
    *, message: Message, author: Person, body: str, now: datetime | None = None
) -> Message:
    """The author rewrites their message within the editing window. Side effects: none."""
    _check_author_may_change(message, author, now or timezone.now())
    _check_writable(message.conversation)
    message.body = _check_body(body, required=not message.attachment)
    message.search_text = search.search_text(message.body, message.attachment_name)
    message.edited_at = now or timezone.now()
    message.save(update_fields=["body", "search_text", "edited_at"])
    message.mentions.set(_mentioned(message.conversation, message.body, author))
    return message


@transaction.atomic
def delete_message(*, message: Message, author: Person, now: datetime | None = None) -> Message:
    """The author deletes their message within the editing window: its text and file go,
    a "deleted" mark stays in the thread. Side effects: the file is removed after the commit."""
    _check_author_may_change(message, author, now or timezone.now())
    _check_writable(message.conversation)
    _blank(message, now or timezone.now())
    Conversation.objects.filter(pk=message.conversation_id, message_count__gt=0).update(
        message_count=F("message_count") - 1
    )
    return message


def _blank(message: Message, now: datetime) -> None:
    name = message.attachment.name
    if name:
        storage = message.attachment.storage
        transaction.on_commit(partial(storage.delete, name))
    message.body = ""
    message.search_text = ""
    message.attachment = ""
    message.attachment_name = ""
    message.deleted_at = now
    message.save(
        update_fields=["body", "search_text", "attachment", "attachment_name", "deleted_at"]
    )
    message.mentions.clear()


def _mark_read(*, conversation: Conversation, person: Person, at: datetime) -> None:
    updated = ReadMark.objects.filter(
        conversation=conversation, person=person, read_at__lt=at
    ).update(read_at=at)
    if not updated:
        ReadMark.objects.get_or_create(
            conversation=conversation, person=person, defaults={"read_at": at}
        )


@transaction.atomic
def mark_read(*, conversation: Conversation, person: Person, at: datetime | None = None) -> None:
    """The person has read the conversation up to ``at`` (now). Never moves backwards."""
    _mark_read(conversation=conversation, person=person, at=at or timezone.now())
    transaction.on_commit(lambda: selectors.forget_badge(person))


# Discussion groups


@transaction.atomic
def create_group(
    *, creator: Person, title: str, topic: str = "", sector: Sector | None = None
) -> Conversation:
    """Open a discussion group of the i-Community. Its creator is its first member and
    moderator. Side effects: none."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": ValidationError(_("Give the group a name."))})
    group = Conversation(
        kind=Kind.COMMUNITY, title=title, topic=topic.strip(), sector=sector, created_by=creator
    )
    group.full_clean()
    group.save()
    Membership.objects.create(conversation=group, person=creator, is_moderator=True)
    return group


@transaction.atomic
def join_group(*, group: Conversation, person: Person) -> Membership:
    """Any member of the community may join a discussion group. Side effects: none."""
    if group.kind != Kind.COMMUNITY:
        raise ValidationError(_("Only discussion groups can be joined."), code="not_a_group")
    membership, _created = Membership.objects.get_or_create(conversation=group, person=person)
    return membership


@transaction.atomic
def leave_group(*, group: Conversation, person: Person) -> None:
    """Leave a discussion group. Side effects: the person's read mark goes."""
    Membership.objects.filter(conversation=group, person=person).delete()
    ReadMark.objects.filter(conversation=group, person=person).delete()


# Moderation


@transaction.atomic
def report_message(*, message: Message, reporter: User, reason: str) -> ModerationLog:
    """Show a message to the conversation's moderators. Side effects: a moderation log entry
    (the programme's managers, for a programme's conversation, then read that one message)."""
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say what is wrong with this message."))}
        )
    return ModerationLog.objects.create(
        message=message, actor=reporter, action=ModerationAction.REPORTED, note=reason.strip()
    )


@transaction.atomic
def hide_message(*, message: Message, moderator: User, note: str = "") -> Message:
    """Hide a message from everyone but its author and the moderators. Logged."""
    if message.hidden_at is None:
        message.hidden_at = timezone.now()
        message.save(update_fields=["hidden_at"])
        ModerationLog.objects.create(
            message=message, actor=moderator, action=ModerationAction.HIDDEN, note=note
        )
    return message


@transaction.atomic
def restore_message(*, message: Message, moderator: User, note: str = "") -> Message:
    """Show a hidden message again. Logged."""
    if message.hidden_at is not None:
        message.hidden_at = None
        message.save(update_fields=["hidden_at"])
        ModerationLog.objects.create(
            message=message, actor=moderator, action=ModerationAction.RESTORED, note=note
        )
    return message


def pair_conversation(*, pair: Pair) -> Conversation:
    """The pair's conversation, created on first use. Side effects: that row."""
    try:
        with transaction.atomic():
            conversation, _created = Conversation.objects.get_or_create(
                pair=pair, defaults={"kind": Kind.PAIR, "programme_id": pair.programme_id}
            )
    except IntegrityError:
        conversation = Conversation.objects.get(pair=pair)
    return conversation
