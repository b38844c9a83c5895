"""clusterbridge publish_plan SLUG: publishes a programme's draft meetings and sends their
invitations, with a progress bar on stderr (the same job as the meetings page's button)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.jobs.cli import ProgressBar
from clusterbridge.jobs.registry import JobFailed
from clusterbridge.jobs.services import run_job_here
from clusterbridge.meetings.jobs import PUBLISH_PLAN
from clusterbridge.programmes.models import Programme


class Command(BaseCommand):
    help = "Publish a programme's draft meetings and send their invitations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the programme's short name")

    def handle(self, *args: Any, slug: str, **options: Any) -> None:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(f"No programme with the slug {slug!r}.", returncode=1)
        bar = ProgressBar(self.stderr)
        try:
            result = run_job_here(
                kind=PUBLISH_PLAN, params={"programme": programme.pk}, progress_callback=bar
            )
        except JobFailed as error:
            raise CommandError(str(error), returncode=1) from None
        finally:
            bar.close()
        assert result is not None
        self.stdout.write(result.message)
