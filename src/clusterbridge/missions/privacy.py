"""Personal data in business-development missions: what people offer, seek and ask."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clusterbridge.common import privacy
from clusterbridge.missions.models import MeetingRequest, MissionParticipant


def _clear_offer(rows: QuerySet[MissionParticipant], erasure: privacy.Erasure) -> None:
    rows.update(offer="", seek="")


def _clear_message(rows: QuerySet[MeetingRequest], erasure: privacy.Erasure) -> None:
    rows.filter(requester__person=erasure.person).update(message="")


privacy.not_personal("missions.Mission", reason="an event of a programme")
privacy.register(
    MissionParticipant,
    rows=lambda person: MissionParticipant.objects.filter(person=person),
    anonymise=_clear_offer,
)
privacy.register(
    MeetingRequest,
    rows=lambda person: MeetingRequest.objects.filter(
        Q(requester__person=person) | Q(requested__person=person)
    ),
    anonymise=_clear_message,
)
