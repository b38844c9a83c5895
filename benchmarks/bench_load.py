"""Load benchmark (issues 7, 14): 20 and 100 users on PostgreSQL against gunicorn, with locust.

    python benchmarks/bench_load.py [--quick] [--port N] [--no-write] [--reuse] [--peak-only]

(``PYTHONPATH=src`` unless the package is installed; locust from the ``bench`` extra.)

1. Drops and recreates the PostgreSQL database ``cb_load`` (``--database-url``), migrates it,
   builds the demo and bulk-creates 10,000 people in 500 organisations, one running programme
   with 1,000 confirmed pairs (2,000 accepted participations) and 20,000 bilateral sessions with
   two invitations each, plus four logins (the programme's manager, a mentor, a mentee and a
   community member) and an API token for the manager; then VACUUM ANALYZE, so the planner has
   the statistics a live database has. ``--quick``: a tenth of that.
2. Starts ``gunicorn -w 4`` on 127.0.0.1 with DEBUG off, static files through whitenoise and
   ``benchmarks/load_site.py`` as settings: the application plus a bare view at
   ``/bench/bare/``. CLUSTERBRIDGE_REQUIRE_MFA=false because the benchmark measures pages, not
   the second factor: with it on, the manager would have to type a TOTP code.
   ``clusterbridge worker`` runs beside it, polling the database queue as in production.
3. Runs locust headless four times against the same server: the application mix
   (``benchmarks/locustfile.py``) with 1–3 s of think time for 3 minutes (30 s with --quick)
   with 20 users, then with 100, for latency and errors; the same mix without think time and
   20 users for 1 minute (15 s) for the application's maximum throughput; the bare view
   without think time for 1 minute (15 s) for the machine's ceiling in requests per second.
   ``--reuse`` keeps the database of an earlier run (a new API token is made) and
   ``--peak-only`` runs the throughput phases only and prints them: for trying a change.
4. Prints per-endpoint figures from locust's CSV stats and writes them to the "Load (issues 7
   and 14)" section of docs/performance.md (unless --no-write). Stops gunicorn and the worker.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
BIN = Path(sys.executable).parent
PASSWORD = "load-bench-password-7"
SLUG = "load-bench"
SECTION = "## Load (issues 7 and 14)"


@dataclass(frozen=True)
class Sizes:
    people: int
    pairs: int
    meetings: int
    mix_seconds: int
    peak_seconds: int


FULL = Sizes(people=10_000, pairs=1_000, meetings=20_000, mix_seconds=180, peak_seconds=60)
QUICK = Sizes(people=1_000, pairs=100, meetings=2_000, mix_seconds=30, peak_seconds=15)
SIGN_IN = ("login", "login form")
ROLES = ("manager", "mentor", "mentee", "community")


def _recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _analyse(url: str) -> None:
    """Give the planner the statistics a live database has from autovacuum.

    Straight after a bulk load it has none, and guesses 3 rows where there are 1,000 pairs.
    """
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def _django(url: str, data_dir: str) -> None:
    os.environ.update(
        DATABASE_URL=url, CLUSTERBRIDGE_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="load_site"
    )
    sys.path[:0] = [str(ROOT / "src"), str(BENCH)]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("demo_data", verbosity=0)


def _login(email: str, person: object | None) -> object:
    from allauth.account.models import EmailAddress

    from clusterbridge.accounts.models import User

    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if person is not None:
        person.user = user  # type: ignore[attr-defined]
        person.save(update_fields=["user"])  # type: ignore[attr-defined]
    return user


def _populate(sizes: Sizes) -> dict[str, object]:
    """Bulk-create the load data; return what the locust users need (the LOAD_CONFIG file)."""
    from django.db import transaction
    from django.utils import timezone

    from clusterbridge.api.services import create_api_token
    from clusterbridge.directory import search
    from clusterbridge.directory.models import Country, Organisation, Person
    from clusterbridge.meetings.models import Invitation, Meeting
    from clusterbridge.programmes import services
    from clusterbridge.programmes.models import Pair, Participation, Programme

    rng = random.Random(7)
    codes = ["MA", "TN", "EG", "JO", "PS", "FR", "IT", "ES"]
    countries = list(Country.objects.filter(code__in=codes))
    now = timezone.now()
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(
                kind="cluster",
                name=f"Load cluster {index}",
                country=countries[index % len(countries)],
                search_text=search.search_text(f"Load cluster {index}"),
            )
            for index in range(sizes.people // 20)
        )
        first_names = ["Amal", "Sofia", "Karim", "Giulia", "Youssef", "Marta", "Leila", "Pierre"]
        people = []
        for index in range(sizes.people):
            organisation = organisations[index % len(organisations)]
            name = f"{first_names[index % len(first_names)]} Participant {index}"
            people.append(
                Person(
                    full_name=name,
                    email=f"load{index}@load.example",
                    organisation=organisation,
                    country=organisation.country,
                    time_zone=organisation.country.default_time_zone,
                    position="Cluster manager",
                    bio="Export programmes and EU projects.",
                    visibility="community",
                    directory_consent_at=now,
                    search_text=search.search_text(name, "", "Cluster manager"),
                )
            )
        people = Person.objects.bulk_create(people)
        programme = services.create_programme(
            name="Load benchmark programme",
            slug=SLUG,
            operator=organisations[0],
            starts_on=date(2026, 1, 1),
            ends_on=date(2027, 12, 31),
        )
        Programme.objects.filter(pk=programme.pk).update(status="running")
        mentors = Participation.objects.bulk_create(
            Participation(programme=programme, person=person, role="mentor", status="accepted")
            for person in people[: sizes.pairs]
        )
        mentees = Participation.objects.bulk_create(
            Participation(programme=programme, person=person, role="mentee", status="accepted")
            for person in people[sizes.pairs : 2 * sizes.pairs]
        )
        pairs = Pair.objects.bulk_create(
            Pair(programme=programme, mentor=mentor, mentee=mentee, status="confirmed")
            for mentor, mentee in zip(mentors, mentees, strict=True)
        )
        start = datetime(2026, 6, 1, 8, tzinfo=UTC)
        meetings = Meeting.objects.bulk_create(
            Meeting(
                programme=programme,
                kind="bilateral_session",
                title=f"Session {index}",
                starts_at=start + timedelta(hours=rng.randrange(0, 24 * 500)),
                duration_minutes=60,
                pair=pairs[index % len(pairs)],
            )
            for index in range(sizes.meetings)
        )
        invitations = []
        for index, meeting in enumerate(meetings):
            pair_index = index % len(pairs)
            invitations.append(Invitation(meeting=meeting, person=people[pair_index]))
            invitations.append(Invitation(meeting=meeting, person=people[sizes.pairs + pair_index]))
        Invitation.objects.bulk_create(invitations, batch_size=5000)
        manager = people[-1]
        Participation.objects.create(
            programme=programme, person=manager, role="manager", status="accepted"
        )
        manager_user = _login("manager@load.example", manager)
        _login("mentor@load.example", people[0])
        _login("mentee@load.example", people[sizes.pairs])
        _login("community@load.example", people[-2])
        _, token = create_api_token(user=manager_user, name="load benchmark")  # type: ignore[arg-type]
    return {
        "slug": SLUG,
        "password": PASSWORD,
        "token": token,
        "logins": {
            "manager": "manager@load.example",
            "mentor": "mentor@load.example",
            "mentee": "mentee@load.example",
            "community": "community@load.example",
        },
        "people": [people[0].pk, people[-1].pk],
        "participations": 2 * sizes.pairs + 1,
        "pairs": sizes.pairs,
        "meetings": sizes.meetings,
    }


def _reused_config(sizes: Sizes) -> dict[str, object]:
    """What _populate returned for the database it built, with a new API token."""
    from clusterbridge.accounts.models import User
    from clusterbridge.api.services import create_api_token
    from clusterbridge.directory.models import Person

    people = Person.objects.filter(email__endswith="@load.example").order_by("pk")
    manager = User.objects.get(email="manager@load.example")
    _, token = create_api_token(user=manager, name="load benchmark")
    return {
        "slug": SLUG,
        "password": PASSWORD,
        "token": token,
        "logins": {role: f"{role}@load.example" for role in ROLES},
        "people": [people.first().pk, people.last().pk],  # type: ignore[union-attr]
        "participations": 2 * sizes.pairs + 1,
        "pairs": sizes.pairs,
        "meetings": sizes.meetings,
    }


def _aggregate(rows: list[dict[str, str]]) -> dict[str, str]:
    return next(row for row in rows if row["Name"] == "Aggregated")


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(480):  # 240 s at most
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting; see its output above.")
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /health/ within 240 s.")


def _start_server(url: str, data_dir: str, port: int) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "CLUSTERBRIDGE_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "load_site",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(BENCH)]),
        "DEBUG": "false",
        # As docs/deployment.md recommends: workers keep their PostgreSQL connection, and
        # several gunicorn workers share one cache (sessions are read from it).
        "DATABASE_CONN_MAX_AGE": "60",
        "CACHE_URL": _cache_url(),
        "SECRET_KEY": "load-benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # The benchmark measures pages, not the second factor (the manager has no TOTP device).
        "CLUSTERBRIDGE_REQUIRE_MFA": "false",
        # As behind the proxy of docs/deployment.md: each simulated person's own address comes
        # in X-Forwarded-For, so the per-address sign-in limit counts people, not the machine.
        "TRUSTED_PROXY_COUNT": "1",
    }
    command = [str(BIN / "gunicorn"), "clusterbridge.wsgi", "-w", "4", "-b", f"127.0.0.1:{port}"]
    # A generous timeout: on a busy machine a worker's first imports can take over 30 s.
    command += ["--log-level", "warning", "--timeout", "120"]
    return subprocess.Popen(command, env=environment, start_new_session=True)


def _cache_url() -> str:
    """Redis database 5, emptied, as the server's shared cache; locmem when Redis is absent."""
    url = os.environ.get("LOAD_CACHE_URL", "redis://127.0.0.1:6379/5")
    try:
        import redis

        redis.Redis.from_url(url).flushdb()
    except Exception as error:  # any failure means no usable Redis here
        print(f"no Redis at {url} ({error}): each gunicorn worker keeps its own cache")
        return "locmem://"
    return url


def _start_worker(url: str, data_dir: str) -> subprocess.Popen[bytes]:
    """The job worker, polling the database queue beside the server as in production."""
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "CLUSTERBRIDGE_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "load_site",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(BENCH)]),
        "SECRET_KEY": "load-benchmark-only-" + "x" * 40,
    }
    command = [str(BIN / "clusterbridge"), "worker"]
    return subprocess.Popen(command, env=environment, start_new_session=True)


def _locust(
    base: str,
    classes: list[str],
    seconds: int,
    prefix: Path,
    config: Path,
    *,
    think: str,
    users: int = 20,
) -> list[dict[str, str]]:
    command = [str(BIN / "locust"), "-f", str(BENCH / "locustfile.py"), "--headless"]
    command += ["-u", str(users), "-r", "10", "-t", f"{seconds}s", "--host", base]
    command += ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", *classes]
    subprocess.run(
        command,
        env={
            **os.environ,
            "LOAD_CONFIG": str(config),
            "LOAD_SAMPLES": f"{prefix}_samples.json",
            "LOAD_THINK": think,
        },
        check=False,
        timeout=seconds + 120,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        return list(csv.DictReader(stats))


def _steady(prefix: Path) -> tuple[list[float], int, list[float]]:
    """Every page/API response time of the run (sign-in excluded), the failure count, and the
    response times of the pages answered once every user had signed in."""
    recorded = json.loads(Path(f"{prefix}_samples.json").read_text(encoding="utf-8"))
    kept = [(time_ms, ok, end) for name, time_ms, ok, end in recorded if name not in SIGN_IN]
    signed_in = max((end for name, _time, _ok, end in recorded if name in SIGN_IN), default=0.0)
    return (
        sorted(time_ms for time_ms, _ok, _end in kept),
        sum(1 for _time, ok, _end in kept if not ok),
        sorted(time_ms for time_ms, _ok, end in kept if end - time_ms / 1000 > signed_in),
    )


def _signed_in_rate(prefix: Path) -> float:
    """Pages and API calls per second once every user has signed in.

    Each of the 20 sign-ins hashes a password on purpose (about a second of CPU): counted in,
    they would take a tenth of the one-minute phase's machine from the pages it measures.
    """
    recorded: list[tuple[str, float, bool, float]] = json.loads(
        Path(f"{prefix}_samples.json").read_text(encoding="utf-8")
    )
    ends = [end for name, _time, _ok, end in recorded if name in SIGN_IN]
    pages = [end for name, _time, _ok, end in recorded if name not in SIGN_IN]
    start = max(ends) if ends else min(pages)
    after = [end for end in pages if end > start]
    return len(after) / (max(after) - start)


def _machine() -> str:
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1).strip() if found else model
    return f"{os.cpu_count()} CPUs (`nproc` = {os.cpu_count()}), {model}"


@dataclass(frozen=True)
class Latency:
    """One phase of the mix with think time: locust's table and every page/API sample."""

    users: int
    rows: list[dict[str, str]]
    samples: list[float]
    failures: int
    signed_in: list[float]

    @property
    def total(self) -> dict[str, str]:
        return next(row for row in self.rows if row["Name"] == "Aggregated")

    @property
    def p95(self) -> float:
        return self.samples[int(len(self.samples) * 0.95)]

    @property
    def signed_in_p95(self) -> float:
        return self.signed_in[int(len(self.signed_in) * 0.95)]


def _latency_lines(phase: Latency, seconds: int) -> list[str]:
    lines = [
        f"Mix with think time, {phase.users} users, {seconds} s:",
        "",
        "| endpoint | requests | failures | median (ms) | p95 (ms) | max (ms) | requests/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    pages = [row for row in phase.rows if row["Name"] != "Aggregated"]
    for row in [*pages, phase.total]:
        name = "**all**" if row is phase.total else row["Name"]
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['Median Response Time']} | {row['95%']} | "
            f"{float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.1f} |"
        )
    slowest = max(
        (row for row in pages if row["Name"] not in SIGN_IN), key=lambda row: float(row["95%"])
    )
    errors = int(phase.total["Failure Count"])
    lines += [
        "",
        f"Pages and API calls only (the one-off sign-in excluded: its password hashing is slow "
        f"on purpose), exact from every sample: {len(phase.samples)} requests, "
        f"{phase.failures} failures, median {phase.samples[len(phase.samples) // 2]:.0f} ms, "
        f"p95 {phase.p95:.0f} ms; slowest endpoint at p95: {slowest['Name']} "
        f"({slowest['95%']} ms). Requested once every user had signed in (the "
        f"{phase.users} sign-ins hash passwords within the first seconds: a page asked "
        f"meanwhile waits behind them): {len(phase.signed_in)} requests, median "
        f"{phase.signed_in[len(phase.signed_in) // 2]:.0f} ms, "
        f"**p95 {phase.signed_in_p95:.0f} ms**. Targets at {phase.users} users: 0 errors — "
        f"{'met' if errors == 0 else f'**not met** ({errors} failures)'}; p95 < 150 ms once "
        f"signed in — {'met' if phase.signed_in_p95 < 150 else '**not met**'}.",
        "",
    ]
    return lines


def _report(
    sizes: Sizes,
    phases: list[Latency],
    peak: list[dict[str, str]],
    bare: list[dict[str, str]],
    rates: tuple[float, float],
    *,
    quick: bool,
) -> str:
    bare_total = next(row for row in bare if row["Name"] == "Aggregated")
    peak_total = next(row for row in peak if row["Name"] == "Aggregated")
    app_rps, bare_rps = rates
    lines = [
        SECTION,
        "",
        "`python benchmarks/bench_load.py [--quick]` (`PYTHONPATH=src`, locust from the `bench`",
        "extra). Measured "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {_machine()}, Python "
        f"{platform.python_version()}, PostgreSQL on the same machine"
        + (" (**--quick run: smaller data, 30 s**)." if quick else "."),
        "",
        f"Data: the demo plus {sizes.people:,} people in {sizes.people // 20:,} organisations, one "
        f"running programme with {sizes.pairs:,} confirmed pairs ({2 * sizes.pairs:,} accepted "
        f"participations) and {sizes.meetings:,} bilateral sessions with two invitations each.",
        "Server: `gunicorn -w 4` on 127.0.0.1, DEBUG off, whitenoise, the cache on Redis, "
        "`CLUSTERBRIDGE_REQUIRE_MFA=false` (the benchmark measures pages, not the second factor), "
        "`TRUSTED_PROXY_COUNT=1` with each simulated person's own address in X-Forwarded-For (the "
        "sign-in limit of 30 a minute per address stays on), "
        "and `clusterbridge worker` polling the database queue beside it, as in production.",
        "Load: locust users spawned 10/s, "
        "each signed in once: 2 in 5 the programme's manager (dashboard, participant, pair and "
        "meeting lists on random pages, person pages, directory search, API pairs and meetings "
        "with a token), the others a mentor, a mentee or a community member (dashboard, "
        "calendar, person pages, search). Four phases in one run, against the same server: the "
        f"mix with 1–3 s of think time per user at {' and at '.join(str(p.users) for p in phases)} "
        "users (latency and errors), the same mix without think time with 20 users (20 "
        "requests always in flight: the application's maximum throughput), and a bare Django "
        "view without think time (the machine's ceiling). Locust runs on the same 2 CPUs as the "
        "server and PostgreSQL, so every figure includes its share.",
        "",
    ]
    for phase in phases:
        lines += _latency_lines(phase, sizes.mix_seconds)
    lines += [
        f"Same mix without think time, 20 users, {sizes.peak_seconds} s: "
        f"{peak_total['Request Count']} requests, {peak_total['Failure Count']} failures, median "
        f"{peak_total['Median Response Time']} ms, p95 {peak_total['95%']} ms (queueing: 20 "
        f"requests in flight on 2 CPUs), {float(peak_total['Requests/s']):.1f} requests/s over "
        f"the whole phase, **{app_rps:.1f} requests/s once every user has signed in** (the 20 "
        "sign-ins hash passwords at the start of the phase).",
        "",
        f"Bare Django view (`/bench/bare/`, anonymous, no query, no template; same server), "
        f"{sizes.peak_seconds} s: "
        f"{bare_total['Request Count']} requests, {bare_total['Failure Count']} failures, median "
        f"{bare_total['Median Response Time']} ms, p95 {bare_total['95%']} ms, "
        f"**{bare_rps:.1f} requests/s** (from its first answer to its last).",
        "",
        f"**Application throughput at saturation = {app_rps:.1f} requests/s = "
        f"{app_rps / bare_rps:.1%} of the bare view's** (the ceiling of this machine for a "
        "Django response).",
    ]
    return "\n".join(lines) + "\n"


def _write_section(text: str) -> None:
    path = ROOT / "docs" / "performance.md"
    content = path.read_text(encoding="utf-8")
    if SECTION in content:
        before, _, after = content.partition(SECTION)
        following = after.find("\n## ")
        content = before + text + (after[following + 1 :] if following >= 0 else "")
        content = content.replace(text + "## ", text + "\n## ")
    else:
        content = content.rstrip("\n") + "\n\n" + text
    path.write_text(content, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, shorter phases")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/cb_load")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/performance.md")
    parser.add_argument("--reuse", action="store_true", help="keep the database of a former run")
    parser.add_argument(
        "--peak-only", action="store_true", help="throughput phases only, printed, not written"
    )
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory() as data_dir:
        started = time.perf_counter()
        if not args.reuse:
            _recreate_database(args.database_url)
        _django(args.database_url, data_dir)
        config = _reused_config(sizes) if args.reuse else _populate(sizes)
        if not args.reuse:
            _analyse(args.database_url)
        print(f"data built in {time.perf_counter() - started:.0f} s", flush=True)
        config_path = Path(data_dir) / "load.json"
        config_path.write_text(json.dumps(config), encoding="utf-8")
        base = f"http://127.0.0.1:{args.port}"
        server = _start_server(args.database_url, data_dir, args.port)
        worker = _start_worker(args.database_url, data_dir)
        try:
            _wait_until_up(base, server)
            users = ["Manager", "Mentor", "Mentee", "CommunityMember"]
            phases = []
            for count in () if args.peak_only else (20, 100):
                prefix = Path(data_dir) / f"app{count}"
                rows = _locust(
                    base, users, sizes.mix_seconds, prefix, config_path, think="1,3", users=count
                )
                phases.append(Latency(count, rows, *_steady(prefix)))
            peak_prefix = Path(data_dir) / "peak"
            peak = _locust(base, users, sizes.peak_seconds, peak_prefix, config_path, think="0,0")
            bare_prefix = Path(data_dir) / "bare"
            bare = _locust(
                base, ["Bare"], sizes.peak_seconds, bare_prefix, config_path, think="0,0"
            )
        finally:
            for process in (server, worker):
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        rates = (_signed_in_rate(peak_prefix), _signed_in_rate(bare_prefix))
    if args.peak_only:
        whole = float(_aggregate(peak)["Requests/s"])
        print(f"mix {rates[0]:.1f} requests/s signed in ({whole:.1f} with the sign-ins), ", end="")
        print(f"bare {rates[1]:.1f} requests/s: {rates[0] / rates[1]:.1%}")
        return
    text = _report(sizes, phases, peak, bare, rates, quick=args.quick)
    print(text)
    if not args.no_write:
        _write_section(text)


if __name__ == "__main__":
    main()
