"""From the invitation e-mail, over a real SMTP server on loopback, to the invitee's home page;
and every way a link can be bad, each of which changes nothing."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from clusterbridge.accounts.models import User
from clusterbridge.invitations import services
from clusterbridge.invitations.models import Invitation
from tests.conftest import World
from tests.factories import InvitationFactory, MeetingFactory, PairFactory, UserFactory
from tests.invitations.conftest import (
    Newcomers,
    invitation_with_token,
    link_in,
    person,
    text_of,
)
from tests.smtp import Inbox

NEW_PASSWORD = "olive grove at dawn 42"


def _invite(newcomers: Newcomers, capture, *, by: User | None = None) -> list[Invitation]:
    with capture(execute=True):
        return services.invite_participants(
            programme=newcomers.programme,
            participations=[newcomers.nadia, newcomers.omar],
            invited_by=by,
        )


def _set_password(client: Client, token: str, password: str = NEW_PASSWORD):
    return client.post(f"/invitations/{token}/", {"password1": password, "password2": password})


def test_each_invitee_gets_one_link_in_their_language_and_only_its_digest_is_stored(
    world: World, newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    invitations = _invite(newcomers, django_capture_on_commit_callbacks, by=world.users["mona"])

    assert len(invitations) == 2
    [to_nadia] = smtp.to("nadia@example.org")
    [to_omar] = smtp.to("omar@example.org")
    # Nadia has no login yet: her best working language is French.
    assert to_nadia["Subject"] == "Votre invitation à Reloaded"
    assert "Mona vous invite à Reloaded en tant que Mentoré" in text_of(to_nadia).replace("\n", " ")
    assert to_omar["Subject"] == "Your invitation to Reloaded"
    token = link_in(to_nadia)
    stored = Invitation.objects.get(participation=newcomers.nadia)
    assert stored.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert stored.expires_at - stored.created_at == timedelta(days=14)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM invitations_invitation")
        assert token not in repr(cursor.fetchall())
    [entry] = LogEntry.objects.get_for_object(stored)
    assert "token_digest" not in entry.changes_dict
    assert entry.additional_data == {"programme": newcomers.programme.pk}


def test_setting_the_password_creates_a_verified_login_signs_in_and_shows_the_pair(
    world: World, newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    pair = PairFactory(programme=world.reloaded, mentor=newcomers.omar, mentee=newcomers.nadia)
    meeting = MeetingFactory(programme=world.reloaded, pair=pair, title="First session")
    InvitationFactory(meeting=meeting, person=newcomers.nadia.person)
    _invite(newcomers, django_capture_on_commit_callbacks)
    token = link_in(smtp.to("nadia@example.org")[0])
    client = Client()

    page = client.get(f"/invitations/{token}/")
    response = _set_password(client, token)
    home = client.get("/home/")

    assert (
        "invites <bdi>Nadia Alaoui</bdi> to <bdi>Reloaded</bdi> as Mentee" in page.content.decode()
    )
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    user = User.objects.get(email="nadia@example.org")
    assert person(newcomers.nadia).user == user
    assert user.check_password(NEW_PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("nadia@example.org", True, True)
    text = home.content.decode()
    assert home.status_code == 200
    assert "My mentor" in text
    assert "Omar Haddad" in text
    assert "First session" in text
    assert "Reloaded" in text
    assert "What to do next" in text
    assert Invitation.objects.get(participation=newcomers.nadia).accepted_at is not None


def test_a_used_link_says_so_and_cannot_set_another_password(
    newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    _invite(newcomers, django_capture_on_commit_callbacks)
    token = link_in(smtp.to("nadia@example.org")[0])
    _set_password(Client(), token)

    again = _set_password(Client(), token, "an attacker's own password 9")

    assert again.status_code == 200
    assert "already used" in again.content.decode()
    assert User.objects.filter(email="nadia@example.org").count() == 1
    assert User.objects.get(email="nadia@example.org").check_password(NEW_PASSWORD)


@pytest.mark.parametrize("tamper", [lambda t: t[:-1], lambda t: t + "x", lambda t: t.upper()])
def test_a_tampered_link_is_not_found_and_creates_nothing(
    newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks, tamper
) -> None:
    _invite(newcomers, django_capture_on_commit_callbacks)
    token = link_in(smtp.to("nadia@example.org")[0])

    response = _set_password(Client(), tamper(token))

    assert response.status_code == 404
    assert "not one we sent" in response.content.decode()
    assert not User.objects.filter(email="nadia@example.org").exists()


def test_an_expired_link_says_so_and_a_new_one_goes_to_the_invitee_once(
    newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks, settings
) -> None:
    _invite(newcomers, django_capture_on_commit_callbacks)
    old = link_in(smtp.to("nadia@example.org")[0])
    client = Client()

    with time_machine.travel(timezone.now() + timedelta(days=15)):
        refused = _set_password(client, old)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/invitations/{old}/renew/")
            client.post(f"/invitations/{old}/renew/")
        [_first, renewed] = smtp.to("nadia@example.org")
        accepted = _set_password(Client(), link_in(renewed))

    assert "expired" in refused.content.decode()
    assert accepted.status_code == 302
    assert person(newcomers.nadia).user is not None
    assert User.objects.filter(email="nadia@example.org").count() == 1


def test_a_revoked_link_says_so_and_asking_again_tells_the_managers(
    world: World, newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    [nadias, _omars] = _invite(newcomers, django_capture_on_commit_callbacks)
    token = link_in(smtp.to("nadia@example.org")[0])
    services.revoke_invitation(invitation=nadias)
    client = Client()

    refused = _set_password(client, token)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"/invitations/{token}/renew/", follow=True)

    assert "revoked" in refused.content.decode()
    assert not User.objects.filter(email="nadia@example.org").exists()
    assert "managers are told" in asked.content.decode()
    [to_mona] = smtp.to("mona@example.org")
    assert "Nadia Alaoui asks for a new invitation to Reloaded" in to_mona["Subject"]
    assert len(smtp.to("nadia@example.org")) == 1


def test_resending_replaces_the_previous_link(
    newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    _invite(newcomers, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_participants(
            programme=newcomers.programme, participations=[newcomers.nadia], invited_by=None
        )
    first, second = (link_in(m) for m in smtp.to("nadia@example.org"))

    old = _set_password(Client(), first)
    new = _set_password(Client(), second)

    assert "newer invitation replaced this link" in old.content.decode()
    assert new.status_code == 302


def test_mismatched_or_weak_passwords_are_refused_and_the_link_still_works(
    newcomers: Newcomers,
) -> None:
    invitation_with_token(newcomers.nadia, "known-token")
    client = Client()

    mismatch = client.post(
        "/invitations/known-token/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "!"}
    )
    weak = _set_password(client, "known-token", "password1234")
    like_the_name = _set_password(client, "known-token", "nadia@example.org")

    assert mismatch.context["form"].errors["password2"]
    assert weak.context["form"].errors["password1"]
    assert like_the_name.context["form"].errors["password1"]
    assert not User.objects.filter(email="nadia@example.org").exists()
    assert _set_password(client, "known-token").status_code == 302


def test_an_unverified_login_someone_opened_with_the_address_gives_way(
    newcomers: Newcomers,
) -> None:
    squatter = User.objects.create_user("nadia@example.org", "the squatter's password 1")
    EmailAddress.objects.create(user=squatter, email="nadia@example.org", verified=False)
    invitation_with_token(newcomers.nadia, "known-token")

    response = _set_password(Client(), "known-token")

    assert response.status_code == 302
    user = User.objects.get(email="nadia@example.org")
    assert user.pk != squatter.pk
    assert user.check_password(NEW_PASSWORD)


def test_accepting_is_refused_when_a_verified_login_has_the_address(newcomers: Newcomers) -> None:
    owner = UserFactory(email="nadia@example.org")
    invitation = invitation_with_token(newcomers.nadia, "known-token")

    with pytest.raises(ValidationError):
        services.accept_invitation(
            invitation=invitation, password=NEW_PASSWORD, language="", now=timezone.now()
        )

    assert User.objects.get(email="nadia@example.org") == owner
    assert person(newcomers.nadia).user is None


def test_an_invited_manager_is_asked_for_a_second_factor_after_setting_the_password(
    world: World, newcomers: Newcomers, settings
) -> None:
    settings.CLUSTERBRIDGE_REQUIRE_MFA = True
    newcomers.omar.role = "manager"
    newcomers.omar.save()
    invitation_with_token(newcomers.omar, "known-token")
    client = Client()

    _set_password(client, "known-token")
    response = client.get(f"/programmes/{world.reloaded.slug}/edit/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_a_participant_of_another_programme_cannot_be_invited_through_this_one(
    world: World, newcomers: Newcomers
) -> None:
    with pytest.raises(ValidationError):
        services.invite_participants(
            programme=world.other, participations=[newcomers.nadia], invited_by=None
        )

    assert not Invitation.objects.exists()


def test_people_with_a_login_or_not_accepted_are_left_out(
    world: World, newcomers: Newcomers
) -> None:
    newcomers.omar.status = "applied"
    newcomers.omar.save()

    invited = services.invite_participants(
        programme=world.reloaded,
        participations=[newcomers.omar, world.pair.mentee, newcomers.nadia, newcomers.nadia],
        invited_by=None,
    )

    assert [invitation.participation for invitation in invited] == [newcomers.nadia]


def test_a_link_of_a_participation_withdrawn_since_creates_no_login(newcomers: Newcomers) -> None:
    invitation_with_token(newcomers.nadia, "known-token")
    newcomers.nadia.status = "withdrawn"
    newcomers.nadia.save()

    response = _set_password(Client(), "known-token")

    assert response.status_code == 200
    assert "You no longer take part in this programme" in response.content.decode()
    assert not User.objects.filter(email="nadia@example.org").exists()
