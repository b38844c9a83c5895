"""Start a programme's next edition from the command line, as the operator (no manager needed).

Its settings are copied and its people are not (``applications.editions.new_edition``); the
managers invite the returning mentors and alumni from the programme's "Invite back" page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.applications import editions
from clusterbridge.programmes.models import Programme


def _date(value: str, option: str) -> date:
    # Parsed here rather than by argparse, whose refusal exits with 2 and a usage text.
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option}: {value!r} is not a date (YYYY-MM-DD).", returncode=1
        ) from None


class Command(BaseCommand):
    help = "Create the next edition of a programme: its settings without its people, in draft."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", metavar="SOURCE_SLUG", help="the previous edition")
        parser.add_argument("--slug", required=True, help="the new edition's short name")
        parser.add_argument("--name", required=True, help="the new edition's name")
        parser.add_argument("--starts-on", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--ends-on", required=True, metavar="YYYY-MM-DD")

    def handle(self, *args: Any, source: str, slug: str, name: str, **options: Any) -> None:
        starts_on = _date(options["starts_on"], "--starts-on")
        ends_on = _date(options["ends_on"], "--ends-on")
        previous = Programme.objects.filter(slug=source).first()
        if previous is None:
            raise CommandError(f"No programme with the slug {source!r}.", returncode=1)
        if Programme.objects.filter(slug=slug).exists():
            raise CommandError(f"The slug {slug!r} is taken by another programme.", returncode=1)
        try:
            programme = editions.new_edition(
                source=previous, slug=slug, name=name, starts_on=starts_on, ends_on=ends_on, by=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from None
        self.stdout.write(
            f"Created {programme.slug} ({programme.get_status_display()}), the next edition of "
            f"{previous.slug}: {programme.get_absolute_url()}"
        )
