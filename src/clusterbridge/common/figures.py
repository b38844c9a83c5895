"""Aggregate figures about whole programmes, kept a few minutes in the cache.

The managers' home page checks the health of every pair of each programme it shows and counts
its participants and sessions: about 100 ms with 1,000 pairs on each visit
(benchmarks/profile_pages.py). Those figures are the same for every manager of a programme and
change only when somebody changes something, so they are kept for FIGURES_SECONDS and all
forgotten as soon as a write request or a background job succeeds
(``ForgetFiguresMiddleware``, ``jobs.runner``). A change made some other way (a shell, a
command run by hand) shows within FIGURES_SECONDS. Who may see a programme's figures is
decided by the callers before they ask: the cache is keyed by programme only.

Several processes see each other's changes only through a shared cache (CACHE_URL=redis://,
which docs/deployment.md requires for several app processes anyway).
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
    """``compute(ids)`` for the programmes whose ``name`` figures are not in the cache.

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
    """Every programme's figures are stale: something was written."""
    try:
        cache.incr(_GENERATION)
    except ValueError:  # the generation was evicted: any new value orphans the old keys
        cache.set(_GENERATION, int(timezone.now().timestamp()), timeout=None)
