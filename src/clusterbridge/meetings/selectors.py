"""Reads for the calendar pages, feeds and services: availability, overlaps, feeds, proposals."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from clusterbridge.directory.models import Country, Person
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
    CandidateSlot,
    HeldMeeting,
    SlotSearch,
    find_common_slots,
    inconvenience_history,
)
from clusterbridge.programmes.models import Pair, PairStatus, Participation, Programme
from clusterbridge.programmes.selectors import AnyUser, can_manage, user_id

# How far back a personal feed reaches: calendar clients keep what they already fetched.
FEED_HISTORY = timedelta(days=90)
# How far back the early/late hours people already bore count for fairness: a programme.
FAIRNESS_HISTORY = timedelta(days=365)


# A bilateral session's title names its pair: lists select them with the meetings.
TITLE_NAMES = ("pair__mentor__person", "pair__mentee__person")


def meetings_visible_to(user: AnyUser, programme: Programme) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(programme=programme).select_related(*TITLE_NAMES)
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
    """The next scheduled meetings of each programme, for the programme cards: two queries.

    The first reads each programme's next meeting ids, one LIMIT 1 OFFSET n subquery each on
    the (programme, start) index: a window over every future meeting of the programmes took
    70 ms with 10,000 of them, and an OR of per-programme subqueries scanned the whole table.
    """
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    if not programme_ids:
        return meetings
    following = (
        Meeting.objects.filter(
            programme_id=OuterRef("pk"), starts_at__gte=now, status=MeetingStatus.SCHEDULED
        )
        .order_by("starts_at", "pk")
        .values("pk")
    )
    slots = [f"next_{rank}" for rank in range(upcoming)]
    rows = (
        Programme.objects.filter(pk__in=programme_ids)
        .annotate(**{slot: Subquery(following[rank : rank + 1]) for rank, slot in enumerate(slots)})
        .values_list(*slots)
    )
    ids = [pk for row in rows for pk in row if pk is not None]
    for meeting in (
        Meeting.objects.filter(pk__in=ids).select_related(*TITLE_NAMES).order_by("starts_at", "pk")
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
        .select_related("programme", *TITLE_NAMES)
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
class LocalTime:
    """Invitees whose clocks read the same time in the same zone for one slot."""

    local_start: datetime  # naive: the wall time in ``time_zone``, not to be converted again
    time_zone: str
    inside_hours: bool
    names: tuple[str, ...]


@dataclass(frozen=True)
class SlotSuggestions:
    search: SlotSearch
    people: dict[int, Person]

    def local_times(self, slot: CandidateSlot) -> list[LocalTime]:
        """Who sees which wall time, grouped by time and zone, earliest clock first."""
        groups: dict[tuple[datetime, str, bool], list[str]] = defaultdict(list)
        for view in slot.invitees:
            key = (view.local_start.replace(tzinfo=None), view.time_zone, view.inside_hours)
            groups[key].append(self.people[int(str(view.person_id))].full_name)
        return [
            LocalTime(local_start=start, time_zone=zone, inside_hours=inside, names=tuple(names))
            for (start, zone, inside), names in sorted(groups.items())
        ]

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
        .select_related(*TITLE_NAMES)
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
        meetings_visible_to(user, programme).select_related("programme"), pk=pk
    )


def programme_meeting(*, programme: Programme, pk: int) -> Meeting:
    """Any meeting of the programme, drafts included: for its managers' pages; Http404
    otherwise."""
    return get_object_or_404(
        Meeting.objects.filter(programme=programme).select_related("programme", *TITLE_NAMES),
        pk=pk,
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
        .select_related("programme", *TITLE_NAMES)
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
        .select_related("person__user")
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


# --- The calendar pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEntry:
    """A meeting on the calendar, with the other time zones its invitees live in."""

    meeting: Meeting
    other_zones: tuple[str, ...]


@dataclass(frozen=True)
class Whereabouts:
    """Where some of the people on a calendar are: a country, one of its zones, its weekend."""

    country: Country
    time_zone: str


def _with_invitees(meetings: QuerySet[Meeting], *, start: datetime, end: datetime) -> list[Meeting]:
    return list(
        meetings.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("programme", *TITLE_NAMES)
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("person__country").order_by("pk"),
            )
        )
        .order_by("starts_at", "pk")
    )


def calendar_entries(
    meetings: Iterable[Meeting], *, viewer_zone: str
) -> tuple[list[CalendarEntry], list[Whereabouts]]:
    """The entries of meetings loaded by ``my_calendar_meetings`` or ``programme_calendar_
    meetings``, and where their invitees are (no query)."""
    entries = []
    places: dict[tuple[str, str], Whereabouts] = {}
    for meeting in meetings:
        zones = set()
        for invitation in meeting.invitations.all():
            person = invitation.person
            zones.add(person.time_zone)
            key = (person.country.code, person.time_zone)
            places.setdefault(key, Whereabouts(person.country, person.time_zone))
        entries.append(CalendarEntry(meeting, tuple(sorted(zones - {viewer_zone}))))
    return entries, sorted(places.values(), key=lambda w: (str(w.country), w.time_zone))


def my_calendar_meetings(person: Person, *, start: datetime, end: datetime) -> list[Meeting]:
    """The person's published meetings starting in ``[start, end)``, with their invitees'
    countries: two queries."""
    return _with_invitees(
        Meeting.objects.filter(invitations__person=person).exclude(status=MeetingStatus.DRAFT),
        start=start,
        end=end,
    )


def programme_calendar_meetings(
    programme: Programme, *, start: datetime, end: datetime
) -> list[Meeting]:
    """Every meeting of the programme starting in ``[start, end)``, drafts included (the
    managers' view), with their invitees' countries: two queries."""
    return _with_invitees(Meeting.objects.filter(programme=programme), start=start, end=end)


def programme_whereabouts(programme: Programme) -> list[Whereabouts]:
    """Where the programme's accepted participants are, one row per country and zone."""
    rows = (
        Participation.objects.accepted()
        .filter(programme=programme)
        .select_related("person__country")
        .order_by("person__country__name", "person__time_zone")
    )
    places: dict[tuple[str, str], Whereabouts] = {}
    for participation in rows:
        person = participation.person
        places.setdefault(
            (person.country.code, person.time_zone), Whereabouts(person.country, person.time_zone)
        )
    return list(places.values())


def partners_whereabouts(person: Person) -> list[Whereabouts]:
    """Where the other member of each of the person's confirmed pairs is: one query. Their
    weekend matters on every week of the calendar, meetings or not."""
    pairs = Pair.objects.filter(
        Q(mentor__person=person) | Q(mentee__person=person), status=PairStatus.CONFIRMED
    ).select_related("mentor__person__country", "mentee__person__country")
    partners = [
        pair.mentee.person if pair.mentor.person_id == person.pk else pair.mentor.person
        for pair in pairs
    ]
    return [Whereabouts(partner.country, partner.time_zone) for partner in partners]


def public_holidays(country_code: str, *, around: date) -> frozenset[date]:
    """The country's public holidays in the year of ``around`` and the years either side."""
    return _holidays(country_code, (around.year - 1, around.year, around.year + 1))


def viewer_country(person: Person | None) -> Country | None:
    return None if person is None else Country.objects.filter(pk=person.country_id).first()


def upcoming_meetings_by_pair(pair_ids: Iterable[int], *, now: datetime) -> dict[int, int]:
    """How many scheduled meetings each pair still has ahead: one query."""
    return dict(
        Meeting.objects.filter(
            pair_id__in=list(pair_ids), starts_at__gte=now, status=MeetingStatus.SCHEDULED
        )
        .values_list("pair_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("pair_id", "count")
    )


def draft_count(programme: Programme) -> int:
    """How many of the programme's meetings are drafts, waiting for the plan's publication
    (for its managers)."""
    return Meeting.objects.filter(programme=programme, status=MeetingStatus.DRAFT).count()
