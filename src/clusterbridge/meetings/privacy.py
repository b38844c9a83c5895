"""Personal data in meetings: who was invited and who attended."""

from __future__ import annotations

from clusterbridge.common import privacy
from clusterbridge.meetings.models import Invitation

privacy.register(
    Invitation,
    rows=lambda person: Invitation.objects.filter(person=person),
    kept_because="attendance figures stay valid; invitations point to the anonymised person",
)
privacy.not_personal(
    "meetings.Meeting",
    reason="programme events; a name in a title or description is replaced by the scrub",
)
