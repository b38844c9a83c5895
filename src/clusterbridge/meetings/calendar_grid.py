"""The month and week grids of the calendar pages (plain Python, no Django).

A week starts on the day after the viewer's weekend: Sunday in Egypt, Jordan or Palestine
(Friday–Saturday weekend), Monday in the Maghreb and the EU (Saturday–Sunday), so the grid
reads as each viewer's own working week. Weekday numbers are Python's: Monday = 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Generic, Literal, TypeVar

Item = TypeVar("Item")
Scope = Literal["month", "week"]


@dataclass(frozen=True)
class WeekendGroup:
    """People who share a country's days off: its weekend (Egypt: ``(4, 5)``) and holidays."""

    label: str
    weekend_days: frozenset[int]
    holidays: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Day(Generic[Item]):
    day: date
    in_period: bool
    is_today: bool
    viewer_off: bool
    off_for: tuple[str, ...]
    holiday_for: tuple[str, ...] = ()
    items: tuple[Item, ...] = field(default=())


@dataclass(frozen=True)
class Period(Generic[Item]):
    scope: Scope
    anchor: date
    first: date
    last: date
    previous: date
    following: date
    weekdays: tuple[int, ...]
    weeks: tuple[tuple[Day[Item], ...], ...]

    @property
    def days(self) -> list[Day[Item]]:
        return [day for week in self.weeks for day in week]

    @property
    def busy_days(self) -> list[Day[Item]]:
        return [day for day in self.days if day.in_period and day.items]


def first_weekday(weekend_days: Iterable[int]) -> int:
    """The day after the weekend; Monday when the weekend is unknown or not two days in a row."""
    days = sorted(set(weekend_days))
    if not days:
        return 0
    if days == [0, 6]:
        return 1
    return (days[-1] + 1) % 7


def week_start(day: date, *, first: int) -> date:
    return day - timedelta(days=(day.weekday() - first) % 7)


def bounds(scope: Scope, anchor: date, *, first: int) -> tuple[date, date]:
    """First and last day shown for the period holding ``anchor`` (whole weeks for a month)."""
    if scope == "week":
        start = week_start(anchor, first=first)
        return start, start + timedelta(days=6)
    month_first = anchor.replace(day=1)
    month_last = _add_months(month_first, 1) - timedelta(days=1)
    start = week_start(month_first, first=first)
    end = week_start(month_last, first=first) + timedelta(days=6)
    return start, end


def build(
    scope: Scope,
    anchor: date,
    *,
    today: date,
    viewer_weekend: Iterable[int],
    groups: Sequence[WeekendGroup],
    items: Iterable[Item],
    day_of: Callable[[Item], date],
) -> Period[Item]:
    """The period holding ``anchor``, each day with its items (in the given order) and the
    groups whose weekend or public holiday it is."""
    viewer_off = frozenset(viewer_weekend)
    first = first_weekday(viewer_off)
    start, end = bounds(scope, anchor, first=first)
    by_day: dict[date, list[Item]] = defaultdict(list)
    for item in items:
        by_day[day_of(item)].append(item)
    days = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        days.append(
            Day(
                day=day,
                in_period=scope == "week" or day.month == anchor.month,
                is_today=day == today,
                viewer_off=day.weekday() in viewer_off,
                off_for=tuple(g.label for g in groups if day.weekday() in g.weekend_days),
                holiday_for=tuple(g.label for g in groups if day in g.holidays),
                items=tuple(by_day[day]),
            )
        )
    if scope == "week":
        previous, following = anchor - timedelta(days=7), anchor + timedelta(days=7)
    else:
        previous, following = _add_months(anchor, -1), _add_months(anchor, 1)
    return Period(
        scope=scope,
        anchor=anchor,
        first=start,
        last=end,
        previous=previous,
        following=following,
        weekdays=tuple((first + i) % 7 for i in range(7)),
        weeks=tuple(tuple(days[i : i + 7]) for i in range(0, len(days), 7)),
    )


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))
