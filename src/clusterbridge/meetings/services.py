"""Write services for meetings and their invitations. One transaction each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterbridge.directory.models import Person
from clusterbridge.meetings.models import Attendance, Invitation, Meeting
from clusterbridge.programmes.models import Pair, Participation, Programme


def _check_invitees(programme: Programme, invitees: list[Person]) -> None:
    enrolled = set(
        Participation.objects.filter(programme=programme, person__in=invitees).values_list(
            "person_id", flat=True
        )
    )
    outsiders = [person for person in invitees if person.pk not in enrolled]
    if outsiders:
        raise ValidationError(
            {
                "invitees": ValidationError(
                    _("Not in this programme: %(names)s."),
                    code="outsider",
                    params={"names": ", ".join(sorted(p.full_name for p in outsiders))},
                )
            }
        )


@transaction.atomic
def create_meeting(
    *,
    programme: Programme,
    kind: str,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    invitees: Iterable[Person] = (),
    online_url: str = "",
    venue: str = "",
    description: str = "",
    pair: Pair | None = None,
) -> Meeting:
    """Schedule a meeting and invite people of its programme. Times are stored in UTC."""
    if timezone.is_naive(starts_at):
        raise ValueError("create_meeting() needs an aware datetime")
    invitee_list = list(dict.fromkeys(invitees))
    _check_invitees(programme, invitee_list)
    if pair is not None and pair.programme_id != programme.pk:
        raise ValidationError(
            {"pair": ValidationError(_("This pair belongs to another programme."))}
        )
    meeting = Meeting(
        programme=programme,
        kind=kind,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        online_url=online_url,
        venue=venue,
        description=description,
        pair=pair,
    )
    meeting.full_clean()
    meeting.save()
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, person=person) for person in invitee_list
    )
    return meeting


@transaction.atomic
def record_attendance(*, meeting: Meeting, person: Person, attendance: str) -> Invitation:
    if attendance not in Attendance.values:
        raise ValidationError(_("Unknown attendance value."))
    invitation = Invitation.objects.select_for_update().get(meeting=meeting, person=person)
    invitation.attendance = attendance
    invitation.save(update_fields=["attendance"])
    return invitation
