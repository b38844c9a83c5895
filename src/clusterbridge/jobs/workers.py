"""The worker loop of each task backend, behind one command (`clusterbridge worker`).

django-tasks offers a backend API but each backend brings its own worker (django-tasks-db's
`db_worker`, RQ's `rqworker`); this module starts the right one so that deployments, the demo
and the tests run one command whatever TASKS_URL says.
"""

from __future__ import annotations

from collections.abc import Sequence

import django_rq
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_rq import Job as RQJob
from django_tasks_rq import RQBackend

from clusterbridge.common.env import JOB_QUEUES

# How often an idle database worker looks for new jobs, in seconds.
POLL_INTERVAL = 0.5


class NoWorkerNeeded(Exception):
    """The backend runs each job in the process that asks for it."""


def run_worker(*, queues: Sequence[str], burst: bool) -> None:
    """Process jobs from `queues` (all when empty) until stopped, or none is left (`burst`)."""
    backend = task_backends["default"]
    if isinstance(backend, ImmediateBackend):
        raise NoWorkerNeeded
    if isinstance(backend, RQBackend):
        _run_rq_worker(queues=list(queues or JOB_QUEUES), burst=burst)
    elif isinstance(backend, DatabaseBackend):
        _run_database_worker(queues=list(queues), burst=burst)
    else:
        raise TypeError(f"no worker is known for {type(backend).__name__}")


def _run_database_worker(*, queues: list[str], burst: bool) -> None:
    worker = DatabaseWorker(
        queue_names=queues or ["*"],
        interval=POLL_INTERVAL,
        batch=burst,
        backend_name="default",
        startup_delay=not burst,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    try:
        worker.run()
    finally:
        worker.reset_signals()


def _run_rq_worker(*, queues: list[str], burst: bool) -> None:
    worker = django_rq.get_worker(*queues, job_class=RQJob)
    # The scheduler moves jobs deferred with run_after (retries with backoff) onto their queue.
    worker.work(burst=burst, with_scheduler=True)
