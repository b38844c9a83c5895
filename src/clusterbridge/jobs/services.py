"""Writes on jobs: submit, retry, recover the ones whose worker died, expire old results.

`run_job_here` runs a job kind in the calling process (the command line), with the same code a
worker runs.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from clusterbridge.accounts.models import User
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import JobResult, Progress, ProgressCallback, get_kind
from clusterbridge.jobs.runner import result_storage, stale_before
from clusterbridge.jobs.tasks import run_job

logger = logging.getLogger(__name__)


class JobNotRetriable(Exception):
    """Only a failed job can be run again, and only by whoever asked for it."""


def _enqueue_after_commit(job: Job) -> None:
    job_id, queue = str(job.pk), job.queue
    transaction.on_commit(lambda: run_job.using(queue_name=queue).enqueue(job_id))


@transaction.atomic
def submit_job(
    *, kind: str, requested_by: User | None, params: dict[str, Any], description: str = ""
) -> Job:
    """Records a job of `kind` (UnknownJobKind if none is registered) and, once the transaction
    commits, puts it on the kind's queue for a worker. `params` must be JSON; `description`
    tells the requester which one it is in their list."""
    job_kind = get_kind(kind)
    job = Job.objects.create(
        kind=job_kind.name,
        requested_by=requested_by,
        params=params,
        description=description[:200],
        queue=job_kind.queue,
        max_attempts=job_kind.max_attempts,
    )
    _enqueue_after_commit(job)
    return job


@transaction.atomic
def retry_job(*, job: Job, actor: User) -> Job:
    """Queues a failed job again with a fresh count of attempts, once the transaction commits.
    JobNotRetriable unless the job failed and `actor` asked for it."""
    if job.requested_by_id != actor.pk:
        raise JobNotRetriable
    reset = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED,
        attempts=0,
        error="",
        progress_done=0,
        progress_label="",
        heartbeat_at=None,
        started_at=None,
        finished_at=None,
        expires_at=None,
    )
    if not reset:
        raise JobNotRetriable
    job.refresh_from_db()
    _enqueue_after_commit(job)
    return job


def run_job_here(
    *, kind: str, params: dict[str, Any], progress_callback: ProgressCallback
) -> JobResult | None:
    """Runs a job kind in this process (no row, no queue), reporting progress to the callback.
    Raises what the job raises (JobFailed with a message for the user)."""
    job_kind = get_kind(kind)
    job = Job(kind=job_kind.name, params=params, queue=job_kind.queue)
    progress = Progress(progress_callback)
    result = job_kind.run(job, progress)
    if progress.total:
        progress.set(progress.total, label=gettext("Done"))
    return result


def recover_stale_jobs() -> int:
    """Running jobs without a heartbeat for JOB_STALE_SECONDS lost their worker: each goes back
    on its queue, or fails once it used up its attempts. Returns how many were recovered.
    For the worker at start and the periodic scheduler."""
    stale = Job.objects.filter(
        status=Job.Status.RUNNING, heartbeat_at__lt=stale_before(timezone.now())
    ).select_related("requested_by")
    recovered = 0
    for job in stale:
        with transaction.atomic():
            recovered += _requeue(job) if job.attempts < job.max_attempts else _give_up(job)
    return recovered


def _still_stale(job: Job) -> Any:
    # The same attempt, still silent: nobody claimed or finished it since it was read.
    return Job.objects.filter(
        pk=job.pk,
        status=Job.Status.RUNNING,
        attempts=job.attempts,
        heartbeat_at__lt=stale_before(timezone.now()),
    )


def _requeue(job: Job) -> int:
    if not _still_stale(job).update(status=Job.Status.QUEUED):
        return 0
    logger.warning("job %s (%s): its worker stopped; queued again", job.pk, job.kind)
    _enqueue_after_commit(job)
    return 1


def _give_up(job: Job) -> int:
    language = (job.requested_by.language if job.requested_by else "") or None
    with translation.override(language):
        error = ngettext(
            "The job was interrupted %(count)d time before it could finish. Try again later; "
            "if it happens again, tell the site's administrators.",
            "The job was interrupted %(count)d times before it could finish. Try again later; "
            "if it happens again, tell the site's administrators.",
            job.attempts,
        ) % {"count": job.attempts}
    now = timezone.now()
    logger.error("job %s (%s): failed after attempts: %d", job.pk, job.kind, job.attempts)
    failed: int = _still_stale(job).update(status=Job.Status.FAILED, error=error, finished_at=now)
    return failed


def delete_expired_results() -> int:
    """Deletes the result files whose time is up and clears the jobs' reference to them (the
    rows stay, for the requester's list). Returns how many files were deleted."""
    expired = Job.objects.filter(expires_at__lt=timezone.now()).exclude(result="")
    storage = result_storage()
    deleted = 0
    for job in expired:
        name = str(job.result.name)
        if Job.objects.filter(pk=job.pk, result=name).update(result=""):
            storage.delete(name)
            deleted += 1
    return deleted
