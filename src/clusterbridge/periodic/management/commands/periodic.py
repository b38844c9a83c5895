"""``clusterbridge periodic [--once]``: enqueues the periodic jobs when they are due.

Run one per site, or ``--once`` from cron every minute (docs/deployment.md, "Periodic jobs").
Two schedulers at once enqueue each run once. The jobs themselves run in ``clusterbridge
worker``.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError
from django.utils import timezone

from clusterbridge.periodic.registry import periodic_jobs
from clusterbridge.periodic.scheduler import run_due, seconds_to_next_minute

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (reminders, retention, the outbox sweep) when they are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="enqueue what is due now and exit (for cron)"
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="show_jobs",
            help="list the periodic jobs and their periods",
        )

    def handle(self, *args: Any, once: bool, show_jobs: bool, **options: Any) -> None:
        if show_jobs:
            for job in periodic_jobs():
                self.stdout.write(f"{job.name}\tevery {job.every}\tqueue {job.task.queue_name}")
            return
        while True:
            try:
                enqueued = run_due(now=timezone.now())
            except DatabaseError:
                if once:
                    raise
                # A busy or restarting database: the next minute's pass catches up.
                logger.exception("periodic jobs could not be scheduled this minute")
                enqueued = []
            for name in enqueued:
                if options["verbosity"] > 0:
                    self.stdout.write(f"enqueued {name}")
            if once:
                return
            time.sleep(seconds_to_next_minute(timezone.now()))
