"""The reminder jobs, run by the periodic scheduler (`clusterbridge periodic`).

Each does whatever is due and never sends a reminder twice, so a late or repeated run is safe.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from clusterbridge.journeys.services import send_health_reminders
from clusterbridge.meetings.services import send_due_reminders


@task(queue_name="default")
def meeting_reminders() -> int:
    """E-mail the invitees of meetings starting within 24 hours; returns how many."""
    return send_due_reminders(now=timezone.now())


@task(queue_name="default")
def pair_health_reminders() -> int:
    """Send the reminders pair health calls for; returns how many."""
    return send_health_reminders(now=timezone.now())
