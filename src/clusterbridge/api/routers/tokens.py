"""The caller's own API tokens: issue one (its key is shown once), list them, revoke one."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError

from clusterbridge.api import selectors, services
from clusterbridge.api.common import ERRORS, WRITE_ERRORS, Id, SessionAuth
from clusterbridge.api.models import ApiToken

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: int
    name: str
    # The key's first characters, to tell keys apart; empty for keys issued before they were kept.
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    # The raw key: shown in this answer only, stored as a digest.
    key: str


class TokenIn(Schema):
    # Printable text only: control characters (NUL among them) have no place in a name.
    name: str = Field(..., max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")


def _token(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.key_prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, url_name="tokens")
def tokens(request: HttpRequest) -> list[TokenOut]:
    return [_token(token) for token in selectors.tokens_of(request.user)]  # type: ignore[arg-type]


# Only a signed-in session creates tokens, never a token: a leaked key must not be able to
# mint others that outlive its revocation. Sessions of managers and site admins reach this
# only after their second factor (programmes.middleware.RequireTwoFactorMiddleware).
@router.post(
    "/tokens",
    response={201: NewTokenOut, **WRITE_ERRORS},
    url_name="tokens",
    auth=SessionAuth(csrf=True),
)
def create_token(request: HttpRequest, body: TokenIn) -> Status[NewTokenOut]:
    """Create a token from a signed-in session; a call with a token answers 401."""
    try:
        token, key = services.create_api_token(user=request.user, name=body.name)  # type: ignore[arg-type]
    except ValidationError as error:
        raise NinjaValidationError([{"msg": message} for message in error.messages]) from error
    return Status(201, NewTokenOut(**_token(token).model_dump(), key=key))


@router.delete("/tokens/{int:pk}", response={200: TokenOut, **WRITE_ERRORS}, url_name="token")
def revoke_token(request: HttpRequest, pk: Id) -> TokenOut:
    token = get_object_or_404(selectors.tokens_of(request.user), pk=pk)  # type: ignore[arg-type]
    return _token(services.revoke_api_token(token=token))
