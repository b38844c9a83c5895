from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.directory.services import erase_person, placeholder_name
from clusterbridge.programmes.selectors import people_past_retention


class Command(BaseCommand):
    help = (
        "Anonymise the participants of programmes closed more than N years ago, unless they "
        "take part in a later programme. Dry run unless --for-real."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, required=True, help="retention period, e.g. 5")
        parser.add_argument(
            "--for-real", action="store_true", help="anonymise; without it, only list who would be"
        )

    def handle(self, *args: Any, years: int, for_real: bool, **options: Any) -> None:
        if years < 1:
            raise CommandError("--years must be at least 1.", returncode=2)
        people = list(people_past_retention(years=years, today=date.today()))
        verb = "Anonymised" if for_real else "Would anonymise"
        for person in people:
            if for_real:
                erase_person(person=person)
            self.stdout.write(f"{verb} #{person.pk} as {placeholder_name(person)}")
        self.stdout.write(f"{verb} {len(people)} people.")
        if people and not for_real:
            self.stdout.write("Run again with --for-real to do it.")
