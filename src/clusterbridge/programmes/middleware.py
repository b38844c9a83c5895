"""Two-factor authentication for the people who can see and change a whole programme."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from clusterbridge.accounts.models import User
from clusterbridge.programmes.selectors import managed_programmes

# Signing in, setting up the code, signing out and the language switch stay reachable.
OPEN_PREFIXES = ("/accounts/", "/static/", "/health/", "/language/")
# The REST API (urls.py) is called by scripts and the pages' JavaScript, which cannot follow a
# redirect to a form: it answers a JSON error instead.
API_PREFIX = "/api/"


def needs_two_factor(user: User) -> bool:
    return bool(user.is_superuser or managed_programmes(user).exists())


def signed_in_with_two_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def signed_in_through_login_form(request: HttpRequest) -> bool:
    """allauth keeps a record of each way the session was authenticated.

    Sessions opened without the sign-in form (Django's test client's force_login) carry none;
    in production every sign-in goes through allauth, the admin's included (see urls.py).
    """
    return bool(get_authentication_records(request, request.user))


class RequireTwoFactorMiddleware:
    """Managers and site admins work only in sessions confirmed with a TOTP code.

    Without an authenticator they are sent to set one up (which confirms the session); with
    one, to confirm the session with a code. API calls get 403 with the API's error body
    instead (documented on every operation, see api/common.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_confirm(request):
            has_totp = is_mfa_enabled(request.user, [Authenticator.Type.TOTP])
            if request.path.startswith(API_PREFIX):
                return _api_refusal(has_totp)
            if has_totp:
                return redirect("mfa_reauthenticate")
            messages.warning(
                request,
                _(
                    "Programme managers and site admins sign in with a second factor: set up "
                    "an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_confirm(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            settings.CLUSTERBRIDGE_REQUIRE_MFA
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and signed_in_through_login_form(request)
            and not signed_in_with_two_factor(request)
            and needs_two_factor(user)
        )


def _api_refusal(has_totp: bool) -> JsonResponse:
    """403 in the shape of every API error, ``{"detail": "..."}``, saying what to do."""
    if has_totp:
        detail = _(
            "Two-factor authentication required: confirm this session with a code from your "
            "authenticator app at %(url)s, or call the API with a token."
        ) % {"url": reverse("mfa_reauthenticate")}
    else:
        detail = _(
            "Two-factor authentication required: set up an authenticator app at %(url)s to "
            "confirm this session."
        ) % {"url": reverse("mfa_activate_totp")}
    return JsonResponse({"detail": detail}, status=403)
