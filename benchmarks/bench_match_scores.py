"""`clusterbridge match_scores` against its peer, pandas + scipy, as whole processes.

    python benchmarks/bench_match_scores.py [--size N] [--runs N] [--quick]

Writes a seeded N x N scores file (default 2,000 x 2,000, six decimals so that no two
assignments tie, comma-separated),
then runs, alternately so that the machine's load falls on all of them alike:
A `clusterbridge match_scores FILE` (the entry point, which skips Django's setup for this
command), B `peer_match_scores.py FILE` (pandas.read_csv + scipy's linear_sum_assignment)
and C the same command through Django's own `django-admin` (full setup), the path every other
command takes. Each run is a fresh process timed from the outside (wall clock, CPU and peak
memory from `os.wait4`, like `/usr/bin/time -v`). All must print the same pairs.
Prints the medians and the ratio A / B.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def write_scores(path: Path, size: int) -> None:
    scores = np.random.default_rng(7).random((size, size))
    lines = ["mentee," + ",".join(f"M{j}" for j in range(size))]
    lines += [f"E{i}," + ",".join(f"{value:.6f}" for value in row) for i, row in enumerate(scores)]
    path.write_text("\n".join(lines) + "\n")


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak resident MiB, standard output."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise SystemExit(f"{command} failed: {process.stderr.read().decode()}")  # type: ignore[union-attr]
        out.seek(0)
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read().decode()


def pairs(output: str) -> set[tuple[str, str]]:
    return {(pair["mentee"], pair["mentor"]) for pair in json.loads(output)["pairs"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="500 x 500, 3 runs each")
    args = parser.parse_args()
    size, runs = (500, 3) if args.quick else (args.size, args.runs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scores.csv"
        write_scores(path, size)
        env = {**os.environ, "PYTHONPATH": str(SRC), "CLUSTERBRIDGE_DATA_DIR": folder}
        env["DJANGO_SETTINGS_MODULE"] = "clusterbridge.settings"
        env.pop("DATABASE_URL", None)
        commands = {
            "A `clusterbridge match_scores`": [sys.executable, "-m", "clusterbridge"],
            "B peer (pandas + scipy)": [sys.executable, str(HERE / "peer_match_scores.py")],
            "C `match_scores` through django-admin": [sys.executable, "-m", "django"],
        }
        arguments = {
            "A": ["match_scores", str(path)],
            "B": [str(path)],
            "C": ["match_scores", str(path)],
        }
        samples: dict[str, list[tuple[float, float, float]]] = {label: [] for label in commands}
        outputs: dict[str, str] = {}
        for _ in range(runs):
            for label, command in commands.items():
                wall, cpu, memory, output = run(command + arguments[label[0]], env)
                samples[label].append((wall, cpu, memory))
                outputs[label] = output
        same = len({frozenset(pairs(output)) for output in outputs.values()}) == 1
        print(
            f"{size} x {size} scores ({path.stat().st_size / 2**20:.1f} MiB), {runs} runs each, "
            f"alternating; same pairs from all: {same}\n"
        )
        print("| program | median wall | median CPU | peak memory |\n| --- | --- | --- | --- |")
        medians = {}
        for label, rows in samples.items():
            medians[label[0]] = statistics.median(row[0] for row in rows)
            cpu = statistics.median(row[1] for row in rows)
            memory = max(row[2] for row in rows)
            print(f"| {label} | {medians[label[0]]:.2f} s | {cpu:.2f} s | {memory:.0f} MiB |")
        print(f"\nratio A / B (wall): {medians['A'] / medians['B']:.2f}")
        print(f"ratio C / B (wall): {medians['C'] / medians['B']:.2f}")
        if not same:
            raise SystemExit("the programs disagree on the pairs")


if __name__ == "__main__":
    main()
