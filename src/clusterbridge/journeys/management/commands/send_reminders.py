"""`clusterbridge send_reminders`: the one periodic job for reminders.

It e-mails the invitees of meetings starting within 24 hours, then sends the reminders pair
health calls for (the same work as `send_health_reminders`, which stays available on its own).
Run it every few minutes from cron or a systemd timer; runs may overlap safely.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clusterbridge.journeys.services import send_health_reminders
from clusterbridge.meetings.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the 24-hour meeting reminders and the pair-health reminders that are due "
        "(never twice). Exit status 1 when the mail server refused the pair-health reminders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        meetings = send_due_reminders(now=now)
        if options["verbosity"] > 0:
            self.stdout.write(f"{meetings} reminder(s) sent")
        try:
            health = send_health_reminders(now=now)
        except OSError as error:
            # Each health reminder is recorded only once its mail left: the next run retries.
            raise CommandError(
                f"pair-health reminders could not be sent ({error}); the next run retries"
            ) from None
        if options["verbosity"] > 0:
            self.stdout.write(f"{health} pair-health reminder(s) sent")
