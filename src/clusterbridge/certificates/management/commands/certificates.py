"""clusterbridge certificates SLUG: issue a closed programme's missing certificates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.certificates import pdf, services
from clusterbridge.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Issue the missing certificates of participation of a closed programme (the people of "
        "its completed pairs) and print each one's verification link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the programme's short name")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(f"No programme with the slug {slug!r}.", returncode=1)
        try:
            issued = services.issue_certificates(programme=programme, issued_by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from None
        for certificate in issued:
            self.stdout.write(f"{certificate.name}: {pdf.verification_url(certificate)}")
        self.stdout.write(f"{len(issued)} certificate(s) issued for {programme.slug}.")
