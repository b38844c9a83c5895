"""The digests as a periodic job (`clusterbridge periodic`); each digest is claimed by a record
before it is sent, so a repeated or late run sends nothing twice."""

from __future__ import annotations

from django_tasks import task

from clusterbridge.notices.services import send_digests


@task(queue_name="default")
def digests() -> int:
    return sum(outcome.sent for outcome in send_digests())
