"""Writes of the API app: issuing and revoking tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.api.models import ApiToken
from clusterbridge.common.text import one_line

KEY_PREFIX_LENGTH = 8


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token for ``user`` and return it with its raw key, which is never stored.

    Side effects: one ApiToken row holding the key's SHA-256 digest and its first characters.
    """
    name = one_line(name)
    if not name:
        raise ValidationError(_("Give the token a name."))
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_digest=key_digest(key), key_prefix=key[:KEY_PREFIX_LENGTH]
    )
    return token, key


@transaction.atomic
def revoke_api_token(*, token: ApiToken) -> ApiToken:
    """Revoke the token: later calls with its key answer 401.

    Side effects: stamps revoked_at (once; revoking again keeps the first date).
    """
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
