"""A login someone opened on their own joins their existing profile once allauth has verified
its address (signal ``email_confirmed``), never at sign-up: typing an address proves nothing."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.http import HttpRequest

from clusterbridge.invitations.services import link_verified_address


@receiver(email_confirmed)
def link_person_on_verified_address(
    sender: Any, request: HttpRequest | None, email_address: EmailAddress, **kwargs: Any
) -> None:
    link_verified_address(email_address=email_address)
