"""`clusterbridge send_digests [--dry-run]`: send each person their digest when it is due.

`clusterbridge periodic` runs the same work every 30 minutes; by hand, a digest leaves at the
first run after 07:00 in its reader's time zone (Mondays for weekly ones), once; a second run
right after sends nothing, and overlapping runs never send one twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clusterbridge.notices.services import send_digests


class Command(BaseCommand):
    help = "Send the daily and weekly digests that are due (never twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would receive a digest and its sections; send and record nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        outcomes = send_digests(dry_run=dry_run)
        if dry_run:
            for outcome in outcomes:
                if outcome.sections:
                    self.stdout.write(f"{outcome.person.email}: {outcome.sections} section(s)")
        sent = sum(outcome.sent for outcome in outcomes)
        if options["verbosity"] > 0:
            due = sum(bool(outcome.sections) for outcome in outcomes)
            self.stdout.write(
                f"{due} digest(s) due, none sent (dry run)" if dry_run else f"{sent} digest(s) sent"
            )
