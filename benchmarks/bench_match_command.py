"""Django-level timing of matching the demo cohort (not a test: prints figures).

    python benchmarks/bench_match_command.py [--quick] [--runs N]

Builds the demo programme in a throw-away SQLite database, puts it back into the matching
state without its pairs (inside a transaction that is rolled back), then times the layers a
manager's click goes through: reading the cohort from the database (``load_cohort``),
``run_matching`` (read, score, solve, explain, store the run) and the whole
``clusterbridge match SLUG --json`` command. The engine alone on the same cohort is in
``bench_matching.py`` ("demo"). Prints medians and maxima in milliseconds.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _setup(data_dir: str) -> None:
    os.environ["CLUSTERBRIDGE_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbridge.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django
    from django.conf import settings

    django.setup()
    # Demo logins need no key stretching to be timed here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _time(action: Callable[[], object], runs: int) -> tuple[float, float]:
    action()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5 runs instead of 21")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 21)
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        from django.core.management import call_command
        from django.db import transaction

        from clusterbridge.demo.programme import SLUG, build_demo
        from clusterbridge.matching import services
        from clusterbridge.matching.cohorts import load_cohort
        from clusterbridge.programmes.models import Programme

        build_demo()
        with transaction.atomic():
            programme = Programme.objects.get(slug=SLUG)
            programme.pairs.all().delete()
            programme.status = "matching"
            programme.save(update_fields=["status"])
            rows = [
                ("load_cohort (database → arrays)", lambda: load_cohort(programme)),
                (
                    "run_matching (read, score, solve, explain, store)",
                    lambda: services.run_matching(programme=programme, created_by=None),
                ),
                (
                    "`clusterbridge match SLUG --json` (in process)",
                    lambda: call_command("match", SLUG, "--json", stdout=io.StringIO()),
                ),
            ]
            print(f"Demo cohort (13 x 13), median of {runs} runs after a warm-up\n")
            print("| step | median | max |\n| --- | --- | --- |")
            for label, action in rows:
                median, worst = _time(action, runs)
                print(f"| {label} | {median:.1f} ms | {worst:.1f} ms |")
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
