"""Personal data in the outbox: the e-mails sent to a person, kept as they were sent."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from clusterbridge.common import privacy
from clusterbridge.outbox.models import OutboxMessage, OutboxRecipient


def _messages_to(person: Any) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(recipients__address=person.email.strip().lower())


def _addresses_of(person: Any) -> QuerySet[OutboxRecipient]:
    return OutboxRecipient.objects.filter(address=person.email.strip().lower())


# An erased person's mail, sent or still waiting, goes: nothing of it is needed to run the
# programmes, and a waiting message must not reach them afterwards.
privacy.register(OutboxMessage, rows=_messages_to, anonymise=privacy.delete_rows)
privacy.register(
    OutboxRecipient,
    rows=_addresses_of,
    kept_because="deleted with its message, whose rows erasure deletes",
    exported=False,
)
