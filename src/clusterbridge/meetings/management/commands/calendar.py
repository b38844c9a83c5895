"""`clusterbridge calendar EMAIL`: a person's calendar feed (the same as their secret URL)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from clusterbridge.directory.models import Person
from clusterbridge.meetings import ics, selectors
from clusterbridge.meetings.agenda import other_events_of


class Command(BaseCommand):
    help = "Write a person's calendar feed (iCalendar) to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the person's e-mail address")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip()
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            self.stderr.write(f"clusterbridge calendar: nobody has the e-mail address {email!r}\n")
            sys.exit(1)
        content = ics.feed_ics(
            person,
            selectors.feed_meetings(person, now=timezone.now()),
            extra=other_events_of(person),
        )
        self.stdout.write(content.decode(), ending="")
