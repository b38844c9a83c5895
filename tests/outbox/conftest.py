"""The outbox in front of the loopback SMTP server, as production runs it."""

from __future__ import annotations

import pytest

from tests.smtp import Inbox

OUTBOX = "clusterbridge.outbox.backend.OutboxBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def outbox(smtp: Inbox, settings) -> Inbox:
    """E-mail goes to the outbox table; delivery jobs send it to the `smtp` server."""
    settings.EMAIL_BACKEND = OUTBOX
    settings.OUTBOX_DELIVERY_BACKEND = SMTP
    # A dead server is found out at once, not after the default wait.
    settings.EMAIL_TIMEOUT = 5
    return smtp
