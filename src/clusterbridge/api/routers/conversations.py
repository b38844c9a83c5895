"""Conversations: a pair's messages beside the other pair routes, and every other kind of
conversation under /conversations.

A conversation is served to its members only: a pair's to its mentor and mentee, never to its
managers or a site admin (404, as for anything one may not see).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError

from clusterbridge.api.common import ERRORS, WRITE_ERRORS, Id, ListParams, Out, Page, Slug, page
from clusterbridge.api.routers.programmes import visible_pair
from clusterbridge.conversations import selectors, services
from clusterbridge.conversations.models import Conversation, Message
from clusterbridge.conversations.services import MAX_BODY
from clusterbridge.conversations.titles import title_of
from clusterbridge.directory.models import Person
from clusterbridge.programmes.selectors import person_of

router = Router(tags=["conversations"])


class MessageOut(Out):
    id: int
    # Empty once deleted; null while hidden by a moderator, except for its author.
    body: str | None
    # The author's person id; null once the author's data was erased.
    author: int | None
    sent_at: datetime
    edited_at: datetime | None
    deleted: bool
    has_attachment: bool


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=MAX_BODY)


class ConversationOut(Out):
    id: int
    kind: str
    title: str
    programme: str | None
    message_count: int
    last_message_at: datetime | None
    unread: int


class ConversationParams(ListParams):
    ordering: Literal["-last_message_at", "last_message_at"] = "-last_message_at"


def _message(message: Message, viewer: Person) -> MessageOut:
    hidden = message.hidden_at is not None and message.author_id != viewer.pk
    return MessageOut(
        id=message.pk,
        body=None if hidden else message.body,
        author=message.author_id,
        sent_at=message.sent_at,
        edited_at=message.edited_at,
        deleted=message.deleted_at is not None,
        has_attachment=bool(message.attachment),
    )


def _member(request: HttpRequest) -> Person:
    person = person_of(request.user)
    if person is None:
        raise Http404
    return person


def _pair_conversation(request: HttpRequest, slug: str, pk: int) -> tuple[Person, Conversation]:
    pair = visible_pair(request, slug, pk)
    person = _member(request)
    if not selectors.pairs_of(person).filter(pk=pair.pk).exists():
        raise Http404
    return person, services.pair_conversation(pair=pair)


def _messages(conversation: Conversation, viewer: Person, params: ListParams) -> Page[MessageOut]:
    count, rows = page(selectors.messages_oldest_first(conversation), params, "sent_at")
    return Page(count=count, items=[_message(message, viewer) for message in rows])


def _post(conversation: Conversation, author: Person, body: str) -> Status[MessageOut]:
    try:
        message = services.post_message(conversation=conversation, author=author, body=body)
    except ValidationError as error:
        raise NinjaValidationError([{"msg": text} for text in error.messages]) from error
    return Status(201, _message(message, author))


@router.get(
    "/programmes/{slug:slug}/pairs/{int:pk}/messages",
    response={200: Page[MessageOut], **ERRORS},
    url_name="pair_messages",
)
def pair_messages(
    request: HttpRequest, slug: Slug, pk: Id, params: Query[ListParams]
) -> Page[MessageOut]:
    """The pair's messages, oldest first: to the pair's mentor and mentee only."""
    person, conversation = _pair_conversation(request, slug, pk)
    return _messages(conversation, person, params)


@router.post(
    "/programmes/{slug:slug}/pairs/{int:pk}/messages",
    response={201: MessageOut, **WRITE_ERRORS},
    url_name="pair_messages",
)
def post_pair_message(
    request: HttpRequest, slug: Slug, pk: Id, body: MessageIn
) -> Status[MessageOut]:
    """Send a message (Markdown) to the other member of the pair."""
    person, conversation = _pair_conversation(request, slug, pk)
    return _post(conversation, person, body.body)


@router.get(
    "/conversations",
    response={200: Page[ConversationOut], **ERRORS},
    url_name="conversations",
)
def conversations(request: HttpRequest, params: Query[ConversationParams]) -> Page[ConversationOut]:
    """The caller's conversations of every kind, with their unread messages."""
    person = person_of(request.user)
    items = selectors.conversations_of(person)
    count, rows = page(items, params, params.ordering)
    return Page(
        count=count,
        items=[
            ConversationOut(
                id=conversation.pk,
                kind=conversation.kind,
                title=title_of(conversation, person),
                programme=conversation.programme.slug if conversation.programme else None,
                message_count=conversation.message_count,
                last_message_at=conversation.last_message_at,
                unread=conversation.unread,  # type: ignore[attr-defined]
            )
            for conversation in rows
        ],
    )


@router.get(
    "/conversations/{int:pk}/messages",
    response={200: Page[MessageOut], **ERRORS},
    url_name="conversation_messages",
)
def conversation_messages(
    request: HttpRequest, pk: Id, params: Query[ListParams]
) -> Page[MessageOut]:
    person = _member(request)
    return _messages(selectors.get_conversation(person=person, pk=pk), person, params)


@router.post(
    "/conversations/{int:pk}/messages",
    response={201: MessageOut, **WRITE_ERRORS},
    url_name="conversation_messages",
)
def post_conversation_message(request: HttpRequest, pk: Id, body: MessageIn) -> Status[MessageOut]:
    person = _member(request)
    return _post(selectors.get_conversation(person=person, pk=pk), person, body.body)
