"""Job kinds the job tests run; each counts its runs in the cache so a test can see doubles."""

from __future__ import annotations

import threading
import time
from contextlib import nullcontext

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction

from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import JobFailed, JobResult, Progress, job_kind
from clusterbridge.jobs.runner import result_storage


def runs_of(job: Job) -> int:
    return int(cache.get(f"runs-{job.pk}", 0))


def _count_run(job: Job) -> None:
    cache.set(f"runs-{job.pk}", runs_of(job) + 1, timeout=300)


@job_kind("tests.text", title="Text file", queue="exports")
def write_text(job: Job, progress: Progress) -> JobResult:
    _count_run(job)
    steps = int(job.params.get("steps", 3))
    for step in range(1, steps + 1):
        progress.set(step, steps, f"step {step}")
    text = str(job.params.get("text", "hello"))
    return JobResult.file(text.encode(), filename="out put.txt", content_type="text/plain")


@job_kind("tests.fails_once", title="Fails once")
def fail_the_first_time(job: Job, progress: Progress) -> JobResult:
    _count_run(job)
    if runs_of(job) == 1:
        raise RuntimeError("internal detail the user must not see")
    return JobResult.page("/somewhere/", message="All good")


@job_kind("tests.refused", title="Refused")
def refuse(job: Job, progress: Progress) -> None:
    raise JobFailed("The programme has no participant yet.")


@job_kind("tests.taken_over", title="Taken over")
def lose_the_job_to_another_worker(job: Job, progress: Progress) -> JobResult:
    # As if this worker stalled, was taken for dead and another worker claimed the job.
    Job.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)
    return JobResult.file(b"late", filename="late.txt", content_type="text/plain")


@job_kind("tests.stalls", title="Stalls half-way")
def stall_half_way(job: Job, progress: Progress) -> JobResult:
    """Half a file in storage, then a pause the test kills the worker in (the first attempt)."""
    _count_run(job)
    if job.attempts == 1:
        half = result_storage().save(f"jobs/{job.pk}/1-half.txt", ContentFile(b"half"))
        progress.set(1, 2, f"wrote {half}")
        time.sleep(60)
    return JobResult.file(b"whole", filename="whole.txt", content_type="text/plain")


class Gate:
    """Where a job waits for its test: `reached` once it got there, `release` to go on."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()

    def wait_for_the_test(self) -> None:
        self.reached.set()
        if not self.release.wait(30):
            raise RuntimeError("the test never released the job")


# The gates of the job running now, set by each test that runs one of the kinds below.
gates: list[Gate] = []


@job_kind("tests.waits_in_transaction", title="Waits inside its transaction")
def wait_inside_a_transaction(job: Job, progress: Progress) -> JobResult:
    """Step 1 inside one transaction, step 2 after its commit, waiting for the test after each."""
    inside, after = gates
    with transaction.atomic():
        progress.set(1, 3, "step 1")
        inside.wait_for_the_test()
    progress.set(2, 3, "step 2")
    after.wait_for_the_test()
    return JobResult.page("/done/")


@job_kind("tests.reports_until_stopped", title="Reports until stopped")
def report_until_stopped(job: Job, progress: Progress) -> JobResult:
    """Waits for the test (which takes the job over) then keeps reporting for 15 seconds."""
    (gate,) = gates
    with transaction.atomic() if job.params.get("atomic") else nullcontext():
        Job.objects.create(kind="tests.text", description=f"work of {job.pk}")
        progress.set(1, 3, "step 1")
        gate.wait_for_the_test()
        until = time.monotonic() + 15
        while time.monotonic() < until:
            progress.set(2, 3, "step 2")
            time.sleep(0.05)
    cache.set(f"finished-{job.pk}", True, timeout=300)
    return JobResult.page("/done/")
