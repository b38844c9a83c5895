from __future__ import annotations

from django import template
from django.utils import timezone

from clusterbridge.meetings import selectors
from clusterbridge.meetings.models import Meeting
from clusterbridge.meetings.selectors import LocalTime
from clusterbridge.meetings.slot_finder import CandidateSlot
from clusterbridge.programmes.models import Programme

register = template.Library()


@register.simple_tag
def upcoming_meetings_of(programme: Programme) -> list[Meeting]:
    """The programme page's next meetings: programmes' own views cannot read meetings, which
    sit above them."""
    ids = [programme.pk]
    return selectors.upcoming_meetings_by_programme(ids, now=timezone.now()).get(programme.pk, [])


@register.filter
def local_times(suggestions: selectors.SlotSuggestions, slot: CandidateSlot) -> list[LocalTime]:
    return suggestions.local_times(slot)
