"""clusterbridge schedule_mission SLUG MISSION: places a mission's accepted requests and e-mails
every participant their agenda, with a progress bar on stderr (the mission page's job)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clusterbridge.jobs.cli import ProgressBar
from clusterbridge.jobs.registry import JobFailed
from clusterbridge.jobs.services import run_job_here
from clusterbridge.missions.jobs import SCHEDULE
from clusterbridge.missions.models import Mission


class Command(BaseCommand):
    help = "Schedule a mission's accepted meeting requests and send the agendas."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the programme's short name")
        parser.add_argument("mission", type=int, help="the mission's number (in its address)")

    def handle(self, *args: Any, slug: str, mission: int, **options: Any) -> None:
        found = Mission.objects.filter(programme__slug=slug, pk=mission).first()
        if found is None:
            raise CommandError(f"No mission {mission} in the programme {slug!r}.", returncode=1)
        bar = ProgressBar(self.stderr)
        try:
            result = run_job_here(
                kind=SCHEDULE, params={"mission": found.pk}, progress_callback=bar
            )
        except JobFailed as error:
            raise CommandError(str(error), returncode=1) from None
        finally:
            bar.close()
        assert result is not None
        self.stdout.write(result.message)
