from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.directory.management.commands.export_person import person_by_email
from clusterbridge.directory.services import erase_person, placeholder_name


class Command(BaseCommand):
    help = (
        "Anonymise a person everywhere on their request (right to erasure). Dry run unless "
        "--for-real."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the person's e-mail address")
        parser.add_argument(
            "--for-real", action="store_true", help="anonymise; without it, only say what would be"
        )

    def handle(self, *args: Any, email: str, for_real: bool, **options: Any) -> None:
        person = person_by_email(email)
        if not for_real:
            self.stdout.write(
                f"Would anonymise #{person.pk} {person.full_name} <{person.email}> as "
                f"{placeholder_name(person)}. Run again with --for-real to do it."
            )
            return
        try:
            erase_person(person=person)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from None
        self.stdout.write(f"Anonymised #{person.pk} as {placeholder_name(person)}.")
