from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from clusterbridge.community import selectors
from clusterbridge.programmes import selectors as programme_selectors


def notifications(request: HttpRequest) -> dict[str, object]:
    """The signed-in person's unread notifications, counted only if a page shows them."""
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: selectors.unread_count(programme_selectors.person_of(request.user))
        )
    }
