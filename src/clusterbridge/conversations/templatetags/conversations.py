from __future__ import annotations

from django import template

from clusterbridge.conversations import selectors
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes.models import Pair

register = template.Library()


@register.simple_tag
def pair_talk(pair: Pair) -> selectors.PairTalk:
    return selectors.pair_activity(pair)


@register.simple_tag
def unread_conversations(user: programme_selectors.AnyUser) -> int:
    """For the navigation: one query at most (none while the count is cached), and none for a
    login without a profile."""
    return selectors.unread_badge(programme_selectors.person_of(user))
