"""clusterbridge impact_report SLUG [--format html|pdf|xlsx] [--lang en|fr|ar] [-o FILE].

Runs the same job as the impact report page's downloads (`reports.impact`), in this process,
with a progress bar on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.jobs.cli import ProgressBar, write_result
from clusterbridge.jobs.registry import JobFailed
from clusterbridge.jobs.services import run_job_here
from clusterbridge.programmes.models import Programme
from clusterbridge.reports.exporters import EXPORTERS
from clusterbridge.reports.jobs import IMPACT_REPORT


class Command(BaseCommand):
    help = "Write the impact report of a programme as a web page, a PDF or an Excel workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "slug", help="the programme's short name, e.g. cluster-mentoring-reloaded"
        )
        parser.add_argument("--format", choices=list(EXPORTERS), default="html")
        parser.add_argument(
            "--lang", choices=[code for code, _name in settings.LANGUAGES], default="en"
        )
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="file to write; by default impact-SLUG-LANG.FORMAT in the current directory",
        )

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            known = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"No programme with the slug {slug!r}. Known slugs: {known or 'none'}.",
                returncode=1,
            )
        bar = ProgressBar(self.stderr)
        try:
            result = run_job_here(
                kind=IMPACT_REPORT,
                params={
                    "programme": programme.pk,
                    "format": options["format"],
                    "lang": options["lang"],
                },
                progress_callback=bar,
            )
        except JobFailed as error:
            raise CommandError(str(error), returncode=1) from None
        finally:
            bar.close()
        assert result is not None
        assert result.content is not None
        output: Path = options["output"] or Path(result.filename)
        try:
            write_result(result, output)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}", returncode=1) from None
        self.stdout.write(f"Wrote {output}, size in bytes: {len(result.content)}.")
