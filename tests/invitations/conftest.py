"""Newcomers of programme "reloaded" (tests/conftest.py's world) who have no login yet: Nadia,
an accepted mentee whose working languages make French her best, and Omar, an accepted mentor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.utils import timezone

from clusterbridge.directory.models import Person, PersonLanguage
from clusterbridge.invitations.models import Invitation
from clusterbridge.invitations.services import token_digest
from clusterbridge.programmes.models import Participation, Programme
from tests.conftest import World
from tests.factories import ParticipationFactory, PersonFactory

LINK = re.compile(r"http://testserver/invitations/([A-Za-z0-9_-]+)/")


@dataclass
class Newcomers:
    nadia: Participation
    omar: Participation

    @property
    def programme(self) -> Programme:
        return self.nadia.programme


@pytest.fixture
def newcomers(world: World, settings) -> Newcomers:
    settings.BASE_URL = "http://testserver"
    nadia = PersonFactory(full_name="Nadia Alaoui", email="nadia@example.org")
    PersonLanguage.objects.create(person=nadia, language="en", level="B2")
    PersonLanguage.objects.create(person=nadia, language="fr", level="C2")
    omar = PersonFactory(full_name="Omar Haddad", email="omar@example.org")
    return Newcomers(
        nadia=ParticipationFactory(programme=world.reloaded, person=nadia, role="mentee"),
        omar=ParticipationFactory(programme=world.reloaded, person=omar, role="mentor"),
    )


def link_in(message: EmailMessage) -> str:
    """The token of the one invitation link in the message."""
    body = message.get_body(("plain",))
    assert body is not None
    [token] = LINK.findall(body.get_content())
    return str(token)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def invitation_with_token(participation: Participation, token: str, **fields: object) -> Invitation:
    """An invitation whose raw token the test knows, for pages that need no e-mail."""
    values: dict[str, object] = {"expires_at": timezone.now() + timedelta(days=14), **fields}
    return Invitation.objects.create(
        programme=participation.programme,
        participation=participation,
        token_digest=token_digest(token),
        **values,
    )


def person(participation: Participation) -> Person:
    return Person.objects.get(pk=participation.person_id)
