"""clusterbridge import_people FILE [--programme SLUG --role mentee|mentor] [--dry-run]

Exit status: 0 every row imported, 3 some rows rejected (the others imported), 2 the file
itself is unreadable, 1 a usage error (unknown programme, --role without --programme).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.directory import imports
from clusterbridge.directory.tabular import UnreadableFile, read_table
from clusterbridge.programmes import services as programme_services
from clusterbridge.programmes.models import Programme, ProgrammeStatus, Role
from clusterbridge.programmes.selectors import import_refusals

SOME_REJECTED = 3
UNREADABLE = 2


class ProgressBar:
    """A bar on standard error when it is a terminal; silent otherwise (logs stay clean)."""

    def __init__(self, stream: Any, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.enabled = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import or update people from a CSV or Excel file (matched by e-mail)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .csv or .xlsx file with a header row")
        parser.add_argument("--programme", help="enrol everyone in this programme (its slug)")
        parser.add_argument("--role", choices=[Role.MENTEE, Role.MENTOR], help="their role")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--rejected",
            help="where to write the rejected rows (default: FILE.rejected.csv beside FILE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        programme = self._programme(options["programme"], options["role"])
        try:
            table = read_table(path.read_bytes(), filename=path.name)
            # The operator may update anyone; only the programme's other side is refused.
            refusals = import_refusals(None, programme=programme, role=options["role"])
            preview = imports.preview_people(table, refusals=refusals)
        except OSError as error:
            raise CommandError(
                f"Cannot read {path}: {error.strerror}.", returncode=UNREADABLE
            ) from None
        except UnreadableFile as error:
            raise CommandError(f"{path}: {error}", returncode=UNREADABLE) from None
        self._report(preview)
        if not options["dry_run"] and preview.valid:
            enrol = self._enrolment(programme, options["role"])
            try:
                people = imports.commit_people(
                    preview, on_person=enrol, progress=ProgressBar(sys.stderr)
                )
            except ValidationError as error:
                raise CommandError(
                    f"Nothing was imported: {'; '.join(error.messages)}", returncode=1
                ) from None
            if enrol is not None:
                enrol.announce()
            self.stdout.write(f"Imported {len(people)} of {preview.total} row(s).")
        elif options["dry_run"]:
            self.stdout.write(f"Dry run: {len(preview.valid)} row(s) would be imported.")
        if preview.rejected:
            target = Path(options["rejected"] or f"{path}.rejected.csv")
            target.write_bytes(imports.rejected_rows_csv(preview))
            self.stdout.write(f"{len(preview.rejected)} rejected row(s) written to {target}.")
            sys.exit(SOME_REJECTED)

    def _programme(self, slug: str | None, role: str | None) -> Programme | None:
        if slug is None:
            if role is not None:
                raise CommandError("--role needs --programme.", returncode=1)
            return None
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(f"No programme with the slug {slug!r}.", returncode=1)
        if role is None:
            raise CommandError("--programme needs --role mentee or mentor.", returncode=1)
        if programme.status == ProgrammeStatus.CLOSED:
            raise CommandError(f"The programme {slug!r} is closed.", returncode=1)
        return programme

    def _enrolment(
        self, programme: Programme | None, role: str | None
    ) -> programme_services.Enrolment | None:
        if programme is None or role is None:
            return None
        return programme_services.enrolment(programme=programme, role=role)

    def _report(self, preview: imports.Preview) -> None:
        self.stdout.write(
            f"{preview.total} row(s): {len(preview.valid)} valid, {len(preview.rejected)} rejected."
        )
        if preview.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(preview.ignored_columns)}.")
        for rejection in preview.rejected:
            where = f"row {rejection.row}" + (f", {rejection.column}" if rejection.column else "")
            self.stdout.write(f"  {where}: {rejection.reason}")
