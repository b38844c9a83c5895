"""Benchmark the common-slot finder and the draft plan on cohorts across eight countries.

    python benchmarks/bench_slot_finder.py [--repeat N]

Cohorts of 26 and 300 people spread over EG, JO, PS, MA, TN, FR, IT, ES, each with one
random week-long absence; a 60-minute meeting on a 30-minute grid over six weeks. Also
times a six-month draft plan for the 26-person cohort (13 pairs).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from clusterbridge.meetings.plan import Pair, draft_plan
from clusterbridge.meetings.slot_finder import find_common_slots
from clusterbridge.meetings.working_time import PersonAvailability, calendar_for_country

COUNTRIES = ("EG", "JO", "PS", "MA", "TN", "FR", "IT", "ES")
START = datetime(2025, 9, 1, tzinfo=UTC)
HORIZON = timedelta(weeks=6)


def make_cohort(size: int, *, seed: int) -> list[PersonAvailability]:
    rng = random.Random(seed)
    calendars = {c: calendar_for_country(c, years=[2025, 2026]) for c in COUNTRIES}
    people = []
    for i in range(size):
        away_from = START + timedelta(days=rng.randrange(60))
        people.append(
            PersonAvailability(
                person_id=i,
                calendar=calendars[COUNTRIES[i % len(COUNTRIES)]],
                absences=((away_from, away_from + timedelta(days=7)),),
            )
        )
    return people


def _best_of(repeat: int, run: Callable[[], None]) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for size in (26, 300):
        cohort = make_cohort(size, seed=size)
        history = {p.person_id: float(p.person_id % 5) for p in cohort}

        def search(
            cohort: list[PersonAvailability] = cohort, history: dict[int | str, float] = history
        ) -> None:
            find_common_slots(
                cohort,
                start_utc=START,
                end_utc=START + HORIZON,
                duration_minutes=60,
                history=history,
            )

        seconds = _best_of(args.repeat, search)
        best = find_common_slots(
            cohort, start_utc=START, end_utc=START + HORIZON, duration_minutes=60, limit=1
        ).slots[0]
        print(
            f"slot finder, {size:>3} people, 6 weeks: {1000 * seconds:7.1f} ms "
            f"(best slot: {best.inside_count}/{size} inside hours)"
        )

    cohort = make_cohort(26, seed=26)
    pairs = [Pair(2 * i, 2 * i + 1) for i in range(13)]

    def plan() -> None:
        draft_plan(start=date(2025, 9, 1), end=date(2026, 2, 28), people=cohort, pairs=pairs)

    seconds = _best_of(1, plan)
    print(f"draft plan, 26 people, 13 pairs, 6 months: {seconds:.2f} s")


if __name__ == "__main__":
    main()
