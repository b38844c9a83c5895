"""The EMAIL_BACKEND of production and the demo: e-mail goes to the outbox table, then out.

``send_messages`` writes one row per message in the caller's transaction, so a change and the
mail it causes commit (or roll back) together, and asks for a delivery job on the ``mail``
queue once the transaction commits. The job (``delivery.py``) talks to the real mail server.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from clusterbridge.outbox import services


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        return services.queue_messages(messages=email_messages)
