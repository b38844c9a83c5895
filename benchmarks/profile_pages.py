"""Where a page's time goes: the load benchmark's mix, in process, under cProfile.

    python benchmarks/profile_pages.py [--quick] [--reuse] [--requests N] [--top N]

(``PYTHONPATH=src``.) Builds the load benchmark's data in ``cb_load`` as bench_load.py does
(``--reuse`` keeps a database built before), then sends each endpoint of the mix ``--requests``
times through Django's test client with the same middleware and settings as gunicorn would run,
and prints per endpoint the mean time and query count, then the functions with the most own
time over all requests. This is how the throughput work of issue 14 chose what to change.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import bench_load  # noqa: E402

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cb_load"


def _endpoints(config: dict[str, object]) -> list[tuple[str, str, str]]:
    """(name, role, path): the pages of locustfile.py, with the same random parameters."""
    slug = config["slug"]
    people: list[int] = config["people"]  # type: ignore[assignment]
    first, last = people
    rng = random.Random(14)
    person = f"/people/{rng.randint(first, last)}/"
    return [
        ("home (manager)", "manager", "/home/"),
        ("home (mentee)", "mentee", "/home/"),
        ("participants list page", "manager", f"/programmes/{slug}/participants/?page=7"),
        ("pairs list page", "manager", f"/programmes/{slug}/pairs/?page=7"),
        ("meetings list page", "manager", f"/programmes/{slug}/meetings/?page=70"),
        ("person page", "manager", person),
        ("directory search", "community", "/directory/?q=Karim"),
        ("my calendar", "mentor", "/calendar/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data")
    parser.add_argument("--reuse", action="store_true", help="keep the database of a former run")
    parser.add_argument("--requests", type=int, default=30, help="requests per endpoint")
    parser.add_argument("--top", type=int, default=40, help="functions to print")
    parser.add_argument("--queries", action="store_true", help="print each endpoint's queries")
    parser.add_argument(
        "--no-profile", action="store_true", help="time only: CPU figures without cProfile's cost"
    )
    parser.add_argument(
        "--explain", type=float, metavar="MS", help="with --queries: plans of queries this slow"
    )
    parser.add_argument("--only", default="", help="profile only endpoints whose name has this")
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        metavar="ROLE:PATH",
        help="profile this page too (role: manager, mentor, mentee, community or visitor)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        if not args.reuse:
            bench_load._recreate_database(DATABASE_URL)
        bench_load._django(DATABASE_URL, data_dir)
        config = _config(args.reuse, bench_load.QUICK if args.quick else bench_load.FULL)
        if not args.reuse:
            bench_load._analyse(DATABASE_URL)
        _profile(config, args, show_queries=args.queries)


def _config(reuse: bool, sizes: bench_load.Sizes) -> dict[str, object]:
    from clusterbridge.directory.models import Person
    from clusterbridge.programmes.models import Participation

    if not reuse:
        return bench_load._populate(sizes)
    people = Person.objects.filter(email__endswith="@load.example").order_by("pk")
    return {
        "slug": bench_load.SLUG,
        "people": [people.first().pk, people.last().pk],  # type: ignore[union-attr]
        "participations": Participation.objects.filter(programme__slug=bench_load.SLUG).count(),
    }


def _profile(config: dict[str, object], args: argparse.Namespace, *, show_queries: bool) -> None:
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client

    from clusterbridge.accounts.models import User

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    clients: dict[str, Client] = {"visitor": Client()}
    for role in ("manager", "mentor", "mentee", "community"):
        clients[role] = Client()
        clients[role].force_login(User.objects.get(email=f"{role}@load.example"))
    profiler = cProfile.Profile()
    print(f"{'endpoint':<26} {'mean ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8}")
    extra = [(path, *path.split(":", 1)) for path in args.path]
    for name, role, path in _endpoints(config) + extra:
        if args.only not in name:
            continue
        client = clients[role]
        client.get(path)  # warm the caches as a running worker has them
        times = []
        cpu_started = time.process_time()
        connection.force_debug_cursor = True
        for _ in range(args.requests):
            reset_queries()
            started = time.perf_counter()
            if not args.no_profile:
                profiler.enable()
            response = client.get(path)
            profiler.disable()
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        cpu = (time.process_time() - cpu_started) * 1000 / args.requests
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        if show_queries:
            for query in connection.queries:
                sql = query["sql"]
                # The selected columns fill the first hundreds of characters: show the FROM.
                tail = sql[sql.find(" FROM ") :][:400]
                print(f"    {float(query['time']) * 1000:6.1f} ms  {tail}")
                if args.explain is not None and float(query["time"]) * 1000 >= args.explain:
                    _explain(sql)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        mean = statistics.mean(times)
        print(f"{name:<26} {mean:8.1f} {p95:8.1f} {cpu:8.1f} {queries:8d}")
    if args.no_profile:
        return
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())


def _explain(sql: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}")
        print(sql)
        for (line,) in cursor.fetchall():
            print(f"        {line}")


if __name__ == "__main__":
    main()
