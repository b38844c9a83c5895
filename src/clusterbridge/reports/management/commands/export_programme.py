from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.programmes.models import Programme
from clusterbridge.reports.programme_export import render_programme_json


class Command(BaseCommand):
    help = "Write a programme, its participants, pairs and meetings as JSON to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "slug", help="the programme's short name, e.g. cluster-mentoring-reloaded"
        )

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        programme = (
            Programme.objects.select_related("track", "operator", "initiator")
            .filter(slug=slug)
            .first()
        )
        if programme is None:
            known = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"No programme with the slug {slug!r}. Known slugs: {known or 'none'}.",
                returncode=1,
            )
        _, _, content = render_programme_json(programme)
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
