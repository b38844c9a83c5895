"""Small random and hand-made cohorts shared by the matching tests."""

from __future__ import annotations

import numpy as np

from clusterbridge.matching.scoring import Cohort, Participants

LANGUAGES = ("ar", "fr", "en", "es", "it")


def random_side(rng: np.random.Generator, n: int, *, other: int, south_med: bool) -> Participants:
    countries = ["EG", "JO", "MA", "PS", "TN"] if south_med else ["FR", "IT", "ES", "PS"]
    chosen = rng.choice(countries, n)
    return Participants(
        ids=[f"{'e' if south_med else 'r'}{k}" for k in range(n)],
        competences=rng.integers(0, 6, (n, 6)),
        sectors=rng.random((n, 8)) < 0.3,
        languages=rng.integers(0, 7, (n, len(LANGUAGES))),
        hours=rng.random((n, 168)) < 0.3,
        countries=chosen,
        regions=np.where(chosen == "PS", "south_med", "south_med" if south_med else "eu"),
        organisations=rng.integers(0, max(2, n // 2), n),
        organisation_kinds=rng.integers(0, 3, n),
        wishes=[list(rng.choice(other, min(3, other), replace=False)) for _ in range(n)],
        vetoes=[list(rng.choice(other, min(1, other), replace=False)) for _ in range(n)],
    )


def random_cohort(seed: int, n: int, m: int) -> Cohort:
    rng = np.random.default_rng(seed)
    return Cohort(
        mentees=random_side(rng, n, other=m, south_med=True),
        mentors=random_side(rng, m, other=n, south_med=False),
    )
