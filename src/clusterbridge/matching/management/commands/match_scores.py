"""``clusterbridge match_scores SCORES.csv [--capacities CAP.csv] [--mode optimal|stable]``.

A thin wrapper over ``matching.scores_csv`` and ``matching.solver``: no database access.
Prints the proposal as JSON on stdout; a malformed file exits with status 2 and a one-line
message on stderr naming the row and column.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.matching.scores_csv import (
    ScoresFileError,
    match_scores,
    read_capacities,
    read_scores,
)


class Command(BaseCommand):
    help = "Propose mentee-mentor pairs from a score matrix CSV and print them as JSON."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("scores", type=Path, help="CSV: header mentee,<mentor id>,...")
        parser.add_argument("--capacities", type=Path, help="CSV: header mentor,capacity")
        parser.add_argument("--mode", choices=["optimal", "stable"], default="optimal")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            table = read_scores(options["scores"])
            capacities = (
                read_capacities(options["capacities"], mentor_ids=table.mentor_ids)
                if options["capacities"]
                else None
            )
        except ScoresFileError as error:
            raise CommandError(str(error), returncode=2) from None
        document = match_scores(table, capacities=capacities, mode=options["mode"])
        self.stdout.write(json.dumps(document, ensure_ascii=False))
