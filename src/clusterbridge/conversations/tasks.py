"""The new-message e-mails as a periodic job (`clusterbridge periodic`); a repeated or late run
sends nothing twice, as each e-mail is recorded per conversation, person and period."""

from __future__ import annotations

from django_tasks import task

from clusterbridge.conversations.notifications import send_message_notifications


@task(queue_name="default")
def message_notifications() -> int:
    return send_message_notifications()
