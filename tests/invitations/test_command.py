"""``clusterbridge invite SLUG (--email EMAIL ... | --pending) [--role ...]``."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clusterbridge.invitations.models import Invitation
from tests.conftest import World
from tests.invitations.conftest import Newcomers, invitation_with_token
from tests.smtp import Inbox

Invite = Callable[..., str]


@pytest.fixture
def invite(django_capture_on_commit_callbacks) -> Invite:
    """Runs the command; the e-mails it queues for after its commit leave before it returns
    (the test's own transaction never commits)."""

    def run(*args: str) -> str:
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("invite", *args, stdout=out)
        return out.getvalue()

    return run


def test_pending_invites_everyone_without_a_login_or_a_working_link(
    world: World, newcomers: Newcomers, smtp: Inbox, invite: Invite
) -> None:
    invitation_with_token(newcomers.nadia, "nadias-token")

    output = invite(world.reloaded.slug, "--pending")

    assert "invited: omar@example.org (mentor)" in output
    assert "1 invitation(s) sent for reloaded." in output
    assert [message["To"] for message in smtp.messages] == ["omar@example.org"]


def test_role_narrows_the_pending_participants(
    world: World, newcomers: Newcomers, smtp: Inbox, invite: Invite
) -> None:
    invite(world.reloaded.slug, "--pending", "--role", "mentee")

    assert [message["To"] for message in smtp.messages] == ["nadia@example.org"]


def test_email_invites_or_resends_to_named_participants(
    world: World, newcomers: Newcomers, smtp: Inbox, invite: Invite
) -> None:
    old = invitation_with_token(newcomers.nadia, "nadias-token")

    invite(world.reloaded.slug, "--email", "NADIA@example.org", "omar@example.org")

    old.refresh_from_db()
    assert old.replaced_at is not None
    assert sorted(message["To"] for message in smtp.messages) == [
        "nadia@example.org",
        "omar@example.org",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--pending"], "No programme with the slug 'nope'."),
        (
            ["reloaded", "--email", "omar@example.org", "stranger@example.org"],
            "No accepted participant of reloaded has the address stranger@example.org",
        ),
        (
            ["reloaded", "--email", "omar@example.org", "--role", "mentee"],
            "No accepted mentee of reloaded has the address omar@example.org",
        ),
        (
            ["reloaded", "--email", "olga@example.org"],
            "No accepted participant of reloaded has the address olga@example.org",
        ),
    ],
)
def test_unknown_slug_or_address_exits_1_and_sends_nothing(
    world: World,
    newcomers: Newcomers,
    smtp: Inbox,
    invite: Invite,
    args: list[str],
    message: str,
) -> None:
    with pytest.raises(CommandError) as raised:
        invite(*args)

    assert raised.value.returncode == 1
    assert message in str(raised.value)
    assert not Invitation.objects.exists()
    assert smtp.messages == []


@pytest.mark.slow
def test_the_installed_command_exits_1_without_a_traceback(command_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clusterbridge", "invite", "nope", "--pending"],
        env=command_env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "No programme with the slug 'nope'." in result.stderr
    assert "Traceback" not in result.stderr
