"""A running job's progress and heartbeat, written beside its work: a job doing all its work in
one transaction still shows each step on its page while it runs, and still stops when another
worker took it over. The job runs in a worker thread; the test reads from its own connection."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.test import Client

from clusterbridge.accounts.models import User
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.runner import run_claimed
from tests.factories import UserFactory
from tests.jobs.kinds import Gate, gates

pytestmark = pytest.mark.django_db(transaction=True)

on_sqlite = connection.vendor == "sqlite"


@pytest.fixture
def requester() -> User:
    user: User = UserFactory(email="requester@example.org")
    return user


@pytest.fixture(autouse=True)
def _open_gates() -> Iterator[None]:
    yield
    # A failed assertion must not leave the worker thread waiting for its 30 seconds.
    for gate in gates:
        gate.release.set()
    gates.clear()


def _start_worker(job: Job) -> threading.Thread:
    def work() -> None:
        try:
            run_claimed(str(job.pk))
        finally:
            connection.close()

    worker = threading.Thread(target=work, name="test-worker")
    worker.start()
    return worker


def _row_when(job: Job, check: Callable[[Job], bool], seconds: float = 10) -> Job:
    """The job's row as soon as it passes `check`, or as it is after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        row = Job.objects.get(pk=job.pk)
        if check(row) or time.monotonic() > deadline:
            return row
        time.sleep(0.05)


def _status_page(client: Client, job: Job) -> str:
    return client.get(f"/jobs/{job.pk}/status/").content.decode()


def test_a_step_made_inside_the_jobs_transaction_shows_while_the_job_runs(
    requester: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="clusterbridge.jobs.runner")
    inside, after = Gate(), Gate()
    gates[:] = [inside, after]
    job = Job.objects.create(kind="tests.waits_in_transaction", requested_by=requester)
    client = Client()
    client.force_login(requester)

    worker = _start_worker(job)
    assert inside.reached.wait(10)
    if on_sqlite:
        # The job's transaction holds SQLite's only write lock: the reporter cannot write (and
        # says so at debug level, without dying); the page shows the last committed step.
        deadline = time.monotonic() + 10
        while "no heartbeat" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "no heartbeat" in caplog.text
        job.refresh_from_db()
        assert (job.progress_done, job.progress_label) == (0, "")
    else:
        row = _row_when(job, lambda row: row.progress_done == 1)
        assert (row.progress_done, row.progress_total, row.progress_label) == (1, 3, "step 1")
        assert '<progress aria-label="Progress" max="3" value="1">' in _status_page(client, job)
        # The job's transaction holds no lock on its row: another worker's write would not wait.
        with transaction.atomic():
            Job.objects.select_for_update(nowait=True).get(pk=job.pk)
    inside.release.set()

    assert after.reached.wait(10)
    # After the commit the reporter writes again, on SQLite too.
    row = _row_when(job, lambda row: row.progress_done == 2)
    assert (row.progress_done, row.progress_label) == (2, "step 2")
    assert '<progress aria-label="Progress" max="3" value="2">' in _status_page(client, job)
    after.release.set()
    worker.join(30)

    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total) == (Job.Status.SUCCEEDED, 3, 3)
    assert job.result_url == "/done/"


@pytest.mark.parametrize(
    "inside_a_transaction",
    [
        False,
        pytest.param(
            True,
            marks=pytest.mark.skipif(
                on_sqlite,
                reason="SQLite: nobody else can write while the job's transaction holds the "
                "lock, so the takeover itself waits for that transaction's end",
            ),
        ),
    ],
)
def test_a_job_taken_over_by_another_worker_stops_at_its_next_step(
    inside_a_transaction: bool,
) -> None:
    gate = Gate()
    gates[:] = [gate]
    job = Job.objects.create(
        kind="tests.reports_until_stopped", params={"atomic": inside_a_transaction}
    )
    worker = _start_worker(job)
    assert gate.reached.wait(10)

    started = time.monotonic()
    # As if this worker had been taken for dead and another one had claimed the job.
    assert Job.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1) == 1
    gate.release.set()
    worker.join(30)

    assert time.monotonic() - started < 10
    assert not cache.get(f"finished-{job.pk}")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result_url) == (Job.Status.RUNNING, 2, "")
    # Stopped inside its transaction, the job's work is rolled back.
    work = Job.objects.filter(description=f"work of {job.pk}")
    assert work.exists() is not inside_a_transaction
