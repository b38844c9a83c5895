"""Reads for the calendar pages, feeds and services: availability, overlaps, feeds, proposals."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from clusterbridge.directory.models import Person
from clusterbridge.meetings import working_time
from clusterbridge.meetings.models import (
    Absence,
    CalendarFeed,
    Invitation,
    Meeting,
    MeetingChange,
    MeetingStatus,
    SessionProposal,
    WeeklyWindow,
)
from clusterbridge.meetings.slot_finder import (
    HeldMeeting,
    SlotSearch,
    find_common_slots,
    inconvenience_history,
)
from clusterbridge.programmes.models import Pair, Participation, Programme
from clusterbridge.programmes.selectors import AnyUser, can_manage, user_id

# How far back a personal feed reaches: calendar clients keep what they already fetched.
FEED_HISTORY = timedelta(days=90)
# How far back the early/late hours people already bore count for fairness: a programme.
FAIRNESS_HISTORY = timedelta(days=365)


def meetings_visible_to(user: AnyUser, programme: Programme) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(programme=programme)
    if can_manage(user, programme):
        return meetings
    # Drafts of a generated plan are the managers' until published.
    invited = Invitation.objects.filter(person__user_id=user_id(user)).values("meeting_id")
    return meetings.filter(pk__in=invited).exclude(status=MeetingStatus.DRAFT)


def with_invitee_counts(meetings: Iterable[Meeting]) -> list[Meeting]:
    """The meetings, each given ``invitee_count``, in one query.

    Counted for the rows of a page only: a count annotated on the whole list would be worked
    out for every meeting the page's offset skips too.
    """
    meetings = list(meetings)
    counts = dict(
        Invitation.objects.filter(meeting__in=meetings)
        .values("meeting")
        .annotate(count=Count("pk"))
        .values_list("meeting", "count")
    )
    for meeting in meetings:
        meeting.invitee_count = counts.get(meeting.pk, 0)  # type: ignore[attr-defined]
    return meetings


def upcoming_meetings_by_programme(
    programme_ids: Sequence[int], *, now: datetime, upcoming: int = 5
) -> dict[int, list[Meeting]]:
    """The next scheduled meetings of each programme, for the programme cards: one query."""
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in (
        Meeting.objects.filter(
            programme_id__in=programme_ids, starts_at__gte=now, status=MeetingStatus.SCHEDULED
        )
        .annotate(
            rank=Window(RowNumber(), partition_by=F("programme_id"), order_by=F("starts_at").asc())
        )
        .filter(rank__lte=upcoming)
        .order_by("starts_at")
    ):
        meetings[meeting.programme_id].append(meeting)
    return meetings


def my_next_meetings(user: AnyUser, *, now: datetime, limit: int = 5) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            invitations__person__user_id=user_id(user),
            starts_at__gte=now,
            status=MeetingStatus.SCHEDULED,
        )
        .select_related("programme")
        .order_by("starts_at")[:limit]
    )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@lru_cache(maxsize=64)
def _holidays(country_code: str, years: tuple[int, ...]) -> frozenset[date]:
    return working_time.country_holidays(country_code, years=years)


def availability_of(
    people: Sequence[Person], *, start: datetime, end: datetime
) -> list[working_time.PersonAvailability]:
    """Each person's working calendar (country weekend and holidays, own zone), narrowed by
    their weekly windows and minus their absences that touch ``[start, end)``. Three queries."""
    ids = [person.pk for person in people]
    windows: dict[int, list[working_time.WeeklyWindow]] = defaultdict(list)
    for window in WeeklyWindow.objects.filter(person_id__in=ids):
        windows[window.person_id].append(
            working_time.WeeklyWindow(weekday=window.weekday, start=window.starts, end=window.ends)
        )
    absences: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for absence in Absence.objects.filter(person_id__in=ids, ends_at__gt=start, starts_at__lt=end):
        absences[absence.person_id].append((absence.starts_at, absence.ends_at))
    years = tuple(range(start.year - 1, end.year + 2))
    countries = {
        person.pk: person.country
        for person in Person.objects.filter(pk__in=ids).select_related("country")
    }
    result = []
    for person in people:
        country = countries[person.pk]
        calendar = working_time.WorkingCalendar(
            country_code=country.code,
            time_zone=person.time_zone,
            weekend_days=frozenset(country.weekend_days),
            holidays=_holidays(country.code, years),
        )
        result.append(
            working_time.PersonAvailability(
                person_id=person.pk,
                calendar=calendar,
                weekly_windows=tuple(windows[person.pk]),
                absences=tuple(absences[person.pk]),
            )
        )
    return result


def busy_times(
    people: Iterable[Person], *, start: datetime, end: datetime
) -> dict[working_time.PersonId, list[tuple[datetime, datetime]]]:
    """Meetings already planned for these people in ``[start, end)``, as UTC ranges."""
    busy: dict[working_time.PersonId, list[tuple[datetime, datetime]]] = defaultdict(list)
    rows = (
        Meeting.objects.filter(
            invitations__person__in=list(people),
            starts_at__lt=end,
            starts_at__gte=start - timedelta(days=1),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("invitations__person_id", "starts_at", "duration_minutes")
    )
    for person_id, starts_at, minutes in rows:
        busy[person_id].append((starts_at, starts_at + timedelta(minutes=minutes)))
    return busy


@dataclass(frozen=True)
class SlotSuggestions:
    search: SlotSearch
    people: dict[int, Person]

    @property
    def without_overlap_names(self) -> list[str]:
        """Invitees with no working hour in common with any other invitee in the horizon."""
        return sorted(self.people[int(str(pk))].full_name for pk in self.search.without_overlap)


def past_inconvenience(
    people: Sequence[Person], *, before: datetime
) -> dict[working_time.PersonId, float]:
    """The early and late hours each person bore in their published meetings of the past year
    up to ``before`` (hours, as the slot finder measures them). Four queries."""
    since = before - FAIRNESS_HISTORY
    rows = (
        Invitation.objects.filter(
            person__in=list(people),
            meeting__status=MeetingStatus.SCHEDULED,
            meeting__starts_at__gte=since,
            meeting__starts_at__lt=before,
        )
        .values_list("meeting_id", "meeting__starts_at", "meeting__duration_minutes", "person_id")
        .order_by("meeting__starts_at", "meeting_id")
    )
    held: dict[int, tuple[datetime, int, list[int]]] = {}
    for meeting_id, starts_at, minutes, person_id in rows:
        held.setdefault(meeting_id, (starts_at, minutes, []))[2].append(person_id)
    if not held:
        return {}
    return inconvenience_history(
        availability_of(people, start=since, end=before),
        (
            HeldMeeting(start_utc=s, duration_minutes=m, invitee_ids=ids)
            for s, m, ids in held.values()
        ),
    )


def suggest_slots(
    people: Sequence[Person],
    *,
    start: datetime,
    days: int,
    duration_minutes: int,
    limit: int = 10,
) -> SlotSuggestions:
    """Rank the common slots of the coming ``days`` for these people (meetings they already
    have count as busy time). Fair rotation: whoever bore more early or late hours in their
    meetings so far weighs more, so the next inconvenient hour goes to someone else."""
    end = start + timedelta(days=days)
    search = find_common_slots(
        availability_of(people, start=start, end=end),
        start_utc=start,
        end_utc=end,
        duration_minutes=duration_minutes,
        history=past_inconvenience(people, before=end),
        busy=busy_times(people, start=start, end=end),
        limit=limit,
    )
    return SlotSuggestions(search=search, people={person.pk: person for person in people})


@dataclass(frozen=True)
class Overlap:
    person: Person
    meeting: Meeting


def overlapping_meetings(
    people: Iterable[Person],
    *,
    starts_at: datetime,
    duration_minutes: int,
    exclude: Meeting | None = None,
) -> list[Overlap]:
    """Other non-cancelled meetings these people are invited to that overlap the given time."""
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    meetings = (
        Meeting.objects.filter(
            invitations__person__in=list(people),
            starts_at__lt=ends_at,
            starts_at__gt=starts_at - timedelta(days=1),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .prefetch_related("invitations__person")
        .distinct()
    )
    if exclude is not None:
        meetings = meetings.exclude(pk=exclude.pk)
    wanted = {person.pk for person in people}
    return [
        Overlap(person=invitation.person, meeting=meeting)
        for meeting in meetings
        if meeting.ends_at > starts_at
        for invitation in meeting.invitations.all()
        if invitation.person_id in wanted
    ]


def get_visible_meeting(*, user: AnyUser, programme: Programme, pk: int) -> Meeting:
    """One of the programme's meetings the user may see (drafts: managers only); Http404
    otherwise."""
    return get_object_or_404(
        meetings_visible_to(user, programme).select_related("programme", "pair"), pk=pk
    )


def programme_meeting(*, programme: Programme, pk: int) -> Meeting:
    """Any meeting of the programme, drafts included: for its managers' pages; Http404
    otherwise."""
    return get_object_or_404(
        Meeting.objects.filter(programme=programme).select_related("programme"), pk=pk
    )


def audience(programme: Programme, which: str) -> list[Person]:
    """The accepted ``mentors``, ``mentees`` or both (any other ``which``), by id."""
    participations = Participation.objects.accepted().filter(programme=programme)
    if which == "mentors":
        participations = participations.mentors()
    elif which == "mentees":
        participations = participations.mentees()
    else:
        participations = participations.in_pairs()
    return [p.person for p in participations.select_related("person").order_by("person_id")]


def weekly_windows(person: Person) -> QuerySet[WeeklyWindow]:
    return WeeklyWindow.objects.filter(person=person)


def coming_absences(person: Person, *, now: datetime) -> QuerySet[Absence]:
    return Absence.objects.filter(person=person, ends_at__gte=now)


def meetings_of(person: Person) -> QuerySet[Meeting]:
    """Published meetings a person is invited to (drafts are the manager's until published)."""
    return (
        Meeting.objects.filter(invitations__person=person)
        .exclude(status=MeetingStatus.DRAFT)
        .select_related("programme")
        .order_by("starts_at")
    )


def feed_meetings(person: Person, *, now: datetime) -> QuerySet[Meeting]:
    return meetings_of(person).filter(starts_at__gte=now - FEED_HISTORY)


def person_for_feed(token: str) -> Person | None:
    feed = (
        # A deactivated login's feed stops with it: calendar apps keep polling for years.
        CalendarFeed.objects.filter(
            token_digest=token_digest(token),
            revoked_at__isnull=True,
            person__user__is_active=True,
        )
        .select_related("person")
        .first()
    )
    return feed.person if feed is not None else None


def active_feed(person: Person) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).first()


def proposals_of(pair: Pair) -> QuerySet[SessionProposal]:
    return (
        SessionProposal.objects.filter(pair=pair)
        .select_related("proposed_by", "meeting")
        .order_by("-created_at")
    )


def get_proposal(*, pair: Pair, pk: int) -> SessionProposal:
    """One of the pair's own proposals; Http404 for another pair's."""
    return get_object_or_404(proposals_of(pair), pk=pk)


def meeting_history(meeting: Meeting) -> QuerySet[MeetingChange]:
    return meeting.changes.select_related("changed_by").order_by("changed_at", "pk")


def pair_of_person(pair: Pair, person: Person | None) -> bool:
    return person is not None and person.pk in (pair.mentor.person_id, pair.mentee.person_id)


def invitees_of(meeting: Meeting) -> QuerySet[Person]:
    return (
        Person.objects.filter(invitations__meeting=meeting)
        .select_related("country", "user")
        .order_by("full_name")
    )


def draft_count(programme: Programme) -> int:
    """How many of the programme's meetings are drafts, waiting for the plan's publication
    (for its managers)."""
    return Meeting.objects.filter(programme=programme, status=MeetingStatus.DRAFT).count()
