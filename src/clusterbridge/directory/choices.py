"""Drop-down lists of the reference tables (countries, sectors, competence areas).

Django's ModelChoiceField loads and names every row each time a form is shown: with the 249
countries that was about 10 ms of CPU on every directory search and programme list
(benchmarks/profile_pages.py). These tables change only when a site administrator edits them,
so their choices are kept in the cache for each language and query, dropped when a row of them
is saved or deleted (and after REFERENCE_SECONDS in any case, for the per-process cache).

They are also sorted by their name in the reader's language ("Égypte" among the E's in French,
Arabic names in Arabic order) rather than by the English name the table is ordered by.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from typing import Any

import django_filters
from django import forms
from django.core.cache import cache
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import get_language

REFERENCE_SECONDS = 600
_VERSION = "directory:reference-choices:version"


def sort_key(label: str) -> str:
    """Letters without their accents, case folded: a collation good enough for names."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


class _CachedChoices(ModelChoiceIterator):
    field: ReferenceChoiceField | ReferenceMultipleChoiceField

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self._rows()

    def __len__(self) -> int:
        return len(self._rows()) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self._rows())

    def _rows(self) -> list[tuple[str, str]]:
        key = self._key()
        rows: list[tuple[str, str]] | None = cache.get(key)
        if rows is None:
            rows = [
                (str(self.field.prepare_value(row)), str(self.field.label_from_instance(row)))
                for row in self.queryset
            ]
            if self.field.sort_by_label:
                rows.sort(key=lambda row: sort_key(row[1]))
            cache.set(key, rows, REFERENCE_SECONDS)
        return rows

    def _key(self) -> str:
        query = f"{self.field.to_field_name}|{self.queryset.query}"
        digest = hashlib.sha256(query.encode()).hexdigest()[:24]
        version = cache.get_or_set(_VERSION, 1, timeout=None)
        return f"directory:reference-choices:{version}:{get_language()}:{digest}"


class ReferenceChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over a reference table, its choices cached (see the module)."""

    iterator = _CachedChoices

    def __init__(self, *args: Any, sort_by_label: bool = True, **kwargs: Any) -> None:
        self.sort_by_label = sort_by_label
        super().__init__(*args, **kwargs)


class ReferenceMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = _CachedChoices

    def __init__(self, *args: Any, sort_by_label: bool = True, **kwargs: Any) -> None:
        self.sort_by_label = sort_by_label
        super().__init__(*args, **kwargs)


class ReferenceChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ReferenceChoiceField


def forget_reference_choices(**_kwargs: Any) -> None:
    """Every cached list is stale: a reference row was saved or deleted."""
    try:
        cache.incr(_VERSION)
    except ValueError:  # the version was evicted: any new value orphans the old keys
        cache.set(_VERSION, int(timezone.now().timestamp()), timeout=None)
