"""Draft programme plan: joint meetings, bilateral and group sessions, trainings.

Pure Python (no Django). The services layer turns a programme (dates, people, pairs, rules)
into ``PersonAvailability`` values and ``Pair``s, calls ``draft_plan`` and stores the
returned ``PlannedMeeting``s as draft meetings the coordinator then reviews.

Public API
----------
``PlannedMeeting(kind, title, start_utc, duration_minutes, invitee_ids, outside_hours=(),
name="", number=None)``
    ``kind`` is one of ``MEETING_KINDS``; ``outside_hours`` names invitees for whom the
    chosen time falls outside their working hours (only when no better time existed).
    ``title`` is an English label for logs and tests; ``name`` (one of ``GENERATED_NAMES``,
    empty for a title the manager typed) and ``number`` let the caller store the meeting as a
    kind plus parameters, rendered in each reader's language.
``Pair(mentor_id, mentee_id)``, ``TrainingRule(title, on, duration_minutes=120,
audience="all")``, ``PlanRules(...)`` (defaults: kick-off, middle and closing joint
meetings of 90 min; a 60-min bilateral session per pair every 2 weeks; a monthly 60-min
group session for mentees and a separate one for mentors; no trainings; other meetings of
a joint meeting's invitees at least ``days_after_joint=1`` UTC day away from it, so the
kick-off and the first bilateral sessions are not packed onto the same day).
``draft_plan(*, start, end, people, pairs, rules=PlanRules(), history=None) -> DraftPlan``
    Every meeting is placed with ``slot_finder.find_common_slots`` inside a search window
    (``rules.search_days`` from its target date, kept within the programme) and the
    inconvenience history is carried from one meeting to the next, so early and late hours
    rotate across repeated sessions. Meetings already placed count as busy time.
    ``DraftPlan`` has ``meetings`` (chronological), ``unplaced`` (``UnplacedMeeting``:
    kind, title, target date, invitees, name, number; no slot in the window) and ``history``.
``mission_plan(schedule, *, slot_starts_utc, duration_minutes, title="B2B meeting")``
    The meetings of a ``mission_scheduler.MissionSchedule`` as ``PlannedMeeting``s.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from clusterbridge.meetings.mission_scheduler import MissionSchedule
from clusterbridge.meetings.slot_finder import add_inconvenience, find_common_slots
from clusterbridge.meetings.working_time import PersonAvailability, PersonId

MeetingKind = Literal[
    "joint_meeting", "bilateral_session", "group_session", "training", "mission_meeting"
]
MEETING_KINDS: tuple[MeetingKind, ...] = (
    "joint_meeting",
    "bilateral_session",
    "group_session",
    "training",
    "mission_meeting",
)
Audience = Literal["all", "mentors", "mentees"]

GeneratedName = Literal[
    "kick_off", "mid_term", "closing", "bilateral", "mentee_exchange", "mentor_exchange", ""
]
GENERATED_NAMES: tuple[GeneratedName, ...] = (
    "kick_off",
    "mid_term",
    "closing",
    "bilateral",
    "mentee_exchange",
    "mentor_exchange",
)
# The default joint meetings' English titles and their names; other titles are kept as given.
JOINT_NAMES: Mapping[str, GeneratedName] = {
    "Kick-off": "kick_off",
    "Mid-term meeting": "mid_term",
    "Closing meeting": "closing",
}


@dataclass(frozen=True, slots=True)
class PlannedMeeting:
    kind: MeetingKind
    title: str
    start_utc: datetime
    duration_minutes: int
    invitee_ids: tuple[PersonId, ...]
    outside_hours: tuple[PersonId, ...] = ()
    name: GeneratedName = ""
    number: int | None = None

    @property
    def end_utc(self) -> datetime:
        return self.start_utc + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True, slots=True)
class UnplacedMeeting:
    kind: MeetingKind
    title: str
    target: date
    invitee_ids: tuple[PersonId, ...]
    name: GeneratedName = ""
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    mentor_id: PersonId
    mentee_id: PersonId


@dataclass(frozen=True, slots=True)
class TrainingRule:
    title: str
    on: date
    duration_minutes: int = 120
    audience: Audience = "all"


@dataclass(frozen=True, slots=True)
class PlanRules:
    joint_meeting_titles: tuple[str, ...] = ("Kick-off", "Mid-term meeting", "Closing meeting")
    joint_duration_minutes: int = 90
    bilateral_every_weeks: int = 2
    bilateral_duration_minutes: int = 60
    group_duration_minutes: int = 60
    trainings: tuple[TrainingRule, ...] = ()
    search_days: int = 7
    step_minutes: int = 30
    days_after_joint: int = 1


@dataclass(frozen=True, slots=True)
class DraftPlan:
    meetings: tuple[PlannedMeeting, ...]
    unplaced: tuple[UnplacedMeeting, ...]
    history: Mapping[PersonId, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Request:
    kind: MeetingKind
    title: str
    target: date
    duration_minutes: int
    invitee_ids: tuple[PersonId, ...]
    name: GeneratedName = ""
    number: int | None = None


def draft_plan(
    *,
    start: date,
    end: date,
    people: Sequence[PersonAvailability],
    pairs: Sequence[Pair],
    rules: PlanRules = PlanRules(),
    history: Mapping[PersonId, float] | None = None,
) -> DraftPlan:
    if end < start:
        raise ValueError("the programme ends before it starts")
    if rules.days_after_joint < 0:
        raise ValueError("days_after_joint cannot be negative")
    by_id = {p.person_id: p for p in people}
    strangers = {i for pair in pairs for i in (pair.mentor_id, pair.mentee_id)} - set(by_id)
    if strangers:
        raise ValueError(f"pairs name people without availability: {sorted(map(str, strangers))}")
    planner = _Planner(by_id, start=start, end=end, rules=rules, history=dict(history or {}))
    # Joint meetings and trainings involve the most people, so they get first pick of slots.
    for request in _requests(start=start, end=end, by_id=by_id, pairs=pairs, rules=rules):
        planner.place(request)
    meetings = tuple(sorted(planner.meetings, key=lambda m: (m.start_utc, m.kind, m.title)))
    return DraftPlan(meetings=meetings, unplaced=tuple(planner.unplaced), history=planner.history)


def mission_plan(
    schedule: MissionSchedule,
    *,
    slot_starts_utc: Sequence[datetime],
    duration_minutes: int,
    title: str = "B2B meeting",
) -> list[PlannedMeeting]:
    return [
        PlannedMeeting(
            kind="mission_meeting",
            title=f"{title} (table {m.table + 1})",
            start_utc=slot_starts_utc[m.slot],
            duration_minutes=duration_minutes,
            invitee_ids=(m.first, m.second),
        )
        for m in schedule.meetings
    ]


def _requests(
    *,
    start: date,
    end: date,
    by_id: Mapping[PersonId, PersonAvailability],
    pairs: Sequence[Pair],
    rules: PlanRules,
) -> list[_Request]:
    everyone = tuple(by_id)
    mentors = tuple(dict.fromkeys(p.mentor_id for p in pairs))
    mentees = tuple(dict.fromkeys(p.mentee_id for p in pairs))
    audiences: dict[Audience, tuple[PersonId, ...]] = {
        "all": everyone,
        "mentors": mentors,
        "mentees": mentees,
    }
    requests = [
        _Request(
            "joint_meeting",
            title,
            target,
            rules.joint_duration_minutes,
            everyone,
            JOINT_NAMES.get(title, ""),
        )
        for title, target in zip(
            rules.joint_meeting_titles,
            _spread(start, end, len(rules.joint_meeting_titles)),
            strict=True,
        )
    ]
    requests += [
        _Request("training", t.title, t.on, t.duration_minutes, audiences[t.audience])
        for t in rules.trainings
    ]
    for month, target in enumerate(_monthly(start, end), start=1):
        groups: tuple[tuple[tuple[PersonId, ...], str, GeneratedName], ...] = (
            (mentees, "Mentee", "mentee_exchange"),
            (mentors, "Mentor", "mentor_exchange"),
        )
        for invitees, label, name in groups:
            title = f"{label} peer exchange {month}"
            duration = rules.group_duration_minutes
            requests.append(
                _Request("group_session", title, target, duration, invitees, name, month)
            )
    for number, target in enumerate(_every(start, end, weeks=rules.bilateral_every_weeks), 1):
        for pair in pairs:
            requests.append(
                _Request(
                    "bilateral_session",
                    f"Mentoring session {number}",
                    target,
                    rules.bilateral_duration_minutes,
                    (pair.mentor_id, pair.mentee_id),
                    "bilateral",
                    number,
                )
            )
    return [r for r in requests if r.invitee_ids]


class _Planner:
    def __init__(
        self,
        by_id: Mapping[PersonId, PersonAvailability],
        *,
        start: date,
        end: date,
        rules: PlanRules,
        history: dict[PersonId, float],
    ) -> None:
        self.by_id = by_id
        self.start = start
        self.end = end
        self.rules = rules
        self.history = history
        self.busy: dict[PersonId, list[tuple[datetime, datetime]]] = {}
        self.meetings: list[PlannedMeeting] = []
        self.unplaced: list[UnplacedMeeting] = []

    def place(self, request: _Request) -> None:
        window_start, window_end = self._window(request.target)
        search = find_common_slots(
            [self.by_id[i] for i in request.invitee_ids],
            start_utc=window_start,
            end_utc=window_end,
            duration_minutes=request.duration_minutes,
            step_minutes=self.rules.step_minutes,
            history=self.history,
            busy=self.busy,
            limit=1,
        )
        if not search.slots:
            self.unplaced.append(
                UnplacedMeeting(
                    request.kind,
                    request.title,
                    request.target,
                    request.invitee_ids,
                    request.name,
                    request.number,
                )
            )
            return
        slot = search.slots[0]
        self.history = add_inconvenience(self.history, slot)
        blocked = self._blocked(request.kind, slot.start_utc, slot.end_utc)
        for person in request.invitee_ids:
            self.busy.setdefault(person, []).append(blocked)
        self.meetings.append(
            PlannedMeeting(
                kind=request.kind,
                title=request.title,
                start_utc=slot.start_utc,
                duration_minutes=request.duration_minutes,
                invitee_ids=request.invitee_ids,
                outside_hours=slot.outside,
                name=request.name,
                number=request.number,
            )
        )

    def _blocked(
        self, kind: MeetingKind, start_utc: datetime, end_utc: datetime
    ) -> tuple[datetime, datetime]:
        """The time a placed meeting keeps its invitees from other meetings.

        A joint meeting keeps its whole UTC day and ``days_after_joint - 1`` days either side:
        people need the day for it, and the sessions it launches work better on another day.
        Joint meetings are placed first, so everything placed later keeps that distance.
        """
        gap = self.rules.days_after_joint
        if kind != "joint_meeting" or gap == 0:
            return start_utc, end_utc
        midnight = datetime.combine(start_utc.date(), datetime.min.time(), tzinfo=UTC)
        return midnight - timedelta(days=gap - 1), midnight + timedelta(days=gap)

    def _window(self, target: date) -> tuple[datetime, datetime]:
        """``search_days`` UTC days from the target, shifted back to end with the programme.

        UTC days suit the programme's zones (UTC+0 to UTC+3): their working hours never
        cross UTC midnight.
        """
        latest_start = self.end - timedelta(days=self.rules.search_days - 1)
        first_day = max(self.start, min(target, latest_start))
        last_day = min(self.end, first_day + timedelta(days=self.rules.search_days - 1))
        midnight = datetime.min.time()
        return (
            datetime.combine(first_day, midnight, tzinfo=UTC),
            datetime.combine(last_day + timedelta(days=1), midnight, tzinfo=UTC),
        )


def _spread(start: date, end: date, count: int) -> list[date]:
    """``count`` dates from ``start`` to ``end`` inclusive, evenly spaced."""
    if count == 1:
        return [start]
    span = (end - start).days
    return [start + timedelta(days=round(span * i / (count - 1))) for i in range(count)]


def _every(start: date, end: date, *, weeks: int) -> list[date]:
    if weeks <= 0:
        return []
    count = (end - start).days // (7 * weeks) + 1
    return [start + timedelta(weeks=weeks * i) for i in range(count)]


def _monthly(start: date, end: date) -> list[date]:
    """One date per programme month, a week after the month starts so the first group
    session does not compete with the kick-off week."""
    dates = []
    month = 0
    while (target := _add_months(start, month) + timedelta(days=7)) <= end:
        dates.append(target)
        month += 1
    return dates


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
