"""Personal data of invitations: who was invited, by whom and when."""

from __future__ import annotations

from clusterbridge.common import privacy
from clusterbridge.invitations.models import Invitation

privacy.register(
    Invitation,
    rows=lambda person: Invitation.objects.filter(participation__person=person),
    anonymise=privacy.delete_rows,
    never_exported=("token_digest",),
)
