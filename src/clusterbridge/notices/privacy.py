"""Personal data of notices: who received which announcement, each person's choices."""

from __future__ import annotations

from clusterbridge.common import privacy
from clusterbridge.notices.models import (
    Announcement,
    AnnouncementRecipient,
    DeliveryPreference,
    DigestSubscription,
)

for model in (AnnouncementRecipient, DeliveryPreference, DigestSubscription):
    privacy.register(model, rows=privacy.rows_of(model), anonymise=privacy.delete_rows)
privacy.register(
    Announcement,
    rows=privacy.rows_of(Announcement, "author"),
    kept_because="what a programme was told stays in its record; the author is anonymised",
)
privacy.not_personal(
    "notices.AnnouncementVersion", reason="the text of an announcement in another language"
)
