"""``clusterbridge match_scores SCORES.csv [--capacities CAP.csv] [--mode optimal|stable]``.

A thin wrapper over ``matching.scores_command`` (which the ``clusterbridge`` entry point runs
without setting Django up): no database access. Prints the proposal as JSON on stdout; a
malformed file exits with status 2 and a one-line message on stderr naming the row and column.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.matching import scores_command
from clusterbridge.matching.scores_csv import ScoresFileError


class Command(BaseCommand):
    help = scores_command.HELP
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        scores_command.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = scores_command.proposal(options)
        except ScoresFileError as error:
            raise CommandError(str(error), returncode=scores_command.BAD_FILE) from None
        self.stdout.write(document)
