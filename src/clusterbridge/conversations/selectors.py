"""Who reads which conversation, and the reads of its messages.

A conversation of a programme is read by the people the programme says belong to it: the two
of a pair (never its managers, never a site admin), the pairs of a group session and its
author, the accepted mentors (or mentees) of the programme among themselves, every accepted
participant in the programme's channel. A discussion group is read by its members. Anyone
else gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from clusterbridge.community import selectors as community_selectors
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
from clusterbridge.directory.models import Person
from clusterbridge.journeys.models import GroupSession
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes.models import Pair, PairStatus, Participation, Role

# Pairs talk once confirmed; a closed pair keeps its conversation to read.
TALKING_PAIRS = (PairStatus.CONFIRMED, PairStatus.COMPLETED, PairStatus.ENDED)
PAGE_SIZE = 50
SEARCH_LIMIT = 50
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def pairs_of(person: Person) -> QuerySet[Pair]:
    return Pair.objects.filter(
        Q(mentor__person=person) | Q(mentee__person=person), status__in=TALKING_PAIRS
    )


def _programmes_of(person: Person, role: str | None = None) -> QuerySet[Participation, Any]:
    participations = Participation.objects.accepted().filter(person=person)
    if role is not None:
        participations = participations.filter(role=role)
    return participations.values("programme_id")


def group_sessions_of(person: Person) -> QuerySet[GroupSession, Any]:
    return GroupSession.objects.filter(
        Q(author=person) | Q(logs__pair__in=pairs_of(person))
    ).values("pk")


def _member_of(person: Person) -> Q:
    """The conversations the person belongs to, as subqueries (no join multiplies rows)."""
    return (
        Q(kind=Kind.PAIR, pair__in=pairs_of(person))
        | Q(kind=Kind.GROUP_SESSION, group_session__in=group_sessions_of(person))
        | Q(kind=Kind.PROGRAMME, programme__in=_programmes_of(person))
        | Q(kind=Kind.MENTORS, programme__in=_programmes_of(person, Role.MENTOR))
        | Q(kind=Kind.MENTEES, programme__in=_programmes_of(person, Role.MENTEE))
        | Q(
            kind=Kind.COMMUNITY,
            pk__in=Membership.objects.filter(person=person).values("conversation_id"),
        )
    )


def _read_at(person: Person, conversation: str = "pk") -> Subquery:
    """When the person last read the conversation of the outer query's ``conversation``."""
    return Subquery(
        ReadMark.objects.filter(conversation=OuterRef(conversation), person=person).values(
            "read_at"
        )[:1],
        output_field=DateTimeField(),
    )


def _visible_to(person: Person) -> QuerySet[Conversation]:
    return Conversation.objects.filter(_member_of(person)).select_related(
        "programme", "pair__mentor__person", "pair__mentee__person", "group_session", "sector"
    )


def conversations_of(person: Person | None) -> QuerySet[Conversation]:
    """The person's conversations, most recent activity first, each with `read_at` and
    `unread` (messages of others since the person last read it)."""
    if person is None:
        return Conversation.objects.none()
    unread = (
        Message.objects.filter(
            conversation=OuterRef("pk"),
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            sent_at__gt=Coalesce(_read_at(person, "conversation_id"), Value(_NEVER)),
        )
        .exclude(author=person)
        .order_by()
        .values("conversation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        _visible_to(person)
        .annotate(
            read_at=_read_at(person),
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
        )
        .order_by(F("last_message_at").desc(nulls_last=True), "-pk")
    )


def get_conversation(*, person: Person | None, pk: int) -> Conversation:
    """One of the person's conversations; Http404 for any other, whoever asks."""
    conversation = _visible_to(person).filter(pk=pk).first() if person else None
    if conversation is None:
        raise Http404
    return conversation


def is_member(person: Person | None, conversation: Conversation) -> bool:
    if person is None:
        return False
    return Conversation.objects.filter(_member_of(person), pk=conversation.pk).exists()


def unread_conversations_for(person: Person | None) -> QuerySet[Conversation]:
    """The person's conversations with a message they have not read (for digests)."""
    if person is None:
        return Conversation.objects.none()
    return (
        Conversation.objects.filter(_member_of(person), last_message_at__isnull=False)
        .annotate(read_at=_read_at(person))
        .filter(Q(read_at__isnull=True) | Q(last_message_at__gt=F("read_at")))
    )


# The navigation's badge is on every page, and counting means walking every conversation the
# person is in (about a fifth of a list page's time): the count is kept in the shared cache for
# BADGE_SECONDS, and dropped for everyone when a message arrives and for one person when they
# read. A new membership shows at the latest after BADGE_SECONDS.
BADGE_SECONDS = 60
_BADGE_VERSION = "conversations:badge-version"


def _badge_key(person_id: int) -> str:
    version = cache.get_or_set(_BADGE_VERSION, 1, timeout=None)
    return f"conversations:badge:{version}:{person_id}"


def unread_badge(person: Person | None) -> int:
    """`unread_count`, from the cache when it was counted in the last BADGE_SECONDS."""
    if person is None:
        return 0
    key = _badge_key(person.pk)
    count = cache.get(key)
    if count is None:
        count = unread_count(person)
        cache.set(key, count, BADGE_SECONDS)
    return int(count)


def forget_badges() -> None:
    """Every cached count is stale (a message arrived, was hidden or deleted)."""
    try:
        cache.incr(_BADGE_VERSION)
    except ValueError:  # the version was evicted: any new value orphans the old keys
        cache.set(_BADGE_VERSION, int(timezone.now().timestamp()), timeout=None)


def forget_badge(person: Person) -> None:
    cache.delete(_badge_key(person.pk))


def unread_count(person: Person | None) -> int:
    """How many conversations hold unread messages: one query, for the navigation."""
    return unread_conversations_for(person).count()


def unread_counts_for(person: Person | None) -> dict[int, int]:
    """Unread messages of others by conversation id, for the conversations that have some."""
    return dict(
        conversations_of(person)
        .select_related(None)
        .filter(unread__gt=0)  # type: ignore[misc]
        .values_list("pk", "unread")
    )


def members_of(conversation: Conversation) -> QuerySet[Person]:
    """Everyone who reads the conversation."""
    people = Person.objects.all()
    if conversation.kind == Kind.PAIR:
        pair = conversation.pair
        assert pair is not None
        return people.filter(participations__in=[pair.mentor_id, pair.mentee_id]).distinct()
    if conversation.kind == Kind.GROUP_SESSION:
        pairs = Pair.objects.filter(session_logs__group_session=conversation.group_session_id)
        return people.filter(
            Q(pk=conversation.group_session.author_id)  # type: ignore[union-attr]
            | Q(participations__pairs_as_mentor__in=pairs)
            | Q(participations__pairs_as_mentee__in=pairs)
        ).distinct()
    if conversation.kind in PROGRAMME_WIDE:
        role = {Kind.MENTORS: Role.MENTOR, Kind.MENTEES: Role.MENTEE}.get(Kind(conversation.kind))
        participations = Participation.objects.accepted().filter(programme=conversation.programme)
        if role is not None:
            participations = participations.filter(role=role)
        return people.filter(pk__in=participations.values("person_id"))
    return people.filter(conversation_memberships__conversation=conversation)


def thread(conversation: Conversation, *, before: int | None = None) -> list[Message]:
    """The last page of messages (older ones with ``before``), oldest first."""
    messages = Message.objects.filter(conversation=conversation)
    if before is not None:
        messages = messages.filter(pk__lt=before)
    page = list(
        messages.select_related("author")
        .prefetch_related("mentions")
        .order_by("-sent_at", "-pk")[:PAGE_SIZE]
    )
    page.reverse()
    return page


def messages_after(conversation: Conversation, *, after: int) -> list[Message]:
    """Messages newer than the message ``after``, for the page's polling."""
    return list(
        Message.objects.filter(conversation=conversation, pk__gt=after)
        .select_related("author")
        .prefetch_related("mentions")
        .order_by("sent_at", "pk")[:PAGE_SIZE]
    )


def messages_oldest_first(conversation: Conversation) -> QuerySet[Message]:
    """Every message, oldest first (the API pages through them)."""
    return Message.objects.filter(conversation=conversation).select_related("author")


def get_message(*, person: Person | None, pk: int) -> Message:
    """A message of one of the person's conversations; Http404 otherwise."""
    if person is None:
        raise Http404
    message = (
        Message.objects.filter(
            pk=pk, conversation__in=Conversation.objects.filter(_member_of(person))
        )
        .select_related("conversation", "author")
        .first()
    )
    if message is None:
        raise Http404
    return message


def search_messages(person: Person | None, query: str) -> QuerySet[Message]:
    """The person's readable messages with every word of the query, as a word prefix, with
    accents and Arabic letter variants ignored (as the directory's search)."""
    words = search.terms(query)
    if person is None or not words:
        return Message.objects.none()
    messages = Message.objects.filter(
        conversation__in=Conversation.objects.filter(_member_of(person)),
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    )
    for word in words:
        messages = messages.filter(
            Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
        )
    return messages.select_related("author", "conversation").order_by("-sent_at", "-pk")[
        :SEARCH_LIMIT
    ]


def discussion_groups() -> QuerySet[Conversation]:
    """The i-Community's discussion groups, open to every member, busiest first."""
    return (
        Conversation.objects.filter(kind=Kind.COMMUNITY)
        .select_related("sector")
        .annotate(member_count=Count("memberships"))
        .order_by(F("last_message_at").desc(nulls_last=True), "title", "pk")
    )


def get_discussion_group(pk: int) -> Conversation:
    group = Conversation.objects.filter(kind=Kind.COMMUNITY, pk=pk).first()
    if group is None:
        raise Http404
    return group


def can_moderate(user: programme_selectors.AnyUser, conversation: Conversation) -> bool:
    """Site admins everywhere; a programme's managers in its conversations (they see only the
    messages reported to them); a discussion group's moderators and the community's."""
    if programme_selectors.is_site_admin(user):
        return True
    if not user.is_authenticated:
        return False
    if conversation.kind == Kind.COMMUNITY:
        return (
            community_selectors.can_moderate(user)
            or Membership.objects.filter(
                conversation=conversation, person__user_id=user.pk, is_moderator=True
            ).exists()
        )
    return (
        conversation.programme_id is not None
        and programme_selectors.managed_programmes(user)
        .filter(pk=conversation.programme_id)
        .exists()
    )


def moderated_conversations(user: programme_selectors.AnyUser) -> QuerySet[Conversation]:
    if programme_selectors.is_site_admin(user):
        return Conversation.objects.all()
    if not user.is_authenticated:
        return Conversation.objects.none()
    groups = Q(
        kind=Kind.COMMUNITY,
        pk__in=Membership.objects.filter(person__user_id=user.pk, is_moderator=True).values(
            "conversation_id"
        ),
    )
    if community_selectors.can_moderate(user):
        groups = Q(kind=Kind.COMMUNITY)
    managed = programme_selectors.managed_programmes(user).values("pk")
    return Conversation.objects.filter(
        groups | (~Q(kind=Kind.COMMUNITY) & Q(programme__in=managed))
    )


def reported_messages(user: programme_selectors.AnyUser) -> QuerySet[Message]:
    """Reported messages of the conversations the user moderates, most reported first."""
    return (
        Message.objects.filter(conversation__in=moderated_conversations(user))
        .annotate(
            report_count=Count(
                "moderation_log", filter=Q(moderation_log__action=ModerationAction.REPORTED)
            )
        )
        .filter(report_count__gt=0)
        .select_related("author", "conversation")
        .order_by("hidden_at", "-report_count", "-sent_at")
    )


def get_reported_message(*, user: programme_selectors.AnyUser, pk: int) -> Message:
    message = reported_messages(user).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message


def moderation_log_of(message: Message) -> QuerySet[ModerationLog]:
    return message.moderation_log.select_related("actor")


@dataclass(frozen=True)
class PairTalk:
    """What anyone who sees a pair may know of its conversation: whether and when the pair
    talks, never what it says. Pair health reads the same facts (`activity.py`)."""

    conversation_id: int | None
    message_count: int
    last_message_at: datetime | None


def pair_activity(pair: Pair) -> PairTalk:
    row = (
        Conversation.objects.filter(pair=pair)
        .values_list("pk", "message_count", "last_message_at")
        .first()
    )
    return PairTalk(*row) if row else PairTalk(None, 0, None)
