"""What every API route shares: authentication, error bodies, pagination and ordering."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Schema
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import BaseModel, BeforeValidator

from clusterbridge.accounts.models import User
from clusterbridge.api.selectors import user_for_key

MAX_LIMIT = 100
# Ids beyond a 32-bit integer do not exist and would overflow some databases' parameters.
MAX_ID = 2**31 - 1
DEFAULT_LIMIT = 20

T = TypeVar("T")
M = TypeVar("M", bound=Model)


class TokenAuth(HttpBearer):
    """Scripts: ``Authorization: Bearer <key>`` with a key from a user's API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_key(token)
        if user is not None:
            # The selectors read request.user, like the pages do.
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The web: the signed-in session, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if user.is_authenticated else None


AUTH = [TokenAuth(), SessionAuth(csrf=True)]


# Path parameters as the URL converters accept them, so the schema promises nothing the
# router refuses.
Slug = Annotated[str, Path(pattern=r"^[-a-zA-Z0-9_]+$", max_length=50)]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
ForeignId = Annotated[int, Field(ge=1, le=MAX_ID)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _calendar_date(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone reads 0 as 1970-01-01 (a Unix time)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a calendar date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_calendar_date)]


class Error(Schema):
    detail: Any


class Forbidden(Error):
    """Refused to a signed-in session: one of a programme manager or site admin that is not
    yet confirmed with a second factor ("Two-factor authentication required: ...", saying where
    to confirm it), or, on unsafe methods, one without its CSRF token. Calls with a token are
    never refused for the second factor."""


# Every operation answers these besides its success: the schema says so, and schemathesis
# checks that no other status code comes back. The 403 comes from
# programmes.middleware.RequireTwoFactorMiddleware, before any route runs.
ERRORS: dict[int, type[Schema]] = {401: Error, 403: Forbidden, 404: Error, 422: Error}
# Unsafe methods also answer 403 to a session without its CSRF token, and 400 to a body
# that is not JSON.
WRITE_ERRORS: dict[int, type[Schema]] = {400: Error, **ERRORS}


class Out(BaseModel):
    """Base of the response bodies, which the routes build field by field.

    Plain pydantic rather than ninja's Schema: Schema reads every field through a Django
    attribute getter, twice (when the route builds the body, and when ninja checks it), which
    made a page of 50 pairs spend more time there than in the database.
    """


class Page(Out, Generic[T]):
    count: int
    items: list[T]


class ListParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=1_000_000)


def page(
    items: QuerySet[M], params: ListParams, ordering: str, tie: str = "pk"
) -> tuple[int, list[M]]:
    """One page of ``items`` in the allow-listed order (the schema's enum), with the total."""
    count = items.count()
    # The page's ids first, from a narrow query, then only those rows with their joins: sorting
    # every row with all its joined columns to keep fifty of them cost more than the rest.
    ids = list(
        items.order_by(ordering, tie).values_list("pk", flat=True)[
            params.offset : params.offset + params.limit
        ]
    )
    found = items.in_bulk(ids)
    return count, [found[pk] for pk in ids]
