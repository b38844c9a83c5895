"""Signing up on one's own with an address a person already has: the login joins that person
once allauth verifies the address, never before."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from clusterbridge.accounts.models import User
from clusterbridge.directory.models import Person
from tests.conftest import World
from tests.factories import PersonFactory
from tests.invitations.conftest import Newcomers, invitation_with_token

PASSWORD = "olive grove at dawn 42"


def _sign_up(client: Client, email: str) -> None:
    response = client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302


def _confirm(client: Client) -> None:
    [key] = re.findall(r"/accounts/confirm-email/([^/\s]+)/", str(mail.outbox[-1].body))
    response = client.post(f"/accounts/confirm-email/{key}/")
    assert response.status_code == 302


def test_a_login_joins_its_person_only_once_the_address_is_verified(
    world: World, newcomers: Newcomers
) -> None:
    client = Client()
    _sign_up(client, "Nadia@Example.org")
    before = Person.objects.get(pk=newcomers.nadia.person_id).user_id

    _confirm(client)

    assert before is None
    user = User.objects.get(email="nadia@example.org")
    assert Person.objects.get(pk=newcomers.nadia.person_id).user == user


def test_after_linking_the_home_page_shows_the_programme_and_the_pair(
    world: World, newcomers: Newcomers
) -> None:
    Person.objects.filter(pk=world.people["amina"].pk).update(user=None)
    User.objects.filter(email="amina@example.org").delete()
    client = Client()
    _sign_up(client, "amina@example.org")
    _confirm(client)
    client.post("/accounts/login/", {"login": "amina@example.org", "password": PASSWORD})

    text = client.get("/home/").content.decode()

    assert "My mentor" in text
    assert "Marc" in text
    assert "Amina and Marc" in text  # her next meeting
    assert "You are a member of the community" not in text


def test_a_pending_invitation_dies_when_the_person_links_a_login_of_their_own(
    newcomers: Newcomers,
) -> None:
    invitation_with_token(newcomers.nadia, "nadias-token")
    client = Client()
    _sign_up(client, "nadia@example.org")
    _confirm(client)

    response = Client().post(
        "/invitations/nadias-token/", {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 200
    assert "You already have a login with this address" in response.content.decode()
    assert User.objects.filter(email="nadia@example.org").count() == 1


def test_nothing_is_linked_to_an_erased_or_already_linked_person(world: World) -> None:
    erased = PersonFactory(email="gone@example.org", erased_at="2026-01-01T00:00:00Z")
    client = Client()
    _sign_up(client, "gone@example.org")
    _confirm(client)

    assert Person.objects.get(pk=erased.pk).user is None
    assert Person.objects.get(pk=world.people["marc"].pk).user == world.users["marc"]
