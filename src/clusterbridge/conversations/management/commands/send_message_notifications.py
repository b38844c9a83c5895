from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from clusterbridge.conversations.notifications import send_message_notifications


class Command(BaseCommand):
    help = (
        "E-mail each member about the conversations with messages they have not read: one "
        "e-mail per conversation and period at most. Safe to run as often as wanted."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_message_notifications()
        self.stdout.write(f"Sent {sent} new-message e-mails.")
