"""Reads for mission pages, agendas and feeds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from icalendar import Event

from clusterbridge.directory.models import Person
from clusterbridge.meetings.ics import agenda_event
from clusterbridge.missions.models import (
    MeetingRequest,
    Mission,
    MissionMeeting,
    MissionParticipant,
    RequestStatus,
)
from clusterbridge.programmes.models import Programme


def missions_of(programme: Programme) -> QuerySet[Mission]:
    return Mission.objects.filter(programme=programme).order_by("starts_at", "pk")


def participants_of(mission: Mission) -> QuerySet[MissionParticipant]:
    return (
        MissionParticipant.objects.filter(mission=mission)
        .select_related("person__organisation", "person__country")
        .order_by("person__full_name", "pk")
    )


def get_participant(*, mission: Mission, pk: int) -> MissionParticipant:
    """A participant of this mission; Http404 for another mission's."""
    return get_object_or_404(
        MissionParticipant.objects.filter(mission=mission).select_related("person"), pk=pk
    )


def get_request_to(*, participant: MissionParticipant, pk: int) -> MeetingRequest:
    """A meeting request addressed to the participant; Http404 for any other."""
    return get_object_or_404(
        MeetingRequest.objects.filter(mission=participant.mission_id, requested=participant),
        pk=pk,
    )


def participant_of(mission: Mission, person: Person | None) -> MissionParticipant | None:
    if person is None:
        return None
    return MissionParticipant.objects.filter(mission=mission, person=person).first()


def requests_of(participant: MissionParticipant) -> QuerySet[MeetingRequest]:
    return (
        MeetingRequest.objects.filter(Q(requester=participant) | Q(requested=participant))
        .select_related("requester__person__organisation", "requested__person__organisation")
        .order_by("-created_at", "pk")
    )


def requested_ids(participant: MissionParticipant) -> set[int]:
    """Participants this one already asked or was asked by (one request per two people)."""
    rows = MeetingRequest.objects.filter(
        Q(requester=participant) | Q(requested=participant)
    ).values_list("requester_id", "requested_id")
    return {pk for pair in rows for pk in pair}


def agenda_of(participant: MissionParticipant) -> QuerySet[MissionMeeting]:
    """One participant's placed meetings in slot order: one indexed query."""
    return (
        MissionMeeting.objects.filter(Q(first=participant) | Q(second=participant))
        .select_related(
            "first__person__organisation",
            "second__person__organisation",
        )
        .order_by("slot")
    )


def request_counts(mission: Mission) -> dict[str, int]:
    counts = dict.fromkeys(RequestStatus.values, 0)
    for status in MeetingRequest.objects.filter(mission=mission).values_list("status", flat=True):
        counts[status] += 1
    return counts


def agenda_events_of(person: Person, *, mission: Mission | None = None) -> Iterator[Event]:
    """The person's placed mission meetings as calendar events (agenda .ics and feed)."""
    meetings = MissionMeeting.objects.filter(
        Q(first__person=person) | Q(second__person=person)
    ).select_related("mission", "first__person", "second__person")
    if mission is not None:
        meetings = meetings.filter(mission=mission)
    for meeting in meetings:
        mission = meeting.mission
        other = meeting.second if meeting.first.person_id == person.pk else meeting.first
        starts_at = mission.slot_start(meeting.slot)
        yield agenda_event(
            uid=f"mission-meeting-{meeting.pk}@clusterbridge",
            title=f"{mission.title}: {other.person.full_name}",
            description=f"#{meeting.table}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=mission.slot_minutes),
            zone=person.time_zone,
            location=mission.venue,
        )


def accepted_request_count(mission: Mission) -> int:
    """How many accepted requests the scheduler would place: what decides whether it is a job."""
    return MeetingRequest.objects.filter(mission=mission, status=RequestStatus.ACCEPTED).count()
