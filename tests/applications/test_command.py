"""`clusterbridge applications SLUG [--accept|--decline|--waitlist EMAIL ...]`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from clusterbridge.applications.models import Call
from clusterbridge.programmes.models import Participation
from tests.applications.conftest import APPLY, form_data
from tests.conftest import World
from tests.smtp import Inbox


def _status(email: str) -> str:
    return Participation.objects.get(person__email=email, programme__slug="reloaded").status


def test_without_an_action_it_lists_the_applications(call: Call) -> None:
    Client().post(APPLY, form_data())
    out = StringIO()
    call_command("applications", "reloaded", stdout=out)
    assert out.getvalue().split("\t")[:4] == [
        "salma@example.org",
        "Salma Haddad",
        "mentee",
        "applied",
    ]


def test_it_accepts_and_declines_by_address_and_e_mails_each(
    call: Call, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    Client().post(APPLY, form_data())
    Client().post(APPLY, form_data(email="omar@example.org", country="EG"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "applications",
            "reloaded",
            "--accept",
            "salma@example.org",
            "--decline",
            "OMAR@example.org",
            stdout=StringIO(),
        )
    assert (_status("salma@example.org"), _status("omar@example.org")) == ("accepted", "declined")
    # Salma is accepted and, having no login, invited; Omar only hears the decision.
    assert len(smtp.to("salma@example.org")) == 2
    assert len(smtp.to("omar@example.org")) == 1


def test_an_unknown_slug_exits_1(world: World) -> None:
    with pytest.raises(CommandError, match="No programme with the slug 'nope'") as error:
        call_command("applications", "nope")
    assert error.value.returncode == 1


def test_an_unknown_address_exits_1_and_changes_nothing(call: Call) -> None:
    Client().post(APPLY, form_data())
    with pytest.raises(CommandError, match=r"nobody@example\.org") as error:
        call_command(
            "applications",
            "reloaded",
            "--accept",
            "salma@example.org",
            "nobody@example.org",
        )
    assert error.value.returncode == 1
    assert _status("salma@example.org") == "applied"
