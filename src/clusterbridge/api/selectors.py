"""Reads of the API app: which user a key belongs to."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from clusterbridge.accounts.models import User
from clusterbridge.api.models import ApiToken
from clusterbridge.api.services import key_digest

# Stamping every call would turn each read into a write; once a minute is enough to tell
# whether a token is still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def user_for_key(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_digest=key_digest(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
