"""Common-slot finder for a pair, a group or a whole cohort.

Pure Python plus numpy (no Django). The services layer passes ``PersonAvailability`` values
(see ``working_time``) and gets ranked candidate slots with a per-invitee explanation.

Public API
----------
``find_common_slots(people, *, start_utc, end_utc, duration_minutes, step_minutes=30,
history=None, busy=None, limit=10) -> SlotSearch``
    Candidate starts lie on a ``step_minutes`` grid from ``start_utc``. Slots are ranked by
    how many invitees are inside their working hours for the whole meeting (weekends,
    holidays, personal windows and absences included), then by fairness: a smaller sum of
    inconvenience weighted by each invitee's past inconvenience (``history``, person id ->
    accumulated hours), then by earliness. ``busy`` adds per-person UTC ranges to avoid
    (meetings already planned).
``SlotSearch``: ``slots`` (best first) and ``without_overlap``: invitees for whom no slot
    in the horizon has them inside their hours together with at least one other invitee.
``CandidateSlot``: ``start_utc``, ``end_utc``, ``duration_minutes``, ``inside_count``,
    ``weighted_inconvenience``, ``invitees`` (one ``InviteeView`` each: ``person_id``,
    ``time_zone``, ``local_start`` (aware, in the invitee's zone), ``inside_hours``,
    ``inconvenience``, ``label`` such as ``"09:00 Cairo"``) and ``outside`` (ids).
``add_inconvenience(history, slot) -> dict``
    The history after holding ``slot``; feed it into the next search so that the early or
    late hour rotates across repeated meetings.
``meeting_inconvenience(people, *, start_utc, duration_minutes) -> dict``
    What a meeting already scheduled at ``start_utc`` costs each of ``people``.
``inconvenience_history(people, meetings) -> dict``
    The history built from meetings already scheduled (``HeldMeeting`` values): the same
    measure as the search's, so the calendar's past meetings steer who gets the next early or
    late hour.

Inconvenience is measured in hours: how far the meeting reaches into the first or last
working hour of the invitee's day (``COMFORT_MARGIN_MINUTES``) or beyond, plus
``OUTSIDE_HOURS_PENALTY`` when the invitee is not inside working hours at all.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from clusterbridge.meetings.working_time import (
    PersonAvailability,
    PersonId,
    availability_grid,
)

COMFORT_MARGIN_MINUTES = 60
OUTSIDE_HOURS_PENALTY = 4.0

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class InviteeView:
    person_id: PersonId
    time_zone: str
    local_start: datetime
    inside_hours: bool
    inconvenience: float

    @property
    def label(self) -> str:
        city = self.time_zone.rsplit("/", 1)[-1].replace("_", " ")
        return f"{self.local_start:%H:%M} {city}"


@dataclass(frozen=True, slots=True)
class CandidateSlot:
    start_utc: datetime
    duration_minutes: int
    inside_count: int
    weighted_inconvenience: float
    invitees: tuple[InviteeView, ...]

    @property
    def end_utc(self) -> datetime:
        return self.start_utc + timedelta(minutes=self.duration_minutes)

    @property
    def outside(self) -> tuple[PersonId, ...]:
        return tuple(v.person_id for v in self.invitees if not v.inside_hours)


@dataclass(frozen=True, slots=True)
class SlotSearch:
    slots: tuple[CandidateSlot, ...]
    without_overlap: tuple[PersonId, ...]


def find_common_slots(
    people: Sequence[PersonAvailability],
    *,
    start_utc: datetime,
    end_utc: datetime,
    duration_minutes: int,
    step_minutes: int = 30,
    history: Mapping[PersonId, float] | None = None,
    busy: Mapping[PersonId, Sequence[tuple[datetime, datetime]]] | None = None,
    limit: int = 10,
) -> SlotSearch:
    if duration_minutes <= 0 or step_minutes <= 0:
        raise ValueError("duration and step must be positive")
    people = _with_busy(people, busy or {})
    inside, starts = _inside_matrix(
        people,
        start_utc=start_utc,
        end_utc=end_utc,
        duration_minutes=duration_minutes,
        step_minutes=step_minutes,
    )
    if not len(starts):
        return SlotSearch(slots=(), without_overlap=tuple(p.person_id for p in people))
    counts = inside.sum(axis=0)
    inconvenience = _inconvenience(
        people, starts=starts, duration_minutes=duration_minutes, inside=inside
    )
    weighted = _fairness_weights(people, history or {}) @ inconvenience
    ranked = np.lexsort((np.arange(len(starts)), weighted, -counts))
    chosen = [j for j in ranked[: max(limit, 0)] if counts[j] > 0]
    slots = tuple(
        _candidate(
            people,
            start=starts[j],
            duration_minutes=duration_minutes,
            inside=inside[:, j],
            inconvenience=inconvenience[:, j],
            weighted=float(weighted[j]),
        )
        for j in chosen
    )
    return SlotSearch(slots=slots, without_overlap=_without_overlap(people, inside, counts))


def add_inconvenience(
    history: Mapping[PersonId, float], slot: CandidateSlot
) -> dict[PersonId, float]:
    updated = dict(history)
    for view in slot.invitees:
        updated[view.person_id] = updated.get(view.person_id, 0.0) + view.inconvenience
    return updated


@dataclass(frozen=True, slots=True)
class HeldMeeting:
    start_utc: datetime
    duration_minutes: int
    invitee_ids: Collection[PersonId]


def meeting_inconvenience(
    people: Sequence[PersonAvailability], *, start_utc: datetime, duration_minutes: int
) -> dict[PersonId, float]:
    """Each person's inconvenience (hours) in a meeting at ``start_utc``: one grid cell as long
    as the meeting, measured exactly as candidate slots are."""
    if not people or duration_minutes <= 0:
        return {}
    inside, starts = _inside_matrix(
        people,
        start_utc=start_utc,
        end_utc=start_utc + timedelta(minutes=duration_minutes),
        duration_minutes=duration_minutes,
        step_minutes=duration_minutes,
    )
    cost = _inconvenience(people, starts=starts, duration_minutes=duration_minutes, inside=inside)
    return {p.person_id: float(cost[i, 0]) for i, p in enumerate(people)}


def inconvenience_history(
    people: Sequence[PersonAvailability], meetings: Iterable[HeldMeeting]
) -> dict[PersonId, float]:
    """Accumulated inconvenience of ``people`` over meetings already scheduled; invitees not
    among ``people`` are ignored."""
    by_id = {p.person_id: p for p in people}
    history: dict[PersonId, float] = {}
    for meeting in meetings:
        present = [by_id[pk] for pk in meeting.invitee_ids if pk in by_id]
        costs = meeting_inconvenience(
            present, start_utc=meeting.start_utc, duration_minutes=meeting.duration_minutes
        )
        for person_id, cost in costs.items():
            history[person_id] = history.get(person_id, 0.0) + cost
    return history


def _with_busy(
    people: Sequence[PersonAvailability],
    busy: Mapping[PersonId, Sequence[tuple[datetime, datetime]]],
) -> list[PersonAvailability]:
    return [
        replace(p, absences=p.absences + tuple(busy[p.person_id])) if p.person_id in busy else p
        for p in people
    ]


def _inside_matrix(
    people: Sequence[PersonAvailability],
    *,
    start_utc: datetime,
    end_utc: datetime,
    duration_minutes: int,
    step_minutes: int,
) -> tuple[BoolArray, list[datetime]]:
    """``inside[p, j]``: person ``p`` works throughout a meeting starting at grid cell ``j``."""
    grid = availability_grid(
        people, start_utc=start_utc, end_utc=end_utc, step_minutes=step_minutes
    )
    span = math.ceil(duration_minutes / step_minutes)
    candidates = grid.shape[1] - span + 1
    if candidates <= 0:
        return np.zeros((len(people), 0), dtype=bool), []
    covered = np.zeros((len(people), grid.shape[1] + 1), dtype=np.int32)
    np.cumsum(grid, axis=1, out=covered[:, 1:])
    inside = (covered[:, span:] - covered[:, :-span]) == span
    starts = [start_utc + timedelta(minutes=step_minutes * j) for j in range(candidates)]
    return inside, starts


def _inconvenience(
    people: Sequence[PersonAvailability],
    *,
    starts: list[datetime],
    duration_minutes: int,
    inside: BoolArray,
) -> FloatArray:
    local_minutes = _local_minute_of_day(people, starts)
    work_start = np.array([_minutes(p.calendar.work_start) for p in people])[:, None]
    work_end = np.array([_minutes(p.calendar.work_end) for p in people])[:, None]
    early = np.maximum(0, work_start + COMFORT_MARGIN_MINUTES - local_minutes)
    late = np.maximum(0, local_minutes + duration_minutes - (work_end - COMFORT_MARGIN_MINUTES))
    hours = (early + late) / 60.0
    penalties: FloatArray = hours + np.where(inside, 0.0, OUTSIDE_HOURS_PENALTY)
    return penalties


def _local_minute_of_day(
    people: Sequence[PersonAvailability], starts: list[datetime]
) -> npt.NDArray[np.int64]:
    by_zone: dict[str, npt.NDArray[np.int64]] = {}
    for zone in {p.time_zone for p in people}:
        tz = ZoneInfo(zone)
        by_zone[zone] = np.fromiter(
            (_minutes(s.astimezone(tz).time()) for s in starts), dtype=np.int64, count=len(starts)
        )
    return np.stack([by_zone[p.time_zone] for p in people])


def _fairness_weights(
    people: Sequence[PersonAvailability], history: Mapping[PersonId, float]
) -> FloatArray:
    """Whoever has borne more inconvenience than the luckiest invitee weighs more now."""
    past = np.array([history.get(p.person_id, 0.0) for p in people], dtype=float)
    weights: FloatArray = 1.0 + past - past.min()
    return weights


def _without_overlap(
    people: Sequence[PersonAvailability], inside: BoolArray, counts: npt.NDArray[np.int64]
) -> tuple[PersonId, ...]:
    if len(people) < 2:
        return ()
    shared = np.any(inside & (counts >= 2)[None, :], axis=1)
    return tuple(p.person_id for i, p in enumerate(people) if not shared[i])


def _candidate(
    people: Sequence[PersonAvailability],
    *,
    start: datetime,
    duration_minutes: int,
    inside: BoolArray,
    inconvenience: FloatArray,
    weighted: float,
) -> CandidateSlot:
    views = tuple(
        InviteeView(
            person_id=p.person_id,
            time_zone=p.time_zone,
            local_start=start.astimezone(ZoneInfo(p.time_zone)),
            inside_hours=bool(ok),
            inconvenience=float(cost),
        )
        for p, ok, cost in zip(people, inside, inconvenience, strict=True)
    )
    return CandidateSlot(
        start_utc=start,
        duration_minutes=duration_minutes,
        inside_count=int(inside.sum()),
        weighted_inconvenience=weighted,
        invitees=views,
    )


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute
