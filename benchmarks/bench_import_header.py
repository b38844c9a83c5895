"""Wide headers on the people import: refused fast, read linearly (prints figures).

    python benchmarks/bench_import_header.py [--runs N]

Times `directory.tabular.read_table` (what the import page runs once, at upload) on:
a 100,000-column header (refused by the line-length cap), 14,000 short columns that fit in
one line under the cap (refused by the column cap, after the csv module parsed the line),
and 1,000 columns, the cap itself, with 200 rows (read). For scale, the duplicate-column
check the reader used before (`headers.count(name)` for every name, quadratic) is timed on
the 14,000 names, next to the `Counter` that replaced it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path


def _median_ms(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _refused(content: bytes, reason: str) -> Callable[[], object]:
    from clusterbridge.directory.tabular import UnreadableFile, read_table

    def action() -> None:
        try:
            read_table(content)
        except UnreadableFile as error:
            if reason in str(error):
                return
        raise SystemExit(f"the file was not refused for: {reason}")

    return action


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ["CLUSTERBRIDGE_DATA_DIR"] = tempfile.mkdtemp()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbridge.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from clusterbridge.directory.tabular import MAX_COLUMNS, header_key, read_table

    huge = ",".join(f"column{number}" for number in range(100_000)).encode() + b"\n"
    names = [f"c{number}" for number in range(14_000)]
    wide = (",".join(names) + "\n").encode()
    at_cap = [",".join(f"c{number}" for number in range(MAX_COLUMNS))]
    at_cap += [",".join(["x"] * MAX_COLUMNS)] * 200
    keys = [header_key(name) for name in names]
    rows = [
        ("100,000 columns (590 KB line): refused, line too long", _refused(huge, "is longer than")),
        (
            "14,000 columns (95 KB line): refused, too many columns",
            _refused(wide, "columns, more than"),
        ),
        (
            f"{MAX_COLUMNS:,} columns x 200 rows: read",
            lambda: read_table("\n".join(at_cap).encode()),
        ),
        (
            "duplicate check before, 14,000 names (`list.count`)",
            lambda: {n for n in keys if keys.count(n) > 1},
        ),
        ("duplicate check now, 14,000 names (`Counter`)", lambda: Counter(keys)),
    ]
    print(f"Median of {args.runs} runs\n\n| file | median |\n| --- | --- |")
    for label, action in rows:
        print(f"| {label} | {_median_ms(action, args.runs):.1f} ms |")


if __name__ == "__main__":
    main()
