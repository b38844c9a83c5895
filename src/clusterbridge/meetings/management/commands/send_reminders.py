"""`clusterbridge send_reminders`: e-mail the invitees of meetings starting within 24 hours.

Run it every few minutes from cron or a systemd timer; runs may overlap safely.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from clusterbridge.meetings.services import send_due_reminders


class Command(BaseCommand):
    help = "Send the 24-hour reminders that are due (never twice per meeting and invitee)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders()
        if options["verbosity"] > 0:
            self.stdout.write(f"{sent} reminder(s) sent")
