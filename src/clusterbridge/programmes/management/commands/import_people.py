"""clusterbridge import_people FILE [--programme SLUG --role mentee|mentor] [--dry-run]

Exit status: 0 every row imported, 3 some rows rejected (the others imported), 2 the file
itself is unreadable, 1 a usage error (unknown programme, --role without --programme).
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.directory import imports
from clusterbridge.directory.tabular import Table, UnreadableFile, read_table, table_to_json
from clusterbridge.jobs.cli import ProgressBar
from clusterbridge.jobs.registry import JobFailed
from clusterbridge.jobs.services import run_job_here
from clusterbridge.programmes import import_jobs
from clusterbridge.programmes.models import Programme, ProgrammeStatus, Role
from clusterbridge.programmes.selectors import import_refusals

SOME_REJECTED = 3
UNREADABLE = 2


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
            saved = self._import(table, programme, options["role"])
            self.stdout.write(f"Imported {saved} of {preview.total} row(s).")
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

    def _import(self, table: Table, programme: Programme | None, role: str | None) -> int:
        """Runs the import page's job here, with a progress bar; returns the rows imported."""
        token = f"cli-{secrets.token_urlsafe(16)}"
        (import_jobs.folder() / f"{token}.json").write_bytes(table_to_json(table))
        params = {
            "token": token,
            "kind": "people",
            "programme": programme.slug if programme else "",
            "role": role or "",
        }
        bar = ProgressBar(self.stderr)
        try:
            run_job_here(kind=import_jobs.IMPORT, params=params, progress_callback=bar)
            summary = import_jobs.stored_summary(token)
        except JobFailed as error:
            raise CommandError(str(error), returncode=1) from None
        finally:
            bar.close()
            for leftover in import_jobs.folder().glob(f"{token}.*"):
                leftover.unlink()
        assert summary is not None
        return summary.saved

    def _report(self, preview: imports.Preview) -> None:
        self.stdout.write(
            f"{preview.total} row(s): {len(preview.valid)} valid, {len(preview.rejected)} rejected."
        )
        if preview.ignored_columns:
            self.stdout.write(f"Ignored columns: {', '.join(preview.ignored_columns)}.")
        for rejection in preview.rejected:
            where = f"row {rejection.row}" + (f", {rejection.column}" if rejection.column else "")
            self.stdout.write(f"  {where}: {rejection.reason}")
