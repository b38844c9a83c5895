"""The onboarding facts kept by the apps a participant goes through before the checklist is done.

Weekly availability lives in meetings, wishes and the states in which they count in matching,
the needs diagnosis in journeys. Invitations sit above those apps in the layer order
(docs/architecture.md) because the checklist is about all of them; this module is where it
reads them, so that the selectors stay about invitations.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.urls import reverse

from clusterbridge.matching.models import MatchingWish
from clusterbridge.matching.services import WISH_STATES
from clusterbridge.meetings.models import WeeklyWindow


@dataclass(frozen=True)
class UpperFacts:
    """What two queries tell about a batch of people and participations."""

    with_availability: set[int] = field(default_factory=set)
    with_wishes: set[int] = field(default_factory=set)


def read_facts(*, person_ids: Collection[int], participation_ids: Collection[int]) -> UpperFacts:
    return UpperFacts(
        with_availability=set(
            WeeklyWindow.objects.filter(person_id__in=person_ids).values_list(
                "person_id", flat=True
            )
        ),
        with_wishes=set(
            MatchingWish.objects.filter(participation_id__in=participation_ids).values_list(
                "participation_id", flat=True
            )
        ),
    )


def wishes_count(programme_status: str) -> bool:
    """Wishes are read by the matcher only while the programme recruits or matches."""
    return programme_status in WISH_STATES


def availability_url() -> str:
    return reverse("calendar:availability")


def diagnosis_url(slug: str) -> str:
    """The needs diagnosis, or a mentor's expertise, on the same page."""
    return reverse("programmes:diagnosis", kwargs={"slug": slug})


def wishes_url(slug: str) -> str:
    return reverse("programmes:matching_wishes", kwargs={"slug": slug})
