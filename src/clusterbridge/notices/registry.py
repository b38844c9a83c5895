"""What other apps plug into notices: categories of notices and sections of the digest.

Apps register from their ``AppConfig.ready()``. A category is what a person chooses a delivery
for on the preferences page (at once, in the digest, never). A digest section is a callable
``(person, since, until) -> DigestSection | None``: what the person should read about the
period (None or no items when there is nothing), written in the active language and time zone,
which the digest sets to the reader's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from clusterbridge.directory.models import Person

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise


@dataclass(frozen=True)
class Category:
    key: str
    label: str | StrPromise
    default: str


@dataclass(frozen=True)
class DigestItem:
    text: str
    url: str = ""
    # Shown in the reader's zone before the text (meetings, deadlines).
    when: datetime | None = None


@dataclass(frozen=True)
class DigestSection:
    title: str
    items: list[DigestItem] = field(default_factory=list)


SectionBuilder = Callable[[Person, datetime, datetime], DigestSection | None]

_categories: dict[str, Category] = {}
_sections: dict[str, SectionBuilder] = {}


def register_category(key: str, label: str | StrPromise, *, default: str) -> None:
    _categories[key] = Category(key, label, default)


def categories() -> list[Category]:
    return list(_categories.values())


def category(key: str) -> Category | None:
    return _categories.get(key)


def register_digest_section(name: str, build: SectionBuilder) -> None:
    """Add a section to every digest, after those registered before it; registering a name
    again replaces its builder."""
    _sections[name] = build


def digest_sections(person: Person, since: datetime, until: datetime) -> list[DigestSection]:
    """The sections with something to say for this person and period, in registration order."""
    built = (build(person, since, until) for build in _sections.values())
    return [section for section in built if section is not None and section.items]
