"""Signed unsubscribe links: the person and the category, no expiry (RFC 8058 links are
followed whenever the reader decides), and nothing to store."""

from __future__ import annotations

from django.core import signing

from clusterbridge.directory.models import Person

# The digest itself, as an unsubscribe target: it turns the frequency to never.
DIGEST = "digest"
_SALT = "clusterbridge.notices.unsubscribe"


def unsubscribe_token(person: Person, category: str) -> str:
    return signing.dumps({"p": person.pk, "c": category}, salt=_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(person id, category) of a genuine token, None for anything else."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    return data["p"], str(data.get("c", ""))
