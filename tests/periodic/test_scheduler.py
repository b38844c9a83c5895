"""Periodic jobs: enqueued once per slot however many schedulers run, idempotent when run."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clusterbridge.directory.models import Person
from clusterbridge.journeys.tasks import meeting_reminders
from clusterbridge.meetings.models import MeetingStatus
from clusterbridge.outbox.models import OutboxMessage, OutboxStatus
from clusterbridge.periodic.models import PeriodicRun
from clusterbridge.periodic.registry import periodic_jobs, register_periodic
from clusterbridge.periodic.scheduler import run_due, slot_of
from tests.conftest import World, build_world
from tests.factories import ParticipationFactory, PersonFactory, ProgrammeFactory
from tests.smtp import Inbox

# Every test seeds: the first one of a run must read the seeded rows before any flush.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_transactional_db"),
]

NOON = datetime(2030, 3, 1, 12, 0, 20, tzinfo=UTC)
NAMES = {
    "meeting-reminders",
    "pair-health-reminders",
    "retention",
    "outbox-sweep",
    "stale-jobs",
    "message-notifications",
    "digests",
    "expired-job-results",
}


def test_the_apps_register_reminders_retention_the_outbox_sweep_and_the_jobs_upkeep() -> None:
    assert {job.name for job in periodic_jobs()} >= NAMES


def test_two_schedulers_in_the_same_minute_enqueue_each_job_once() -> None:
    first = run_due(now=NOON)
    second = run_due(now=NOON + timedelta(seconds=30))

    assert set(first) >= NAMES
    assert second == []
    assert PeriodicRun.objects.count() == len(first)
    assert DBTaskResult.objects.count() == len(first)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL's row locks"
)
def test_two_schedulers_running_at_the_same_instant_enqueue_each_job_once() -> None:
    barrier = threading.Barrier(2)
    results: list[list[str]] = []

    def scheduler() -> None:
        barrier.wait()
        try:
            results.append(run_due(now=NOON))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    enqueued = results[0] + results[1]
    assert sorted(enqueued) == sorted(set(enqueued))
    assert set(enqueued) >= NAMES
    assert DBTaskResult.objects.count() == len(enqueued)


def test_each_job_is_enqueued_again_in_its_next_slot_only() -> None:
    run_due(now=NOON)
    five_minutes_later = run_due(now=NOON + timedelta(minutes=5))

    assert set(five_minutes_later) == {
        "meeting-reminders",
        "outbox-sweep",
        "stale-jobs",
        "message-notifications",
    }
    assert DBTaskResult.objects.filter(queue_name="mail").count() == 2


def test_slots_are_aligned_on_the_clock_in_utc() -> None:
    jobs = {job.name: job for job in periodic_jobs()}
    assert slot_of(jobs["meeting-reminders"], NOON + timedelta(minutes=7)) == NOON.replace(
        minute=5, second=0
    )
    assert slot_of(jobs["retention"], NOON) == NOON.replace(hour=0, minute=0, second=0)


def test_a_period_shorter_than_a_minute_is_refused() -> None:
    with pytest.raises(ValueError, match="whole number of minutes"):
        register_periodic("too-often", every=timedelta(seconds=30), task=meeting_reminders)


def test_the_scheduler_command_once_enqueues_what_is_due_and_exits(capsys) -> None:
    call_command("periodic", "--once")
    call_command("periodic", "--once")

    assert capsys.readouterr().out.count("enqueued meeting-reminders") == 1


@pytest.fixture
def world() -> World:
    return build_world()


def _run_every_job_once() -> dict[str, object]:
    results = {job.name: job.task.enqueue() for job in periodic_jobs()}
    call_command("worker", "--burst")
    for result in results.values():
        result.refresh()
    return {name: result.return_value for name, result in results.items()}


def test_every_job_runs_in_the_worker_and_a_second_run_does_nothing(
    world: World, smtp: Inbox, settings
) -> None:
    settings.EMAIL_BACKEND = "clusterbridge.outbox.backend.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.RETENTION_YEARS = 5
    world.meeting.starts_at = timezone.now() + timedelta(hours=2)
    world.meeting.status = MeetingStatus.SCHEDULED
    world.meeting.save()
    closed = ProgrammeFactory(
        slug="closed-2015", status="closed", starts_on=date(2014, 9, 1), ends_on=date(2015, 6, 30)
    )
    former = ParticipationFactory(programme=closed, person=PersonFactory(user=None)).person

    first = _run_every_job_once()
    second = _run_every_job_once()

    assert first["meeting-reminders"] == 2
    assert first["retention"] == 1
    assert Person.objects.get(pk=former.pk).erased_at is not None
    assert second["meeting-reminders"] == 0
    assert second["pair-health-reminders"] == 0
    assert second["retention"] == 0
    # The reminders went through the outbox; the sweep had nothing left once they were sent.
    assert second["outbox-sweep"] is False
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert len(smtp.messages) == OutboxMessage.objects.count()
