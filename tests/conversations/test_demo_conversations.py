from __future__ import annotations

import pytest

from clusterbridge.conversations.models import Conversation, Kind
from clusterbridge.demo.live import RUNNING_SLUG

pytestmark = pytest.mark.django_db


def test_the_running_edition_has_pairs_talking_a_channel_and_a_discussion_group(
    module_demo: None,
) -> None:
    talking = Conversation.objects.filter(
        programme__slug=RUNNING_SLUG, kind=Kind.PAIR, message_count__gt=0
    )
    channel = Conversation.objects.get(programme__slug=RUNNING_SLUG, kind=Kind.PROGRAMME)
    group = Conversation.objects.get(kind=Kind.COMMUNITY)

    assert talking.count() == 2
    assert channel.message_count == 1
    assert group.memberships.count() == 3
