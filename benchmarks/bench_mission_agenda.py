"""Mission scheduling through the database service, and the agenda pages, at full size.

Builds a throwaway database (SQLite in a temporary directory unless --database-url is given)
with 3,000 participants, 20,000 accepted requests (Zipf-skewed popularity, as in
bench_mission_scheduler.py), 16 slots, 1,500 tables and absences; then measures in one run:
- ``missions.services.schedule`` (read from the DB, schedule, write 15,000 placements), and
  the pure ``schedule_mission`` on the same problem, so the database overhead is a ratio;
- agenda pages (HTML, print version, .ics) and the mission page, rendered through Django's
  test client for a sample of participants, with their query counts.

    PYTHONPATH=src python benchmarks/bench_mission_agenda.py [--quick] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_mission_scheduler import FULL, QUICK, _cpu_model, make_problem

Result = TypeVar("Result")


def _setup_django(database_url: str | None) -> None:
    os.environ["CLUSTERBRIDGE_DATA_DIR"] = tempfile.mkdtemp(prefix="cb-bench-agenda-")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbridge.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS.append("testserver")
    call_command("migrate", verbosity=0, interactive=False)


def _timed(action: Callable[[], Result]) -> tuple[Result, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=50.0)
    parser.add_argument("--sample", type=int, default=40, help="agendas rendered")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    _setup_django(args.database_url)

    import random

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from clusterbridge.accounts.models import User
    from clusterbridge.directory.models import Country, Organisation, Person
    from clusterbridge.meetings.mission_scheduler import MeetingRequest as MissionRequest
    from clusterbridge.meetings.mission_scheduler import MissionProblem, schedule_mission
    from clusterbridge.missions import services
    from clusterbridge.missions.models import (
        MeetingRequest,
        Mission,
        MissionMeeting,
        MissionParticipant,
        RequestStatus,
    )
    from clusterbridge.programmes.models import Participation, Programme

    problem = make_problem(**size, seed=args.seed, zipf=0.6)
    print(
        f"# mission agenda benchmark, {date.today()}, {os.cpu_count()} CPUs, {_cpu_model()}, "
        f"{connection.vendor}, seed {args.seed}"
    )
    print(
        f"instance: {len(problem.participants)} participants, {len(problem.requests)} requests, "
        f"{problem.slot_count} slots, {problem.table_count} tables"
    )

    def build() -> Mission:
        country = Country.objects.get(code="MA")
        organisation = Organisation.objects.create(kind="cluster", name="Bench", country=country)
        programme = Programme.objects.create(
            name="Bench",
            slug="bench",
            operator=organisation,
            starts_on=date(2030, 1, 1),
            ends_on=date(2030, 12, 31),
        )
        people = Person.objects.bulk_create(
            Person(
                full_name=f"Participant {index}",
                email=f"p{index}@bench.example",
                country=country,
                time_zone="Africa/Casablanca",
                organisation=organisation,
            )
            for index in problem.participants
        )
        Participation.objects.bulk_create(
            Participation(programme=programme, person=person, role="mentee", status="accepted")
            for person in people
        )
        mission = Mission.objects.create(
            programme=programme,
            title="Bench B2B",
            time_zone="Europe/Madrid",
            starts_at=datetime(2030, 6, 4, 7, tzinfo=UTC),
            slot_minutes=20,
            slot_count=problem.slot_count,
            table_count=problem.table_count,
        )
        participants = MissionParticipant.objects.bulk_create(
            MissionParticipant(
                mission=mission,
                person=person,
                offer="Partnerships",
                seek="Export",
                absent_slots=sorted(problem.absent_slots.get(index, ())),
            )
            for index, person in zip(problem.participants, people, strict=True)
        )
        MeetingRequest.objects.bulk_create(
            (
                MeetingRequest(
                    mission=mission,
                    requester=participants[int(request.first)],
                    requested=participants[int(request.second)],
                    status=RequestStatus.ACCEPTED,
                )
                for request in problem.requests
            ),
            batch_size=2000,
        )
        return mission

    mission, seconds = _timed(build)
    assert isinstance(mission, Mission)
    print(f"build database: {seconds:.1f} s")

    # The service gives every request the same priority; so does the pure run compared.
    same_priority = MissionProblem(
        participants=problem.participants,
        requests=[MissionRequest(r.first, r.second) for r in problem.requests],
        slot_count=problem.slot_count,
        table_count=problem.table_count,
        absent_slots=problem.absent_slots,
    )
    pure, pure_seconds = _timed(
        lambda: schedule_mission(same_priority, time_limit_seconds=args.time_limit)
    )
    result, service_seconds = _timed(
        lambda: services.schedule(mission=mission, time_limit_seconds=args.time_limit, notify=False)
    )
    print(
        f"pure scheduler: {pure.placed_count} placed ({100 * pure.bound_ratio:.2f}% of "
        f"{pure.bound.value}, {pure.bound.method}) in {pure_seconds:.1f} s"
    )
    print(
        f"service (DB read + schedule + bulk write): {result.placed} placed of bound "
        f"{result.bound} ({100 * result.placed / result.bound:.2f}%) in {service_seconds:.1f} s "
        f"= {service_seconds / pure_seconds:.2f}x the pure scheduler; "
        f"{MissionMeeting.objects.filter(mission=mission).count()} rows stored"
    )

    rng = random.Random(args.seed)
    ids = list(MissionParticipant.objects.filter(mission=mission).values_list("pk", flat=True))
    busiest = max(
        ids,
        key=lambda pk: (
            MissionMeeting.objects.filter(first_id=pk).count()
            + MissionMeeting.objects.filter(second_id=pk).count()
        ),
    )
    sample = [busiest, *rng.sample(ids, args.sample)]
    timings: dict[str, list[float]] = {"agenda": [], "print": [], "ics": []}
    queries: dict[str, set[int]] = {"agenda": set(), "print": set(), "ics": set()}
    rows: list[int] = []
    for pk in sample:
        participant = MissionParticipant.objects.select_related("person").get(pk=pk)
        user = User.objects.create_user(email=f"u{pk}@bench.example")
        participant.person.user = user
        participant.person.save(update_fields=["user"])
        client = Client()
        client.force_login(user)
        base = f"/programmes/bench/missions/{mission.pk}/agenda/{pk}"
        for name, url in (
            ("agenda", f"{base}/"),
            ("print", f"{base}/?print=1"),
            ("ics", f"{base}.ics"),
        ):
            if pk == sample[0]:
                client.get(url)  # warm-up: template compilation and caches, not measured
            with CaptureQueriesContext(connection) as context:
                response, seconds = _timed(partial(client.get, url))
            assert response.status_code == 200, (url, response.status_code)
            timings[name].append(seconds)
            queries[name].add(len(context.captured_queries))
            if name == "agenda":
                rows.append(response.content.count(b"<tr><td>"))
    for name, values in timings.items():
        ordered = sorted(values)
        print(
            f"{name:<7} pages: median {1000 * statistics.median(ordered):.1f} ms, "
            f"p95 {1000 * ordered[int(0.95 * (len(ordered) - 1))]:.1f} ms, "
            f"max {1000 * ordered[-1]:.1f} ms, queries {sorted(queries[name])}"
        )
    print(f"meetings per sampled agenda: busiest {rows[0]}, median {statistics.median(rows)}")
    detail, seconds = _timed(lambda: client.get(f"/programmes/bench/missions/{mission.pk}/"))
    assert detail.status_code == 200
    print(f"mission page (participants, first page of 25): {1000 * seconds:.1f} ms")


if __name__ == "__main__":
    main()
