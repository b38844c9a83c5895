"""The jobs' periodic upkeep, as tasks for the scheduler: jobs whose worker died go back on
their queue, and results past JOB_RESULT_DAYS are deleted."""

from __future__ import annotations

from django_tasks import task

from clusterbridge.jobs import services


@task()
def recover_stale_jobs() -> int:
    return services.recover_stale_jobs()


@task()
def delete_expired_results() -> int:
    return services.delete_expired_results()
