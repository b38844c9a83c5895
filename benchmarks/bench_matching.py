"""Benchmark of the matching engine against its peers (not a test: prints figures).

    python benchmarks/bench_matching.py [--quick] [--matching-at-2000] [--output FILE]

Sections (``--quick`` shrinks every size so the whole run stays under a minute, for CI):

* pipeline: random cohort -> ``score_cohort`` -> ``solve`` (optimal) -> ``explain_pairs``
  (per-criterion contributions; regrets only where the exhaustive analysis applies), at
  n = 100, 1000, 2000, 5000 mentees x as many mentors, against the bare
  ``scipy.optimize.linear_sum_assignment`` call on the precomputed cost matrix;
* memory: the same pipeline in a fresh subprocess, peak traced by ``tracemalloc`` and peak
  RSS growth, both compared with the dense float64 score matrix;
* capacitated: 5000 mentees x 1500 mentors with capacities 1-4, against scipy on the
  capacity-expanded matrix and OR-Tools' min-cost flow (``pip install ortools``);
* stable: mentee-proposing deferred acceptance at n = 2000 against the ``matching`` package
  (``pip install matching``), which is measured at smaller n and extrapolated unless
  ``--matching-at-2000`` is given (about 150 s or more);
* demo: the 13 x 13 demo-sized cohort, in process, profiles to explained proposal.

Results are printed as Markdown and saved as JSON (default ``benchmarks/out/matching.json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from clusterbridge.matching.explain import explain_pairs
from clusterbridge.matching.scoring import Cohort, Participants, hour_mask, score_cohort
from clusterbridge.matching.solver import lexicographic_weight, make_problem, solve

HERE = Path(__file__).resolve().parent
MENTEE_COUNTRIES = {"EG": 2, "JO": 3, "MA": 1, "PS": 2, "TN": 1}  # UTC offsets (winter)
MENTOR_COUNTRIES = {"FR": 1, "IT": 1, "ES": 1, "PS": 2}
FRI_SAT_WEEKEND = {"EG", "JO", "PS"}
LANGUAGES = ("ar", "fr", "en", "es", "it")


# ------------------------------------------------------------------------------ cohorts


def working_week(country: str, offset: int) -> np.ndarray:
    """9:00-17:00 local on the country's working days, as UTC hours of the week."""
    days = (6, 0, 1, 2, 3) if country in FRI_SAT_WEEKEND else (0, 1, 2, 3, 4)
    return hour_mask((day * 24 + hour - offset) % 168 for day in days for hour in range(9, 17))


def random_side(
    rng: np.random.Generator, n: int, *, other: int, countries: dict[str, int], region: str
) -> Participants:
    codes = rng.choice(list(countries), n)
    languages = np.zeros((n, len(LANGUAGES)), dtype=np.int8)
    languages[:, 2] = rng.integers(2, 7, n)  # English, at varying levels
    languages[:, 0] = np.where(np.isin(codes, ["EG", "JO", "MA", "PS", "TN"]), 6, 0)
    languages[:, 1] = np.where(np.isin(codes, ["MA", "TN", "FR"]), 6, rng.integers(0, 4, n))
    languages[:, 3] = np.where(codes == "ES", 6, 0)
    languages[:, 4] = np.where(codes == "IT", 6, 0)
    wishes = rng.integers(0, other, (n, 3)) if other else np.zeros((n, 0), dtype=int)
    return Participants(
        ids=[f"{region}-{k}" for k in range(n)],
        competences=rng.integers(0, 6, (n, 6)),
        sectors=rng.random((n, 10)) < 0.25,
        languages=languages,
        hours=np.array([working_week(c, countries[c]) for c in codes]),
        countries=codes,
        regions=np.where(codes == "PS", "south_med", region),
        organisations=rng.integers(0, max(1, n // 3), n),
        organisation_kinds=rng.integers(0, 4, n),
        wishes=[list(dict.fromkeys(row.tolist())) for row in wishes],
        vetoes=[[int(rng.integers(0, other))] if rng.random() < 0.05 else [] for _ in range(n)],
    )


def random_cohort(n: int, m: int, seed: int = 0) -> Cohort:
    rng = np.random.default_rng(seed)
    return Cohort(
        mentees=random_side(rng, n, other=m, countries=MENTEE_COUNTRIES, region="south_med"),
        mentors=random_side(rng, m, other=n, countries=MENTOR_COUNTRIES, region="eu"),
    )


# ------------------------------------------------------------------------------ helpers


def best_of(repeats: int, run: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def pipeline(cohort: Cohort) -> dict[str, float]:
    """Profiles to explained proposal; returns the time of each stage."""
    start = time.perf_counter()
    scores = score_cohort(cohort)
    scored = time.perf_counter()
    result = solve(scores.total, feasible=scores.feasible, reasons=scores.reasons)
    solved = time.perf_counter()
    explain_pairs(result, cohort_scores=scores)
    explained = time.perf_counter()
    return {
        "score_s": scored - start,
        "solve_s": solved - scored,
        "explain_s": explained - solved,
        "total_s": explained - start,
        "matched": result.matched_mentees,
    }


def lsa_peer(cohort: Cohort) -> float:
    """The bare scipy call on the same lexicographic cost matrix, built beforehand."""
    scores = score_cohort(cohort)
    problem = make_problem(scores.total, feasible=scores.feasible)
    cost = np.negative(scores.total)
    cost[~scores.feasible] = lexicographic_weight(problem)
    del scores, problem
    start = time.perf_counter()
    linear_sum_assignment(cost)
    return time.perf_counter() - start


def machine() -> dict[str, str]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def run_child(*args: str, timeout: float = 3600) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


# ------------------------------------------------------------------------------ children


def child_memory(n: int) -> dict[str, Any]:
    """Peak memory of the pipeline: tracemalloc (numpy buffers included) and the growth of
    the process's RSS high-water mark (``VmHWM``: unlike ``ru_maxrss`` it starts afresh at
    ``exec``, so the parent's size does not leak in)."""
    cohort = random_cohort(n, n)
    rss_before = _status_bytes("VmRSS")
    tracemalloc.start()
    pipeline(cohort)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "traced_peak": peak,
        "rss_growth": _status_bytes("VmHWM") - rss_before,
        "matrix": n * n * 8,
    }


def _status_bytes(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def child_matching_package(n: int) -> dict[str, Any]:
    """The ``matching`` package on score-implied preferences (it recurses deeply when it
    copies its players, hence the big thread stack)."""
    import threading

    out: dict[str, Any] = {}

    def work() -> None:
        from matching.games import StableMarriage

        scores = np.random.default_rng(1).random((n, n))
        suitors = {i: np.argsort(-scores[i], kind="stable").tolist() for i in range(n)}
        reviewers = {j: np.argsort(-scores[:, j], kind="stable").tolist() for j in range(n)}
        start = time.perf_counter()
        game = StableMarriage.create_from_dictionaries(suitors, reviewers)
        found = game.solve(optimal="suitor")
        out["seconds"] = time.perf_counter() - start
        pairs = sorted((s.name, r.name) for s, r in found.items())
        ours = solve(scores, mode="stable", compare_with_optimal=False).pairs.tolist()
        out["same_matching"] = pairs == [tuple(p) for p in ours]

    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    return out


def child_ortools(n: int, m: int) -> dict[str, Any]:
    from ortools.graph.python import min_cost_flow

    scores, capacities = capacitated_instance(n, m)
    start = time.perf_counter()
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + m, n + m + 1
    mentees = np.repeat(np.arange(n), m)
    mentors = n + np.tile(np.arange(m), n)
    big = 10**10  # one more matched mentee beats any total of scaled scores
    tails = np.concatenate([np.full(n, source), mentees, n + np.arange(m), [source]])
    heads = np.concatenate([np.arange(n), mentors, np.full(m, sink), [sink]])
    caps = np.concatenate([np.ones(n), np.ones(n * m), capacities, [n]]).astype(np.int64)
    costs = np.concatenate(
        [np.zeros(n), -(big + np.round(scores.ravel() * 1e6)), np.zeros(m), [0]]
    ).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    status = flow.solve()
    return {"seconds": time.perf_counter() - start, "optimal": status == flow.OPTIMAL}


# ------------------------------------------------------------------------------ sections


def capacitated_instance(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return rng.random((n, m)), rng.integers(1, 5, m)


def section_pipeline(sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        cohort = random_cohort(n, n)
        repeats = 3 if n <= 1000 else 1
        stages = [pipeline(cohort) for _ in range(repeats)]
        best = min(stages, key=lambda s: s["total_s"])
        peer = min(lsa_peer(cohort) for _ in range(repeats))
        rows.append({"n": n, **best, "lsa_s": peer, "ratio": best["total_s"] / peer})
        print(f"  pipeline n={n}: {best['total_s']:.3f} s vs LSA {peer:.3f} s", file=sys.stderr)
    return rows


def section_capacitated(n: int, m: int, *, ortools: bool) -> dict[str, Any]:
    scores, capacities = capacitated_instance(n, m)
    ours = best_of(2, lambda: solve(scores, capacities=capacities))

    def scipy_expanded() -> None:
        linear_sum_assignment(np.repeat(scores, capacities, axis=1), maximize=True)

    peer = best_of(2, scipy_expanded)
    row: dict[str, Any] = {"n": n, "m": m, "ours_s": ours, "scipy_expanded_s": peer}
    if ortools:
        row["ortools_s"] = run_child("--child-ortools", str(n), str(m))["seconds"]
    best_peer = min(v for k, v in row.items() if k.endswith("_s") and k != "ours_s")
    row["ratio_to_best_peer"] = ours / best_peer
    return row


def section_stable(n: int, peer_sizes: list[int], *, at_n: bool) -> dict[str, Any]:
    scores = np.random.default_rng(1).random((n, n))
    ours = best_of(3, lambda: solve(scores, mode="stable", compare_with_optimal=False))
    peer = {k: run_child("--child-matching", str(k)) for k in peer_sizes}
    row: dict[str, Any] = {"n": n, "ours_s": ours, "matching_measured": peer}
    if at_n:
        row["matching_at_n_s"] = run_child("--child-matching", str(n))["seconds"]
        row["matching_at_n_how"] = "measured"
    else:
        (a, ta), (b, tb) = [(k, peer[k]["seconds"]) for k in peer_sizes[-2:]]
        exponent = np.log(tb / ta) / np.log(b / a)
        row["matching_at_n_s"] = tb * (n / b) ** exponent
        row["matching_at_n_how"] = f"extrapolated from n={a},{b} (exponent {exponent:.2f})"
    row["speedup"] = row["matching_at_n_s"] / ours
    return row


def section_demo() -> dict[str, Any]:
    cohort = random_cohort(13, 13, seed=3)
    pipeline(cohort)  # warm-up: imports and first-call costs are not the steady state
    times = [pipeline(cohort)["total_s"] for _ in range(21)]
    return {"n": 13, "median_s": statistics.median(times), "max_s": max(times)}


def report(results: dict[str, Any]) -> str:
    lines = [
        f"Machine: {results['machine']}",
        "",
        "| n | score | solve | explain | total | bare LSA | total / LSA |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in results["pipeline"]:
        lines.append(
            f"| {row['n']} | {row['score_s']:.3f} | {row['solve_s']:.3f} | "
            f"{row['explain_s']:.3f} | {row['total_s']:.3f} | {row['lsa_s']:.3f} | "
            f"{row['ratio']:.2f} |"
        )
    memory = results["memory"]
    lines += [
        "",
        f"Memory at n={memory['n']}: traced peak {memory['traced_peak'] / 2**20:.0f} MiB, RSS "
        f"growth {memory['rss_growth'] / 2**20:.0f} MiB, score matrix "
        f"{memory['matrix'] / 2**20:.0f} MiB (ratio {memory['traced_peak'] / memory['matrix']:.2f}"
        f" / {memory['rss_growth'] / memory['matrix']:.2f})",
        "",
        f"Capacitated: {json.dumps(results['capacitated'])}",
        f"Stable: {json.dumps(results['stable'])}",
        f"Demo 13x13: {json.dumps(results['demo'])}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument("--matching-at-2000", action="store_true", help="measure the slow peer")
    parser.add_argument("--no-ortools", action="store_true", help="skip the OR-Tools peer")
    parser.add_argument("--output", type=Path, default=HERE / "out" / "matching.json")
    parser.add_argument("--child-memory", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-matching", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-ortools", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_memory:
        print(json.dumps(child_memory(args.child_memory)))
        return
    if args.child_matching:
        print(json.dumps(child_matching_package(args.child_matching)))
        return
    if args.child_ortools:
        print(json.dumps(child_ortools(*args.child_ortools)))
        return
    quick = args.quick
    sizes = [100, 1000] if quick else [100, 1000, 2000, 5000]
    memory_n = 1000 if quick else 5000
    results: dict[str, Any] = {"machine": machine(), "quick": quick}
    results["pipeline"] = section_pipeline(sizes)
    results["memory"] = {"n": memory_n, **run_child("--child-memory", str(memory_n))}
    results["capacitated"] = section_capacitated(
        1000 if quick else 5000, 300 if quick else 1500, ortools=not args.no_ortools
    )
    results["stable"] = section_stable(
        500 if quick else 2000,
        [100, 200] if quick else [200, 400, 800],
        at_n=args.matching_at_2000 and not quick,
    )
    results["demo"] = section_demo()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2))
    print(report(results))


if __name__ == "__main__":
    main()
