"""A login someone opened on their own joins their existing profile once allauth has verified
its address (signal ``email_confirmed``), never at sign-up: typing an address proves nothing.
People an import enrolled get their invitation (signal ``participants_imported``)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.http import HttpRequest

from clusterbridge.accounts.models import User
from clusterbridge.invitations.services import invite_participants, link_verified_address
from clusterbridge.programmes.models import Participation, Programme
from clusterbridge.programmes.signals import participants_imported


@receiver(email_confirmed)
def link_person_on_verified_address(
    sender: Any, request: HttpRequest | None, email_address: EmailAddress, **kwargs: Any
) -> None:
    link_verified_address(email_address=email_address)


@receiver(participants_imported)
def invite_imported_participants(
    sender: Any,
    programme: Programme,
    participations: list[Participation],
    by: User | None,
    **kwargs: Any,
) -> None:
    invite_participants(programme=programme, participations=participations, invited_by=by)
