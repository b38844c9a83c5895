"""Personal data in the API app: a user's tokens."""

from __future__ import annotations

from clusterbridge.api.models import ApiToken
from clusterbridge.common import privacy

privacy.register(
    ApiToken,
    rows=lambda person: (
        ApiToken.objects.filter(user_id=person.user_id)
        if person.user_id
        else ApiToken.objects.none()
    ),
    anonymise=privacy.delete_rows,
    never_exported=("key_digest",),
)
