"""Enqueue each periodic job once per slot, however many schedulers run.

A scheduler inserts a PeriodicRun (name, slot) under a unique constraint and enqueues the job
in the same transaction: a second scheduler's insert fails and it skips. With the database
queue the job and the row commit together; with RQ a crash between the two loses one slot,
which the next slot makes up for, since every periodic job does whatever is due.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction

from clusterbridge.periodic.models import PeriodicRun
from clusterbridge.periodic.registry import PeriodicJob, periodic_jobs

logger = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Runs older than this are forgotten; no period is longer.
KEEP_RUNS = timedelta(days=8)


def slot_of(job: PeriodicJob, now: datetime) -> datetime:
    """The start of the period ``now`` falls in."""
    return EPOCH + ((now - EPOCH) // job.every) * job.every


def _enqueue_once(job: PeriodicJob, slot: datetime) -> bool:
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=job.name, slot=slot)
            job.task.enqueue()
    except IntegrityError:
        return False
    return True


def run_due(*, now: datetime) -> list[str]:
    """Enqueue every job whose current slot has no run yet; returns their names."""
    enqueued = []
    for job in periodic_jobs():
        try:
            if _enqueue_once(job, slot_of(job, now)):
                enqueued.append(job.name)
        except Exception:
            logger.exception("could not enqueue the periodic job %s", job.name)
    PeriodicRun.objects.filter(slot__lt=now - KEEP_RUNS).delete()
    return enqueued


def seconds_to_next_minute(now: datetime) -> float:
    return 60 - now.second - now.microsecond / 1_000_000
