"""A worker process killed in the middle of a job (SIGKILL: no cleanup runs) on PostgreSQL,
whose database a second process can share with the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.utils import timezone

from clusterbridge.accounts.models import User
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.runner import result_storage
from clusterbridge.jobs.selectors import get_downloadable_job
from clusterbridge.jobs.services import recover_stale_jobs, submit_job
from tests.factories import UserFactory
from tests.jobs import kinds  # noqa: F401  (registers the job kind the worker runs)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process needs a database it can share with the test",
    ),
]

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start_worker(job: Job, media_root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.jobs.worker_process", str(job.pk), str(media_root)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": _database_url(), "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
    )


def _wait_for_progress(job: Job, worker: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and worker.poll() is None:
        job.refresh_from_db()
        if job.progress_done == 1:
            return
        time.sleep(0.2)
    raise AssertionError(f"the worker never got half-way (exit status {worker.poll()})")


def test_a_killed_worker_leaves_nothing_downloadable_and_the_job_runs_again(
    media_root: Path,
) -> None:
    requester: User = UserFactory(email="requester@example.org")
    job = submit_job(kind="tests.stalls", requested_by=requester, params={})
    worker = _start_worker(job, media_root)
    try:
        _wait_for_progress(job, worker)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()

    job.refresh_from_db()
    assert (job.status, job.attempts, str(job.result)) == (Job.Status.RUNNING, 1, "")
    assert result_storage().exists(f"jobs/{job.pk}/1-half.txt")
    with pytest.raises(Http404):
        get_downloadable_job(user=requester, job_id=job.pk)

    # Time passes without a heartbeat: the worker is taken for dead.
    silent_since = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=silent_since)
    assert recover_stale_jobs() == 1
    call_command("worker", "--burst")

    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2)
    assert not result_storage().exists(f"jobs/{job.pk}/1-half.txt")
    with get_downloadable_job(user=requester, job_id=job.pk).result.open("rb") as handle:
        assert handle.read() == b"whole"
