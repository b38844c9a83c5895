"""Running one job in a worker: claim it, keep it alive, store its result, record the outcome.

Every write after the claim is conditional on the attempt number the claim gave this worker, so
a worker taken for dead (its heartbeat stale) that wakes up again can no longer change the job
another worker has taken over.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from logging import DEBUG, WARNING
from pathlib import Path
from time import monotonic
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import DatabaseError, OperationalError, connection
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import (
    JobFailed,
    JobResult,
    Progress,
    ProgressCallback,
    UnknownJobKind,
    get_kind,
)

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds), except the first and the last step.
PROGRESS_WRITE_INTERVAL = 0.5


class LostClaim(Exception):
    """Another worker took this job over: this one stops without writing anything."""


def stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.JOB_STALE_SECONDS)


def heartbeat_interval() -> float:
    return max(1.0, min(30.0, settings.JOB_STALE_SECONDS / 10))


def result_storage() -> Storage:
    return Job._meta.get_field("result").storage


def claim(job_id: str) -> Job | None:
    """Takes the job for this worker with one conditional update, or None when it is not
    claimable (another worker has it, it is finished, or it used up its attempts)."""
    now = timezone.now()
    claimable = Q(status=Job.Status.QUEUED) | Q(
        status=Job.Status.RUNNING, heartbeat_at__lt=stale_before(now)
    )
    taken = Job.objects.filter(claimable, pk=job_id, attempts__lt=F("max_attempts")).update(
        status=Job.Status.RUNNING,
        attempts=F("attempts") + 1,
        heartbeat_at=now,
        started_at=now,
        finished_at=None,
        error="",
        progress_done=0,
        progress_label="",
    )
    return Job.objects.get(pk=job_id) if taken else None


def _mine(job: Job) -> QuerySet[Job]:
    return Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts)


class _Reporter(threading.Thread):
    """Keeps the job alive and shows its progress, on a connection of its own.

    The job's work often runs in one transaction: progress it wrote on its own connection would
    show only once everything is done (and on PostgreSQL would lock its row until then). So the
    job only hands its latest step over (`report`), and this thread writes it, in autocommit,
    with the heartbeat, conditionally on the claim. An update that matches nothing means another
    worker took the job: the job learns it at its next `report` (LostClaim).
    """

    def __init__(self, job: Job) -> None:
        super().__init__(name=f"job-reporter-{job.pk}", daemon=True)
        self.job = job
        self.stopped = threading.Event()
        self.lost = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._pending: tuple[int, int | None, str] | None = None
        self._last_write = 0.0
        self._next_beat = monotonic() + heartbeat_interval()

    def report(self, done: int, total: int | None, label: str) -> None:
        if self.lost.is_set():
            raise LostClaim
        with self._lock:
            self._pending = (done, total, label[:200])
        self._wake.set()

    def stop(self) -> None:
        self.stopped.set()
        self._wake.set()
        self.join()

    def run(self) -> None:
        try:
            while not self.stopped.is_set() and not self.lost.is_set():
                self._wake.wait(max(0.0, self._next_beat - monotonic()))
                throttle = self._last_write + PROGRESS_WRITE_INTERVAL - monotonic()
                self.stopped.wait(max(0.0, throttle))
                self._wake.clear()
                self._write()
            # The last steps a throttled write skipped (a failed job shows where it stopped).
            if not self.lost.is_set() and self._pending is not None:
                self._write()
        finally:
            connection.close()

    def _write(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        fields: dict[str, Any] = {"heartbeat_at": timezone.now()}
        if pending is not None:
            done, total, label = pending
            fields |= {"progress_done": done, "progress_total": total, "progress_label": label}
        self._last_write = monotonic()
        try:
            written = _mine(self.job).update(**fields)
        except DatabaseError as error:
            # SQLite: while the job's transaction holds the database's only write lock, no other
            # connection can write ("database is locked" after the busy timeout), so the row
            # keeps its last committed heartbeat and progress, and a transaction longer than
            # JOB_STALE_SECONDS makes the job look stale (docs/deployment.md, "Jobs"). Nobody
            # can take it over meanwhile (that is a write too); trying again soon shortens the
            # moment after the commit in which a waiting recovery still could.
            locked = isinstance(error, OperationalError)
            logger.log(DEBUG if locked else WARNING, "job %s: no heartbeat: %s", self.job.pk, error)
            connection.close_if_unusable_or_obsolete()
            with self._lock:
                if self._pending is None:
                    self._pending = pending
            self._next_beat = monotonic()
            return
        self._next_beat = self._last_write + heartbeat_interval()
        if not written:
            self.lost.set()


@contextmanager
def _reporting(job: Job) -> Iterator[ProgressCallback]:
    if connection.in_atomic_block:
        # The claim itself is not committed yet (run inside a caller's transaction, as the
        # tests' immediate queue does): no other connection sees the row, so this one writes.
        yield _ProgressWriter(job)
        return
    reporter = _Reporter(job)
    reporter.start()
    try:
        yield reporter.report
    finally:
        reporter.stop()


class _ProgressWriter:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.last_write = 0.0

    def __call__(self, done: int, total: int | None, label: str) -> None:
        finished = total is not None and done >= total
        if not finished and monotonic() - self.last_write < PROGRESS_WRITE_INTERVAL:
            return
        self.last_write = monotonic()
        written = _mine(self.job).update(
            progress_done=done,
            progress_total=total,
            progress_label=label[:200],
            heartbeat_at=timezone.now(),
        )
        if not written:
            raise LostClaim


def run_claimed(job_id: str) -> None:
    """The body of the `run_job` task: runs the job if this worker can claim it."""
    job = claim(job_id)
    if job is None:
        logger.info("job %s: not claimable (running elsewhere, finished, out of attempts)", job_id)
        return
    with translation.override(_language_of(job)):
        try:
            result = _run(job)
        except LostClaim:
            logger.warning("job %s: taken over by another worker; this attempt stops", job.pk)
            return
        except JobFailed as error:
            logger.info("job %s (%s) failed: %s", job.pk, job.kind, error)
            _finish(job, status=Job.Status.FAILED, error=str(error))
            return
        except Exception:
            logger.exception("job %s (%s) failed", job.pk, job.kind)
            _finish(job, status=Job.Status.FAILED, error=unexpected_error())
            return
        _succeed(job, result)


def unexpected_error() -> str:
    return _(
        "The job stopped on an unexpected error, which has been recorded. Try again; if it "
        "fails again, tell the site's administrators."
    )


def _language_of(job: Job) -> str:
    requester = job.requested_by
    return (requester.language if requester else "") or settings.LANGUAGE_CODE


def _run(job: Job) -> JobResult | None:
    try:
        kind = get_kind(job.kind)
    except UnknownJobKind:
        raise JobFailed(_("This kind of job no longer exists.")) from None
    _clear_leftovers(job)
    with _reporting(job) as report:
        return kind.run(job, Progress(report))


def _clear_leftovers(job: Job) -> None:
    """Deletes what an interrupted attempt stored before it could finish."""
    storage = result_storage()
    folder = f"jobs/{job.pk}"
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(f"{folder}/{name}")


def _succeed(job: Job, result: JobResult | None) -> None:
    stored = _store(job, result) if result is not None and result.has_file else ""
    fields: dict[str, Any] = {"result": stored}
    if result is not None:
        fields |= {
            "result_name": result.filename if stored else "",
            "result_content_type": result.content_type if stored else "",
            "result_url": result.url,
            "result_message": result.message,
        }
    # Throttled progress writes may have skipped the last steps.
    fields["progress_done"] = Coalesce("progress_total", "progress_done")
    if not _finish(job, status=Job.Status.SUCCEEDED, **fields) and stored:
        result_storage().delete(stored)


def _store(job: Job, result: JobResult) -> str:
    """Saves the whole file; the job points at it only afterwards (`_finish`)."""
    field = Job._meta.get_field("result")
    name = field.generate_filename(job, f"{job.attempts}-{result.filename}")
    storage = result_storage()
    if result.content is not None:
        return storage.save(name, ContentFile(result.content))
    assert result.path is not None
    path = Path(result.path)
    with path.open("rb") as handle:
        stored = storage.save(name, File(handle))
    path.unlink(missing_ok=True)
    return stored


def _finish(job: Job, *, status: Job.Status, **fields: Any) -> bool:
    now = timezone.now()
    written = _mine(job).update(
        status=status,
        finished_at=now,
        expires_at=now + timedelta(days=settings.JOB_RESULT_DAYS),
        **fields,
    )
    if not written:
        logger.warning("job %s: taken over by another worker before it finished", job.pk)
    return bool(written)
