from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.common.backup import BackupError, engine, file_kind, restore


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
            file_kind(file)
            if interactive and not self._confirmed(file):
                self.stdout.write("Restore cancelled; nothing changed.")
                return
            restore(file)
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from None
        self.stdout.write(f"Restored the {engine()} database from {file}.")

    def _confirmed(self, file: Path) -> bool:
        answer = input(
            f"This replaces every row of the {engine()} database with the backup {file}. "
            "Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"
