"""Reactions to allauth's sign-in events."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver
from django.http import HttpRequest


@receiver(authenticator_added)
def confirm_session_on_totp_setup(
    sender: type[Authenticator],
    request: HttpRequest,
    user: Any,
    authenticator: Authenticator,
    **kwargs: Any,
) -> None:
    """Setting up TOTP means typing a valid code: that confirms the current session too."""
    if authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
