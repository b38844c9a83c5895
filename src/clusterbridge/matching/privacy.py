"""Personal data in matching: managers' pair decisions, wishes, and stored proposals."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clusterbridge.common import privacy
from clusterbridge.matching.models import MatchingRun, MatchingWish, MentorCapacity, PairConstraint


def _delete_own_wishes(rows: QuerySet[MatchingWish], erasure: privacy.Erasure) -> None:
    rows.filter(participation__person=erasure.person).delete()


privacy.not_personal("matching.MatchingSettings", reason="a programme's weights and rules")
privacy.register(
    PairConstraint,
    rows=lambda person: PairConstraint.objects.filter(
        Q(mentor__person=person) | Q(mentee__person=person)
    ),
    kept_because="a manager's lock or forbid between two participations; it points to the "
    "anonymised person",
)
privacy.register(
    MatchingWish,
    rows=lambda person: MatchingWish.objects.filter(
        Q(participation__person=person) | Q(other__person=person)
    ),
    anonymise=_delete_own_wishes,
    kept_because="wishes about the person made by others stay; their own are deleted",
)
privacy.register(
    MentorCapacity,
    rows=lambda person: MentorCapacity.objects.filter(mentor__person=person),
    kept_because="a number of places, about no identifiable person once the name is gone",
)
privacy.register(
    MatchingRun,
    rows=lambda person: MatchingRun.objects.filter(
        programme__participations__person=person
    ).distinct(),
    kept_because="the run's figures stay valid; the name and e-mail address in its stored "
    "proposals are replaced by the scrub that every erasure ends with",
)
