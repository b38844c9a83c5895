from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.common import privacy
from clusterbridge.directory.models import Person


def person_by_email(email: str) -> Person:
    person = Person.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        raise CommandError(f"No person with the e-mail address {email!r}.", returncode=1)
    return person


class Command(BaseCommand):
    help = "Write everything held about a person as JSON to standard output (right of access)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the person's e-mail address")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        sys.stdout.write(privacy.export_json(person_by_email(email)) + "\n")
        sys.stdout.flush()
