"""Working calendars, personal availability and safe local-time conversion.

Pure Python (no Django): the services layer builds these dataclasses from its models and
calls the functions below. Every instant crossing this API is a timezone-aware ``datetime``
in UTC; wall times are naive ``datetime``/``time`` values interpreted in a named IANA zone.

Public API
----------
``WorkingCalendar(country_code, time_zone, weekend_days, work_start, work_end, holidays)``
    A country's working week. ``weekend_days`` uses ``date.weekday()`` numbers (Monday=0).
``calendar_for_country(country_code, *, years, time_zone=None, work_start=09:00,
work_end=17:00) -> WorkingCalendar``
    Defaults for the programme's countries (zone, weekend, public holidays).
``country_holidays(country_code, *, years) -> frozenset[date]``
    Public holidays from the ``holidays`` package, Islamic holidays included.
``WeeklyWindow(weekday, start, end)`` and
``PersonAvailability(person_id, calendar, weekly_windows=(), absences=())``
    A person narrows the calendar with weekly windows (in the calendar's zone) and marks
    absences as UTC ranges.
``is_working(person, instant) -> bool`` and
``is_working_between(person, *, start_utc, end_utc) -> bool``
``working_intervals(person, *, start_utc, end_utc) -> list[tuple[datetime, datetime]]``
``availability_grid(people, *, start_utc, end_utc, step_minutes=30) -> np.ndarray``
    Boolean array of shape ``(len(people), cells)``; a cell is True when the whole
    ``[start, start + step)`` lies inside the person's working time.
``local_to_utc(local, zone) -> datetime``
    Refuses to guess: raises ``NonexistentLocalTime`` (spring-forward gap) or
    ``AmbiguousLocalTime`` (fall-back overlap), both carrying ``candidates`` (UTC instants).

Palestine: ``holidays`` ships ``PS`` in the pinned version. If a country code is unknown to
the installed ``holidays`` release we return no holidays rather than borrow a neighbour's
list: a missing holiday shows up as a clash the coordinator can see, whereas a borrowed one
would silently hide working days. ``HOLIDAY_COVERAGE_GAPS`` lists such codes at runtime.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_package
import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

PersonId = int | str

FRIDAY, SATURDAY, SUNDAY = 4, 5, 6
FRI_SAT_WEEKEND = frozenset({FRIDAY, SATURDAY})
SAT_SUN_WEEKEND = frozenset({SATURDAY, SUNDAY})
FRI_SAT_WEEKEND_COUNTRIES = frozenset({"EG", "JO", "PS"})

DEFAULT_TIME_ZONES: dict[str, str] = {
    "EG": "Africa/Cairo",
    "JO": "Asia/Amman",
    "PS": "Asia/Gaza",
    "MA": "Africa/Casablanca",
    "TN": "Africa/Tunis",
    "FR": "Europe/Paris",
    "IT": "Europe/Rome",
    "ES": "Europe/Madrid",
}

DEFAULT_WORK_START = time(9)
DEFAULT_WORK_END = time(17)

_SUPPORTED_HOLIDAY_COUNTRIES = frozenset(holidays_package.list_supported_countries())
HOLIDAY_COVERAGE_GAPS = frozenset(DEFAULT_TIME_ZONES) - _SUPPORTED_HOLIDAY_COUNTRIES


class LocalTimeError(ValueError):
    """A wall time that does not map to exactly one instant in its zone."""

    def __init__(self, local: datetime, zone: str, candidates: tuple[datetime, datetime]) -> None:
        self.local = local
        self.zone = zone
        self.candidates = candidates
        shown = ", ".join(c.isoformat() for c in candidates)
        super().__init__(f"{local.isoformat()} in {zone}: {self.reason}; candidates {shown}")

    reason = "not a unique instant"


class NonexistentLocalTime(LocalTimeError):
    """The clock skipped this wall time; ``candidates`` read it with the offsets around it."""

    reason = "skipped by a clock change"


class AmbiguousLocalTime(LocalTimeError):
    """The clock showed this wall time twice; ``candidates`` are both instants, earlier first."""

    reason = "occurs twice because of a clock change"


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    country_code: str
    time_zone: str
    weekend_days: frozenset[int]
    work_start: time = DEFAULT_WORK_START
    work_end: time = DEFAULT_WORK_END
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if self.work_start >= self.work_end:
            raise ValueError("work_start must be before work_end (overnight shifts unsupported)")
        ZoneInfo(self.time_zone)  # fail early on a typo rather than at first use

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend_days and day not in self.holidays


@dataclass(frozen=True, slots=True)
class WeeklyWindow:
    """A recurring window on ``weekday`` (Monday=0), wall time in the person's zone."""

    weekday: int
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6 or self.start >= self.end:
            raise ValueError(f"invalid weekly window {self}")


@dataclass(frozen=True, slots=True)
class PersonAvailability:
    """One person's working time: calendar hours, optionally narrowed, minus absences.

    With no ``weekly_windows`` the calendar's hours apply on every working day; otherwise
    only the parts of those windows that also fall inside the calendar's hours count.
    ``absences`` are half-open ``[start, end)`` UTC ranges.
    """

    person_id: PersonId
    calendar: WorkingCalendar
    weekly_windows: tuple[WeeklyWindow, ...] = ()
    absences: tuple[tuple[datetime, datetime], ...] = ()

    @property
    def time_zone(self) -> str:
        return self.calendar.time_zone


def country_holidays(country_code: str, *, years: Iterable[int]) -> frozenset[date]:
    if country_code not in _SUPPORTED_HOLIDAY_COUNTRIES:
        logger.warning(
            "no public holiday data for %s; treating every weekday as working", country_code
        )
        return frozenset()
    return frozenset(holidays_package.country_holidays(country_code, years=list(years)))


def calendar_for_country(
    country_code: str,
    *,
    years: Iterable[int],
    time_zone: str | None = None,
    work_start: time = DEFAULT_WORK_START,
    work_end: time = DEFAULT_WORK_END,
) -> WorkingCalendar:
    code = country_code.upper()
    zone = time_zone or DEFAULT_TIME_ZONES.get(code)
    if zone is None:
        raise ValueError(f"no default time zone for {code}; pass time_zone explicitly")
    weekend = FRI_SAT_WEEKEND if code in FRI_SAT_WEEKEND_COUNTRIES else SAT_SUN_WEEKEND
    return WorkingCalendar(
        country_code=code,
        time_zone=zone,
        weekend_days=weekend,
        work_start=work_start,
        work_end=work_end,
        holidays=country_holidays(code, years=years),
    )


def local_to_utc(local: datetime, zone: str) -> datetime:
    """Convert a naive wall time in ``zone`` to UTC, raising instead of shifting silently."""
    if local.tzinfo is not None:
        raise ValueError("local_to_utc expects a naive wall time")
    tz = ZoneInfo(zone)
    first = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if first == second:
        return first
    candidates = (min(first, second), max(first, second))
    if first.astimezone(tz).replace(tzinfo=None) == local:
        raise AmbiguousLocalTime(local, zone, candidates)
    raise NonexistentLocalTime(local, zone, candidates)


def utc_to_local(instant: datetime, zone: str) -> datetime:
    """The wall time (aware, in ``zone``) at which ``instant`` is shown to someone in ``zone``."""
    _require_aware(instant)
    return instant.astimezone(ZoneInfo(zone))


def working_intervals(
    person: PersonAvailability, *, start_utc: datetime, end_utc: datetime
) -> list[tuple[datetime, datetime]]:
    """The person's working time within ``[start_utc, end_utc)`` as merged UTC ranges."""
    spans = _person_spans(person, _epoch(start_utc), _epoch(end_utc))
    return [(_from_epoch(s), _from_epoch(e)) for s, e in spans]


def is_working(person: PersonAvailability, instant: datetime) -> bool:
    return is_working_between(person, start_utc=instant, end_utc=instant + timedelta(seconds=1))


def is_working_between(
    person: PersonAvailability, *, start_utc: datetime, end_utc: datetime
) -> bool:
    """True when the whole of ``[start_utc, end_utc)`` is inside the person's working time."""
    start, end = _epoch(start_utc), _epoch(end_utc)
    # Merged spans are clipped to the query, so "covered" means exactly one span equal to it.
    return _person_spans(person, start, end) == [(start, end)]


def availability_grid(
    people: Sequence[PersonAvailability],
    *,
    start_utc: datetime,
    end_utc: datetime,
    step_minutes: int = 30,
) -> npt.NDArray[np.bool_]:
    """Cell ``[i, j]`` is True when person ``i`` works throughout grid cell ``j``.

    People sharing a calendar and weekly windows share one computation; only their absences
    are applied separately, which keeps a 300-person cohort to a handful of calendar passes.
    """
    start, step = _epoch(start_utc), step_minutes * 60
    cells = max(0, (_epoch(end_utc) - start) // step)
    cell_starts = start + step * np.arange(cells, dtype=np.int64)
    grid = np.zeros((len(people), cells), dtype=bool)
    profiles: dict[tuple[WorkingCalendar, tuple[WeeklyWindow, ...]], npt.NDArray[np.bool_]] = {}
    for row, person in enumerate(people):
        key = (person.calendar, person.weekly_windows)
        if key not in profiles:
            spans = _profile_spans(key[0], key[1], start=start, end=start + step * cells)
            profiles[key] = _cells_covered(spans, cell_starts, step)
        grid[row] = profiles[key]
        for absent_from, absent_to in person.absences:
            a, b = _epoch(absent_from), _epoch(absent_to)
            grid[row] &= ~((cell_starts < b) & (cell_starts + step > a))
    return grid


def _cells_covered(
    spans: list[tuple[int, int]], cell_starts: npt.NDArray[np.int64], step: int
) -> npt.NDArray[np.bool_]:
    if not spans:
        return np.zeros(cell_starts.shape, dtype=bool)
    span_starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))
    span_ends = np.fromiter((e for _, e in spans), dtype=np.int64, count=len(spans))
    index = np.searchsorted(span_starts, cell_starts, side="right") - 1
    safe = np.maximum(index, 0)
    return (index >= 0) & (span_ends[safe] >= cell_starts + step)


def _person_spans(person: PersonAvailability, start: int, end: int) -> list[tuple[int, int]]:
    spans = _profile_spans(person.calendar, person.weekly_windows, start=start, end=end)
    absences = sorted((_epoch(a), _epoch(b)) for a, b in person.absences)
    return _subtract(spans, absences)


def _profile_spans(
    calendar: WorkingCalendar, windows: tuple[WeeklyWindow, ...], *, start: int, end: int
) -> list[tuple[int, int]]:
    tz = ZoneInfo(calendar.time_zone)
    # A day's hours can start before the query in UTC terms, so look one local day around it.
    first_day = _from_epoch(start).astimezone(tz).date() - timedelta(days=1)
    last_day = _from_epoch(end).astimezone(tz).date() + timedelta(days=1)
    spans: list[tuple[int, int]] = []
    day = first_day
    while day <= last_day:
        if calendar.is_working_day(day):
            for wall_start, wall_end in _day_windows(calendar, windows, day.weekday()):
                s = max(start, _wall_epoch(day, wall_start, tz))
                e = min(end, _wall_epoch(day, wall_end, tz))
                if s < e:
                    spans.append((s, e))
        day += timedelta(days=1)
    return _merge(spans)


@lru_cache(maxsize=4096)
def _day_windows(
    calendar: WorkingCalendar, windows: tuple[WeeklyWindow, ...], weekday: int
) -> tuple[tuple[time, time], ...]:
    if not windows:
        return ((calendar.work_start, calendar.work_end),)
    narrowed = []
    for window in windows:
        if window.weekday != weekday:
            continue
        s, e = max(window.start, calendar.work_start), min(window.end, calendar.work_end)
        if s < e:
            narrowed.append((s, e))
    return tuple(sorted(narrowed))


def _wall_epoch(day: date, wall: time, tz: ZoneInfo) -> int:
    # Working-hour boundaries never sit in the night-time DST gaps of the supported zones;
    # should one do so, fold=0 reads it with the pre-transition offset, which is harmless here.
    return _epoch(datetime.combine(day, wall, tzinfo=tz))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _subtract(spans: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for s, e in spans:
        cursor = s
        for a, b in holes:
            if b <= cursor or a >= e:
                continue
            if a > cursor:
                result.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < e:
            result.append((cursor, e))
    return result


def _require_aware(instant: datetime) -> None:
    if instant.tzinfo is None:
        raise ValueError("expected a timezone-aware datetime")


def _epoch(instant: datetime) -> int:
    _require_aware(instant)
    return int(instant.timestamp())


def _from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
