"""Reactions to allauth's events."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.http import HttpRequest

from clusterbridge.applications import services


@receiver(email_confirmed)
def apply_answers_once_address_verified(
    sender: Any, request: HttpRequest, email_address: EmailAddress, **kwargs: Any
) -> None:
    """Whoever proves they read the address may change the profile that carries it."""
    services.apply_verified_answers(email=email_address.email)
