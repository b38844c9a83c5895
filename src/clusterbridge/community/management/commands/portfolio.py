"""clusterbridge portfolio SLUG --lang en|fr|ar -o FILE.pdf (or FILE.html for the web version)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.community import portfolio
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
        programme = Programme.objects.select_related("operator").filter(slug=slug).first()
        if programme is None:
            raise CommandError(f"No programme with the slug {slug!r}.", returncode=1)
        target = Path(output)
        content = portfolio.build_portfolio(programme)

        def progress(message: str) -> None:
            sys.stderr.write(f"{message}…\n")

        if target.suffix.lower() in {".html", ".htm"}:
            data = portfolio.render_html(content, language=lang, for_pdf=True).encode("utf-8")
        else:
            data = portfolio.render_pdf(content, language=lang, progress=progress)
        try:
            target.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {target}: {error.strerror}.", returncode=1) from None
        self.stdout.write(
            f"Portfolio of {content.people_count} participant(s) in {len(content.sections)} "
            f"cluster(s) written to {target}."
        )
