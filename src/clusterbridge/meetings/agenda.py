"""Events other apps add to a person's calendar feed (e.g. their mission meetings).

The apps above `meetings` register a source from their AppConfig.ready(), so the feed and the
`calendar` command include their events without `meetings` importing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from icalendar import Event

from clusterbridge.directory.models import Person

AgendaSource = Callable[[Person], Iterable[Event]]

_sources: list[AgendaSource] = []


def register_agenda_source(source: AgendaSource) -> None:
    if source not in _sources:
        _sources.append(source)


def other_events_of(person: Person) -> Iterator[Event]:
    """Every registered app's events for the person, in the order the apps were registered."""
    for source in _sources:
        yield from source(person)
