"""Benchmark the mission scheduler against its proven bound and the greedy baseline.

    python benchmarks/bench_mission_scheduler.py [--quick] [--seed N] [--time-limit S]

Instance: participants ask each other for meetings with Zipf-like popularity (the person
asked is drawn with weight 1/rank, the asker uniformly), so popular people receive far more
accepted requests than they have slots; everyone is absent from 0-4 random slots.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from datetime import date

from clusterbridge.meetings.mission_scheduler import (
    MeetingRequest,
    MissionProblem,
    MissionSchedule,
    PersonId,
    schedule_mission,
    schedule_mission_greedy,
)

FULL = {"participants": 3000, "requests": 20_000, "slots": 16, "tables": 1500}
QUICK = {"participants": 600, "requests": 4000, "slots": 16, "tables": 300}


def make_problem(
    *, participants: int, requests: int, slots: int, tables: int, seed: int, zipf: float
) -> MissionProblem:
    rng = random.Random(seed)
    people = list(range(participants))
    popularity = [(rank + 1) ** -zipf for rank in range(participants)]
    rng.shuffle(popularity)
    pairs: set[tuple[int, int]] = set()
    accepted: list[MeetingRequest] = []
    while len(accepted) < requests:
        asker = rng.randrange(participants)
        (asked,) = rng.choices(people, weights=popularity)
        pair = (min(asker, asked), max(asker, asked))
        if asker == asked or pair in pairs:
            continue
        pairs.add(pair)
        accepted.append(MeetingRequest(asker, asked, priority=rng.randrange(3)))
    absent: dict[PersonId, set[int]] = {
        p: set(rng.sample(range(slots), rng.randint(0, 4))) for p in people
    }
    return MissionProblem(
        participants=people,
        requests=accepted,
        slot_count=slots,
        table_count=tables,
        absent_slots=absent,
    )


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _report(name: str, schedule: MissionSchedule, seconds: float) -> None:
    print(
        f"{name:<10} placed {schedule.placed_count:>6} "
        f"({100 * schedule.bound_ratio:6.2f}% of bound)  idle gaps {schedule.idle_gaps:>6}  "
        f"{seconds:6.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a five times smaller instance")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=50.0)
    parser.add_argument("--zipf", type=float, default=0.6, help="popularity exponent")
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    problem = make_problem(**size, seed=args.seed, zipf=args.zipf)
    print(f"machine: {os.cpu_count()} CPUs, {_cpu_model()}; {date.today().isoformat()}")
    print(
        "instance:",
        ", ".join(f"{k}={v}" for k, v in size.items()),
        f"seed={args.seed}",
        f"zipf={args.zipf}",
    )

    started = time.perf_counter()
    greedy = schedule_mission_greedy(problem)
    greedy_seconds = time.perf_counter() - started
    started = time.perf_counter()
    best = schedule_mission(problem, time_limit_seconds=args.time_limit, seed=args.seed)
    best_seconds = time.perf_counter() - started

    bound = best.bound
    print(
        f"bound {bound.value} ({bound.method}); per-person caps {bound.per_person_caps}, "
        f"b-matching LP {bound.b_matching_lp}, tables {bound.table_capacity}, "
        f"requests {bound.request_count}"
    )
    _report("greedy", greedy, greedy_seconds)
    _report("scheduler", best, best_seconds)


if __name__ == "__main__":
    main()
