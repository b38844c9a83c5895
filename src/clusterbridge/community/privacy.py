"""Personal data in the i-Community: posts, interests, notifications, recorded ties."""

from __future__ import annotations

from clusterbridge.common import privacy
from clusterbridge.community.models import (
    Collaboration,
    Interest,
    ModerationLog,
    Notification,
    Opportunity,
)

for model, field in ((Opportunity, "author"), (Interest, "person"), (Notification, "recipient")):
    privacy.register(
        model,
        rows=privacy.rows_of(model, field),
        anonymise=privacy.delete_rows,
    )
privacy.register(
    ModerationLog,
    rows=lambda person: (
        ModerationLog.objects.filter(actor_id=person.user_id)
        if person.user_id
        else ModerationLog.objects.none()
    ),
    kept_because="who moderated what stays accountable; the scrub replaces the name in notes",
)
privacy.register(
    Collaboration,
    rows=lambda person: Collaboration.objects.filter(recorded_by=person),
    kept_because="ties between organisations feed the network figures; the record points to "
    "the anonymised person",
)
