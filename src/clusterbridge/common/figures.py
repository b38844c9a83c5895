"""Figures kept in the cache until the data changes: programmes' aggregates, a person's home.

The managers' home page checks the health of every pair of each programme it shows and counts
its participants and sessions: about 100 ms with 1,000 pairs on each visit; a mentee's home
page runs twenty queries for their pair, charts, checklist and next step
(benchmarks/profile_pages.py). Those figures change only when somebody changes something, so
they are kept for FIGURES_SECONDS at most and all forgotten at once (a new generation) as soon
as a row of the application's data is saved or deleted, a write request succeeds or a
background task ends (``common.apps``, ``ForgetFiguresMiddleware``). A bulk update made
outside those (a shell) shows within FIGURES_SECONDS; so does the passing of time, which some
figures read (a pair with no session for a month).

Who may see what is decided by the callers before they ask: programme figures are keyed by
programme, a person's own by their user id. Several processes see each other's changes only
through a shared cache (CACHE_URL=redis://, which docs/deployment.md requires for several app
processes anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone

FIGURES_SECONDS = 300
_GENERATION = "figures:generation"

T = TypeVar("T")


def by_id(
    name: str, programme_ids: Iterable[int], compute: Callable[[Sequence[int]], dict[int, T]]
) -> dict[int, T]:
    """``compute(ids)`` for the ids (of programmes, users…) whose ``name`` figures are not kept.

    ``compute`` must return an entry for every id it is given: one it leaves out would be
    computed again on each visit.
    """
    ids = list(dict.fromkeys(programme_ids))
    if not ids:
        return {}
    generation = cache.get_or_set(_GENERATION, 1, timeout=None)
    keys = {pk: f"figures:{generation}:{name}:{pk}" for pk in ids}
    found = cache.get_many(list(keys.values()))
    figures = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in ids if pk not in figures]
    if missing:
        computed = compute(missing)
        fresh = {keys[pk]: computed[pk] for pk in missing if pk in computed}
        cache.set_many(fresh, FIGURES_SECONDS)
        figures.update(computed)
    return figures


def forget_figures() -> None:
    """Every kept figure is stale: something was written."""
    try:
        cache.incr(_GENERATION)
    except ValueError:  # the generation was evicted: any new value orphans the old keys
        cache.set(_GENERATION, int(timezone.now().timestamp()), timeout=None)
