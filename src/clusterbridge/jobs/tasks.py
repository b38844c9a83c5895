"""The one task every job kind runs through; the kind's queue is chosen when it is enqueued."""

from __future__ import annotations

from django_tasks import task

from clusterbridge.jobs.runner import run_claimed


@task()
def run_job(job_id: str) -> None:
    run_claimed(job_id)
