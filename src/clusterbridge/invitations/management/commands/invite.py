"""``clusterbridge invite SLUG (--email EMAIL ... | --pending) [--role mentee|mentor|manager]``.

Sends the invitation e-mails as the operator: ``--email`` invites the accepted participants
with these addresses (a new link replaces a pending one: that is how to resend), ``--pending``
every accepted participant without a login and without a working link. ``--role`` narrows
either to one role. Exit status 1, with a message and nothing sent, for an unknown slug, or an
address that is no accepted participant of the programme (in that role).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clusterbridge.invitations import selectors, services
from clusterbridge.programmes.models import Role

ROLES = [Role.MENTEE.value, Role.MENTOR.value, Role.MANAGER.value]


class Command(BaseCommand):
    help = "E-mail accepted participants without a login a link to set their password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the programme's short name in addresses")
        chosen = parser.add_mutually_exclusive_group(required=True)
        chosen.add_argument(
            "--email", nargs="+", metavar="EMAIL", help="the participants' e-mail addresses"
        )
        chosen.add_argument(
            "--pending",
            action="store_true",
            help="every accepted participant without a login or a working link",
        )
        parser.add_argument("--role", choices=ROLES, help="only participants in this role")

    def handle(self, *args: Any, **options: Any) -> None:
        slug, role = options["slug"], options["role"]
        programme = selectors.existing_programme(slug)
        if programme is None:
            raise CommandError(f"No programme with the slug {slug!r}.", returncode=1)
        if options["pending"]:
            participations = list(
                selectors.pending_participations(programme, now=timezone.now(), role=role)
            )
        else:
            participations, missing = selectors.participations_by_emails(
                programme, options["email"], role=role
            )
            if missing:
                what = f"accepted {role}" if role else "accepted participant"
                raise CommandError(
                    f"No {what} of {slug} has the address {', '.join(missing)}: nothing was sent.",
                    returncode=1,
                )
        try:
            invitations = services.invite_participants(
                programme=programme, participations=participations, invited_by=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from None
        invited = {invitation.participation_id for invitation in invitations}
        for participation in participations:
            person = participation.person
            if participation.pk in invited:
                self.stdout.write(f"invited: {person.email} ({participation.role})")
            else:
                self.stdout.write(f"skipped: {person.email} (already has a login or no address)")
        self.stdout.write(f"{len(invitations)} invitation(s) sent for {slug}.")
