"""A small RFC 5545 reader written for the tests, independent of icalendar and of dateutil.

It unfolds lines, builds the component tree and resolves a DTSTART with a TZID through the
VTIMEZONE in the same file (DTSTART + RDATE observances, as icalendar writes them), so the
tests check that the file alone tells a calendar client the right instant. (vobject reads the
structure well, but its dateutil-based VTIMEZONE evaluation misreads Casablanca's negative
summer time, so it is not used for instants.)

Every reader here first hands the text to the two parsers that calendar clients are built on,
icalendar (7, strict about value types) and vobject, and fails when either refuses it: each
.ics the tests read is then known to open in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import icalendar
import vobject


@dataclass
class Component:
    name: str
    properties: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def get(self, name: str) -> str:
        [value] = self.values(name)
        return value

    def values(self, name: str) -> list[str]:
        return [value for key, _params, value in self.properties if key == name]

    def params(self, name: str) -> dict[str, str]:
        return next(params for key, params, _value in self.properties if key == name)

    def all(self, name: str) -> list[Component]:
        return [child for child in self.children if child.name == name]


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw.startswith((" ", "\t")) and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def _property(line: str) -> tuple[str, dict[str, str], str]:
    head, value = line.split(":", 1)
    name, *raw_params = head.split(";")
    params = dict(param.split("=", 1) for param in raw_params)
    return name.upper(), params, value


def accepted_by_every_parser(text: str) -> None:
    """Fail unless icalendar decodes every property of every component and vobject reads it."""
    calendar = icalendar.Calendar.from_ical(text)
    for component in calendar.walk():
        assert not component.errors, f"{component.name}: {component.errors}"
        for name in component:
            component.decoded(name)
    vobject.readOne(text)


def read_vobject(text: str) -> vobject.base.Component:
    """vobject's reading of an iCalendar text that every parser accepts."""
    accepted_by_every_parser(text)
    return vobject.readOne(text)


def read(text: str) -> Component:
    """The VCALENDAR of an iCalendar text that every parser accepts; fails loudly on unbalanced
    BEGIN/END."""
    accepted_by_every_parser(text)
    stack: list[Component] = []
    root: Component | None = None
    for line in _unfold(text):
        name, params, value = _property(line)
        if name == "BEGIN":
            component = Component(value.upper())
            if stack:
                stack[-1].children.append(component)
            stack.append(component)
        elif name == "END":
            done = stack.pop()
            assert done.name == value.upper(), f"END:{value} closes {done.name}"
            if not stack:
                root = done
        else:
            stack[-1].properties.append((name, params, value))
    assert root is not None
    assert not stack
    return root


def _offset(text: str) -> timedelta:
    sign = -1 if text[0] == "-" else 1
    return sign * timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))


def _local(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%S")


def _transitions(zone: Component) -> list[tuple[datetime, timedelta]]:
    """(UTC instant, offset from then on), sorted."""
    result = []
    for observance in zone.children:
        before = _offset(observance.get("TZOFFSETFROM"))
        after = _offset(observance.get("TZOFFSETTO"))
        onsets = [observance.get("DTSTART")]
        for rdate in observance.values("RDATE"):
            onsets += rdate.split(",")
        result += [(_local(onset) - before, after) for onset in onsets]
    return sorted(result)


def _offset_at(transitions: list[tuple[datetime, timedelta]], instant: datetime) -> timedelta:
    current = transitions[0][1]
    for onset, offset in transitions:
        if onset > instant:
            break
        current = offset
    return current


def instant(calendar: Component, event: Component, name: str = "DTSTART") -> datetime:
    """The UTC instant of a DATE-TIME property, resolved through the file's VTIMEZONE."""
    value = event.get(name)
    if value.endswith("Z"):
        return _local(value[:-1]).replace(tzinfo=UTC)
    tzid = event.params(name)["TZID"]
    [zone] = [z for z in calendar.all("VTIMEZONE") if z.get("TZID") == tzid]
    transitions = _transitions(zone)
    wall = _local(value)
    for offset in sorted({offset for _onset, offset in transitions}):
        candidate = wall - offset
        if _offset_at(transitions, candidate) == offset:
            return candidate.replace(tzinfo=UTC)
    raise AssertionError(f"{value} does not exist in {tzid}")


def wall_time(calendar: Component, event: Component, name: str = "DTSTART") -> datetime:
    """The naive wall time written in the file (what the client shows in that TZID)."""
    return _local(event.get(name).rstrip("Z"))
