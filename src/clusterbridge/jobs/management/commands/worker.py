"""``clusterbridge worker [--queue NAME ...] [--burst]``: runs background jobs.

Works on the queue TASKS_URL names: the application's database by default, RQ on Redis when it is
a redis:// URL. ``--queue`` limits the worker to some queues (default: all of them); ``--burst``
exits with status 0 once no job is left. With TASKS_URL=immediate:// jobs run where they are
asked for, so the worker has nothing to do and says so.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clusterbridge.common.env import JOB_QUEUES
from clusterbridge.jobs.services import recover_stale_jobs
from clusterbridge.jobs.workers import NoWorkerNeeded, run_worker


class Command(BaseCommand):
    help = "Run background jobs (e-mail, exports, plans) from the job queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            action="extend",
            nargs="+",
            dest="queues",
            choices=JOB_QUEUES,
            default=[],
            metavar="NAME",
            help=f"only these queues ({', '.join(JOB_QUEUES)}); repeatable; default: all",
        )
        parser.add_argument(
            "--burst", action="store_true", help="exit with status 0 once the queue is empty"
        )

    def handle(self, *args: Any, queues: list[str], burst: bool, **options: Any) -> None:
        if options["verbosity"] > 1:
            logging.getLogger("django_tasks").setLevel(logging.DEBUG)
        # Jobs whose worker died before this one started would otherwise wait for the scheduler.
        recover_stale_jobs()
        try:
            run_worker(queues=queues, burst=burst)
        except NoWorkerNeeded:
            self.stdout.write("TASKS_URL=immediate://: every job runs at once; nothing to do.")
