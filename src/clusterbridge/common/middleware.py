from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class UserPreferencesMiddleware:
    """Show times in the viewer's zone and pages in their chosen language.

    A signed-in user's saved language wins over the cookie; their profile's time zone over UTC.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        zone = "UTC"
        if user.is_authenticated:
            person = getattr(user, "person", None)
            if person is not None:
                zone = person.time_zone
            language = user.language
            if language and language in dict(settings.LANGUAGES):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo("UTC"))
        request.viewer_time_zone = zone  # type: ignore[attr-defined]
        return self.get_response(request)
