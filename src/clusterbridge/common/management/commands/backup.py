from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.common.backup import BackupError, backup, engine


class Command(BaseCommand):
    help = "Back up the whole database to FILE (SQLite file or pg_dump custom archive)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.parent.is_dir():
            raise CommandError(f"The folder {file.parent} does not exist.", returncode=1)
        try:
            backup(file)
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from None
        self.stdout.write(f"Backed up the {engine()} database to {file}.")
