"""Personal data in meetings: who was invited and who attended."""

from __future__ import annotations

from clusterbridge.common import privacy
from clusterbridge.meetings.models import (
    Absence,
    CalendarFeed,
    Invitation,
    MeetingChange,
    SentReminder,
    SessionProposal,
    WeeklyWindow,
)

privacy.register(
    Invitation,
    rows=lambda person: Invitation.objects.filter(person=person),
    kept_because="attendance figures stay valid; invitations point to the anonymised person",
)
privacy.not_personal(
    "meetings.Meeting",
    reason="programme events; a name in a title or description is replaced by the scrub",
)


privacy.register(
    MeetingChange,
    rows=lambda person: (
        MeetingChange.objects.filter(changed_by_id=person.user_id)
        if person.user_id
        else MeetingChange.objects.none()
    ),
    kept_because="a meeting's history; the scrub replaces the name in notes",
)
privacy.register(
    SentReminder,
    rows=lambda person: SentReminder.objects.filter(person=person),
    kept_because="the guard against a second reminder; it points to the anonymised person",
)
for model in (CalendarFeed, WeeklyWindow, Absence):
    privacy.register(
        model,
        rows=privacy.rows_of(model),
        anonymise=privacy.delete_rows,
    )
privacy.register(
    SessionProposal,
    rows=lambda person: SessionProposal.objects.filter(proposed_by=person),
    kept_because="a pair's session history; it points to the anonymised person",
)
