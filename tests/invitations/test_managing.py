"""The managers' invitations page: invite one, several or all pending, resend, revoke, remind;
and what a manager of another programme, a participant or a visitor can do there (nothing)."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from clusterbridge.invitations import selectors, services
from clusterbridge.invitations.models import Invitation
from tests.conftest import World
from tests.factories import UserFactory
from tests.invitations.conftest import Newcomers, invitation_with_token, link_in, text_of
from tests.smtp import Inbox


def _page(world: World, role: str = "mona"):
    return world.client_for(role).get(f"/programmes/{world.reloaded.slug}/invitations/")


def _send(client: Client, world: World, data: dict[str, object]):
    return client.post(f"/programmes/{world.reloaded.slug}/invitations/send/", data, follow=True)


def test_the_page_shows_who_has_a_login_who_was_invited_and_what_is_missing(
    world: World, newcomers: Newcomers
) -> None:
    invitation_with_token(newcomers.nadia, "nadias-token")

    response = _page(world)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Nadia Alaoui" in text
    assert "Sent, not used yet" in text
    assert "Omar Haddad" in text
    assert "not invited" in text
    assert "has a login" in text  # Amina, Marc, …
    assert "Give your weekly availability" in text
    assert "Invite all 1 participants" not in text
    assert "Invite the 1 participant without a login" in text


def test_inviting_all_pending_sends_only_to_those_without_a_login_or_a_working_link(
    world: World, newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    invitation_with_token(newcomers.nadia, "nadias-token")

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(world.client_for("mona"), world, {"pending": "1"})

    assert "1 invitation queued: it goes out within a minute." in response.content.decode()
    assert [message["To"] for message in smtp.messages] == ["omar@example.org"]
    assert Invitation.objects.get(participation=newcomers.omar).invited_by == world.users["mona"]


def test_ticked_participants_and_one_rows_button_are_invited(
    world: World, newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    client = world.client_for("mona")
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, world, {"participation": [newcomers.nadia.pk, newcomers.omar.pk]})
        _send(client, world, {"only": newcomers.nadia.pk})  # resend

    assert len(smtp.to("omar@example.org")) == 1
    first, second = smtp.to("nadia@example.org")
    assert link_in(first) != link_in(second)
    states = [
        i.replaced_at is None for i in Invitation.objects.filter(participation=newcomers.nadia)
    ]
    assert sorted(states) == [False, True]


def test_revoking_kills_the_link(world: World, newcomers: Newcomers) -> None:
    invitation = invitation_with_token(newcomers.nadia, "nadias-token")

    world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/invitations/{invitation.pk}/revoke/"
    )

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "revoked" in Client().get("/invitations/nadias-token/").content.decode()


def test_a_reminder_lists_the_open_steps_with_their_links(
    world: World, smtp: Inbox, settings
) -> None:
    settings.BASE_URL = "http://testserver"

    world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/invitations/remind/", {"only": world.pair.mentee.pk}
    )

    [to_amina] = smtp.to("amina@example.org")
    text = text_of(to_amina)
    assert to_amina["Subject"] == "Reloaded: a few steps left to get started"
    assert "Give your weekly availability: http://testserver/calendar/availability/" in text
    assert "Fill in your needs diagnosis for Reloaded" in text


def test_another_programmes_manager_cannot_invite_revoke_or_remind_here(
    world: World, newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    invitation = invitation_with_token(newcomers.nadia, "nadias-token")
    olga = world.client_for("olga")
    reloaded = f"/programmes/{world.reloaded.slug}/invitations"
    other = f"/programmes/{world.other.slug}/invitations"

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            olga.get(f"{reloaded}/").status_code,
            olga.post(f"{reloaded}/send/", {"pending": "1"}).status_code,
            olga.post(f"{reloaded}/{invitation.pk}/revoke/").status_code,
            olga.post(f"{reloaded}/remind/", {"only": world.pair.mentee.pk}).status_code,
            # Through her own programme's address, another programme's ids are not found.
            olga.post(f"{other}/{invitation.pk}/revoke/").status_code,
        ]
        olga.post(f"{other}/send/", {"participation": [newcomers.omar.pk]})
        olga.post(f"{other}/remind/", {"only": world.pair.mentee.pk})

    assert statuses == [404, 404, 404, 404, 404]
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Invitation.objects.count() == 1
    assert smtp.messages == []


def test_participants_and_visitors_cannot_use_the_managers_actions(
    world: World, newcomers: Newcomers, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    invitation = invitation_with_token(newcomers.nadia, "nadias-token")
    base = f"/programmes/{world.reloaded.slug}/invitations"
    with django_capture_on_commit_callbacks(execute=True):
        marc = world.client_for("marc").post(f"{base}/send/", {"pending": "1"})
        visitor = Client().post(f"{base}/{invitation.pk}/revoke/")

    assert marc.status_code == 404
    assert visitor.status_code == 302
    assert visitor["Location"].startswith("/accounts/login/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Invitation.objects.count() == 1
    assert smtp.messages == []


def test_a_post_naming_nobody_is_a_message_not_an_error(world: World) -> None:
    response = _send(world.client_for("mona"), world, {"participation": ["x"]})

    assert response.status_code == 200
    assert "Choose participants from the list." in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_service_skips_people_whose_login_verified_the_address_and_links_them(
    world: World, newcomers: Newcomers
) -> None:
    user = UserFactory(email="omar@example.org")

    invited = services.invite_participants(
        programme=world.reloaded, participations=[newcomers.omar], invited_by=None
    )

    newcomers.omar.person.refresh_from_db()
    assert invited == []
    assert newcomers.omar.person.user == user


def test_an_expired_link_beside_a_replaced_one_still_counts_as_pending(
    world: World, newcomers: Newcomers
) -> None:
    now = timezone.now()
    invitation_with_token(newcomers.nadia, "expired", expires_at=now - timedelta(days=1))
    invitation_with_token(
        newcomers.nadia, "replaced", expires_at=now + timedelta(days=9), replaced_at=now
    )
    invitation_with_token(newcomers.omar, "working")

    pending = selectors.pending_participations(world.reloaded, now=now)

    assert list(pending) == [newcomers.nadia]
