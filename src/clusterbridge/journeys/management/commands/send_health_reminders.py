from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from clusterbridge.journeys.services import send_health_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders that pair health calls for (no session, a silent mentor, an "
        "overdue assessment): first to the person, then to the programme manager. Safe to run "
        "as often as you like: a reminder is never sent twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_health_reminders(now=timezone.now())
        self.stdout.write(f"{sent} reminder(s) sent.")
