from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from clusterbridge.programmes.models import Programme
from clusterbridge.reports.exporters import EXPORTERS
from clusterbridge.reports.impact import build_impact_report


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
        with translation.override(options["lang"]):
            report = build_impact_report(programme, now=timezone.now())
            filename, _content_type, content = EXPORTERS[options["format"]](report)
        output: Path = options["output"] or Path(filename)
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}", returncode=1) from None
        self.stdout.write(f"Wrote {output}, size in bytes: {len(content)}.")
