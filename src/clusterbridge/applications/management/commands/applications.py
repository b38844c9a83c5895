from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clusterbridge.applications import selectors, services
from clusterbridge.applications.services import Decision
from clusterbridge.programmes.models import Programme

ACTIONS = (Decision.ACCEPT, Decision.DECLINE, Decision.WAITLIST)


class Command(BaseCommand):
    help = (
        "List a programme's applications, or accept, decline or waitlist applicants by e-mail "
        "address (each is e-mailed the decision)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the programme's short name")
        for action in ACTIONS:
            parser.add_argument(
                f"--{action}",
                nargs="+",
                default=[],
                metavar="EMAIL",
                help=f"{action} the applicants with these addresses",
            )
        parser.add_argument(
            "--message", default="", help="a message to the applicants, e.g. with a decline"
        )

    def handle(self, *args: Any, slug: str, message: str, **options: Any) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(f"No programme with the slug {slug!r}.", returncode=1)
        wanted = {action: options[action] for action in ACTIONS if options[action]}
        if not wanted:
            self._list(programme)
            return
        found = selectors.applications_by_email(
            programme, [email for emails in wanted.values() for email in emails]
        )
        unknown = [
            email
            for emails in wanted.values()
            for email in emails
            if email.strip().lower() not in found
        ]
        if unknown:
            raise CommandError(
                f"No application to {slug} from: {', '.join(unknown)}. Nothing was changed.",
                returncode=1,
            )
        for action, emails in wanted.items():
            self._decide(
                programme, action, [found[email.strip().lower()] for email in emails], message
            )

    def _decide(
        self, programme: Programme, action: Decision, applications: list[Any], message: str
    ) -> None:
        try:
            services.decide(
                programme=programme,
                applications=applications,
                decision=action,
                message=message,
                now=timezone.now(),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from None
        for application in applications:
            self.stdout.write(f"{action}: {application.participation.person.email}")

    def _list(self, programme: Programme) -> None:
        applications = selectors.applications_of(programme)
        if not applications:
            self.stdout.write(f"No applications to {programme.slug}.")
        for application in applications:
            participation = application.participation
            self.stdout.write(
                "\t".join(
                    [
                        participation.person.email,
                        participation.person.full_name,
                        participation.role,
                        participation.status,
                        str(application.answers.get("country", "")),
                        application.submitted_at.isoformat(timespec="minutes"),
                    ]
                )
            )
