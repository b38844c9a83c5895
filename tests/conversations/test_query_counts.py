"""A conversation's page and the list of conversations cost the same number of queries for
1 item as for 3."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterbridge.conversations import services
from clusterbridge.conversations.models import Conversation
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _member() -> tuple[Client, object]:
    user = UserFactory()
    person = PersonFactory(user=user)
    client = Client()
    client.force_login(user)
    return client, person


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm what every page shares (sessions, the demo notice)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _group_with_messages(person, count: int) -> Conversation:
    group = services.create_group(creator=person, title="Agrifood")
    other = PersonFactory()
    services.join_group(group=group, person=other)
    for number in range(count):
        services.post_message(conversation=group, author=other, body=f"Message {number} @x")
    return group


@pytest.mark.parametrize("url", ["/conversations/{pk}/", "/conversations/{pk}/new/?after=0"])
def test_a_conversation_with_1_or_3_messages_costs_the_same_queries(url: str) -> None:
    counts = []
    for messages in (1, 3):
        client, person = _member()
        group = _group_with_messages(person, messages)
        counts.append(_queries(client, url.format(pk=group.pk)))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "url",
    [
        "/conversations/",
        "/conversations/?q=message",
        "/conversations/groups/",
        "/api/v1/conversations",
    ],
)
def test_the_list_with_1_or_3_conversations_costs_the_same_queries(url: str) -> None:
    counts = []
    for conversations in (1, 3):
        client, person = _member()
        for _ in range(conversations):
            _group_with_messages(person, 2)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]
