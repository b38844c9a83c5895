"""Version 1 of the REST API, mounted at /api/v1/ with its OpenAPI 3 description.

Each route fetches through the same visibility selectors as the pages, so another
programme's object answers 404 and what a role may read is decided in one place.
"""

from __future__ import annotations

from ninja import NinjaAPI

from clusterbridge.api.common import AUTH
from clusterbridge.api.routers import (
    community,
    conversations,
    directory,
    journeys,
    programmes,
    tokens,
)

api = NinjaAPI(
    title="clusterbridge",
    version="1",
    description=(
        "Read access to organisations, people, programmes and their pairs, meetings and "
        "journeys. Authenticate with `Authorization: Bearer <key>` or a signed-in session. "
        "The session of a programme manager or site admin must be confirmed with a second "
        "factor first: until then every operation answers 403 "
        '`{"detail": "Two-factor authentication required: ..."}`.'
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url=None,
)
for router in (
    directory.router,
    programmes.router,
    journeys.router,
    community.router,
    conversations.router,
    tokens.router,
):
    api.add_router("", router)
