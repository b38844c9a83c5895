from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from clusterbridge.common import dates, figures

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class UserPreferencesMiddleware:
    """Show times in the viewer's zone and digits, and pages in their chosen language.

    A signed-in user's saved language wins over the cookie; their profile's time zone over UTC.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        zone = "UTC"
        digits = dates.Digits.AUTOMATIC
        if user.is_authenticated:
            person = getattr(user, "person", None)
            if person is not None:
                zone = person.time_zone
                digits = person.digits
            language = user.language
            if language and language in dict(settings.LANGUAGES):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo("UTC"))
        request.viewer_time_zone = zone  # type: ignore[attr-defined]
        with dates.override_digits(digits):
            return self.get_response(request)


security_log = logging.getLogger("clusterbridge.security")


class RefusedAccessLogMiddleware:
    """Log every refused request (403, 404) of a signed-in user, for the security review.

    The record names the route pattern, not the path, and never the query string or body:
    paths can carry password-reset or e-mail confirmation keys.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404):
            match = request.resolver_match
            user = getattr(request, "user", None)
            security_log.warning(
                "refused %s %s: status %s for user %s",
                request.method,
                match.route if match else "(no route)",
                response.status_code,
                user.pk if user is not None and user.is_authenticated else "anonymous",
            )
        return response


class ForgetFiguresMiddleware:
    """A write that succeeded makes the cached programme figures stale (common/figures.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            figures.forget_figures()
        return response
