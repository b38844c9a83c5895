"""The outbox's jobs: delivery on the ``mail`` queue, and the sweep that keeps it moving."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from clusterbridge.outbox import delivery


@task(queue_name="mail")
def deliver_outbox() -> int:
    """Send the messages that are due; returns how many the mail server accepted."""
    sent = delivery.deliver_due(now=timezone.now())
    if delivery.due_messages(now=timezone.now()).exists():
        # More than one batch was due, or a message was claimed by a worker now gone.
        deliver_outbox.enqueue()
    return sent


@task(queue_name="mail")
def sweep_outbox() -> bool:
    """Ask for a delivery when messages are due: after a backoff, a lost job or a dead worker."""
    if delivery.due_messages(now=timezone.now()).exists():
        deliver_outbox.enqueue()
        return True
    return False
