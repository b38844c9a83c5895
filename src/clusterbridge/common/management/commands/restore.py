from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.common.backup import BackupError, check_backup, engine, restore, safety_copy


class Command(BaseCommand):
    help = "Replace the whole database with the backup in FILE (made by `clusterbridge backup`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a backup made by `clusterbridge backup`")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, file: Path, interactive: bool, **options: Any) -> None:
        try:
            check_backup(file)
            if interactive and not self._confirmed(file):
                self.stdout.write("Restore cancelled; nothing changed.")
                return
            copy = safety_copy()
            self.stdout.write(f"The database as it was is saved in {copy}.")
            restore(file)
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from None
        self.stdout.write(f"Restored the {engine()} database from {file}.")

    def _confirmed(self, file: Path) -> bool:
        if not sys.stdin.isatty():
            raise CommandError(
                "restore asks for confirmation on a terminal, and there is none: nothing was "
                "restored. To restore from a script, pass --no-input.",
                returncode=1,
            )
        try:
            answer = input(
                f"This replaces every row of the {engine()} database with the backup {file}. "
                "Type 'yes' to continue: "
            )
        except EOFError:
            return False
        return answer.strip().lower() == "yes"
