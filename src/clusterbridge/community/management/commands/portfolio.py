"""clusterbridge portfolio SLUG --lang en|fr|ar -o FILE.pdf (or FILE.html for the web version).

Runs the same job as the portfolio page's download (`community.portfolio`), in this process,
with a progress bar on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.community import portfolio
from clusterbridge.community.jobs import PORTFOLIO
from clusterbridge.jobs.cli import ProgressBar, write_result
from clusterbridge.jobs.registry import JobFailed
from clusterbridge.jobs.services import run_job_here
from clusterbridge.programmes.models import Programme


class Command(BaseCommand):
    help = "Write a programme's portfolio of consenting participants as PDF (or HTML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the programme's short name")
        parser.add_argument("--lang", choices=portfolio.LANGUAGES, default="en")
        parser.add_argument(
            "-o", "--output", required=True, help="FILE.pdf, or FILE.html for the HTML version"
        )

    def handle(self, *args: Any, slug: str, lang: str, output: str, **options: Any) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(f"No programme with the slug {slug!r}.", returncode=1)
        target = Path(output)
        file_format = "html" if target.suffix.lower() in {".html", ".htm"} else "pdf"
        bar = ProgressBar(self.stderr)
        try:
            result = run_job_here(
                kind=PORTFOLIO,
                params={"programme": programme.pk, "lang": lang, "format": file_format},
                progress_callback=bar,
            )
        except JobFailed as error:
            raise CommandError(str(error), returncode=1) from None
        finally:
            bar.close()
        assert result is not None
        try:
            write_result(result, target)
        except OSError as error:
            raise CommandError(f"Cannot write {target}: {error.strerror}.", returncode=1) from None
        self.stdout.write(f"{result.message} Written to {target}.")
