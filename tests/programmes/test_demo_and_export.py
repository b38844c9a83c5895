from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from clusterbridge.certificates.models import Certificate
from clusterbridge.demo.programme import SLUG, build_demo, demo_logins
from clusterbridge.directory.models import Person
from clusterbridge.journeys.models import Survey
from clusterbridge.meetings.models import Meeting
from clusterbridge.programmes.models import Pair, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(module_demo: None, db: None) -> None:
    """The demo programme, built once for this module; what a test writes is rolled back."""


def _export(capsysbinary: pytest.CaptureFixture[bytes]) -> dict[str, Any]:
    call_command("export_programme", SLUG)
    exported: dict[str, Any] = json.loads(capsysbinary.readouterr().out)
    return exported


def test_demo_has_thirteen_cross_border_pairs_completed_at_closing(demo: None) -> None:
    pairs = Pair.objects.filter(programme__slug=SLUG).select_related(
        "mentor__person", "mentee__person"
    )
    assert pairs.count() == 13
    assert {pair.status for pair in pairs} == {"completed"}
    for pair in pairs:
        assert pair.mentor.person.country_id != pair.mentee.person.country_id


def test_the_closed_demo_edition_has_its_exit_survey_and_everyone_a_verifiable_certificate(
    demo: None,
) -> None:
    assert Survey.objects.filter(programme__slug=SLUG, kind="end").count() == 1
    certificates = Certificate.objects.filter(participation__programme__slug=SLUG)
    assert certificates.count() == 26  # the mentee and the mentor of each of the 13 pairs
    response = Client().get(f"/certificates/{certificates.earliest('pk').code}/")
    assert response.status_code == 200


def test_demo_mentees_come_from_the_press_release_countries(demo: None) -> None:
    mentees = Participation.objects.filter(programme__slug=SLUG, role="mentee")
    countries = Counter(mentees.values_list("person__country__code", flat=True))
    assert countries == {"MA": 6, "TN": 3, "PS": 2, "EG": 1, "JO": 1}
    mentor_countries = set(
        Participation.objects.filter(programme__slug=SLUG, role="mentor").values_list(
            "person__country__code", flat=True
        )
    )
    assert mentor_countries == {"FR", "IT", "ES", "PS"}


def test_demo_runs_twice_without_duplicating(demo: None) -> None:
    counts = (Person.objects.count(), Pair.objects.count(), Meeting.objects.count())
    assert build_demo() is False
    assert (Person.objects.count(), Pair.objects.count(), Meeting.objects.count()) == counts


def test_every_demo_login_signs_in(demo: None, settings) -> None:
    # As under `make demo` (CLUSTERBRIDGE_DEMO=1): no second factor for the invented accounts.
    settings.CLUSTERBRIDGE_REQUIRE_MFA = False
    for login in demo_logins():
        client = Client()
        response = client.post(
            "/accounts/login/", {"login": login.email, "password": login.password}
        )
        assert response.status_code == 302, login.role
        assert client.get("/home/").status_code == 200


def test_demo_notice_is_on_every_page(demo: None, settings) -> None:
    settings.CLUSTERBRIDGE_REQUIRE_MFA = False
    client = Client()
    client.post(
        "/accounts/login/", {"login": demo_logins()[1].email, "password": "demo-clusterbridge"}
    )
    for url in ("/home/", f"/programmes/{SLUG}/", "/organisations/", "/countries/EG/"):
        assert "every mentor organisation, is invented" in client.get(url).content.decode(), url
    assert (
        "every mentor organisation, is invented"
        in Client().get("/accounts/login/").content.decode()
    )


def test_country_page_shows_the_press_release_facts(demo: None) -> None:
    client = Client()
    client.post(
        "/accounts/login/", {"login": demo_logins()[4].email, "password": "demo-clusterbridge"}
    )
    morocco = client.get("/countries/MA/").content.decode()
    assert "11 clusters exist under a national label" in morocco
    assert "Maroc Numeric Cluster" in morocco


def test_export_follows_the_documented_contract(
    demo: None, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    data = _export(capsysbinary)
    assert data["programme"]["slug"] == SLUG
    assert data["programme"]["starts_on"] == "2021-01-20"
    assert data["programme"]["ends_on"] == "2021-10-31"
    roles = Counter(participant["role"] for participant in data["participants"])
    assert roles["mentee"] == 13
    assert roles["mentor"] == 13
    participant = data["participants"][0]
    assert set(participant) >= {"role", "status", "name", "email", "country", "organisation"}
    assert all(len(p["country"]) == 2 for p in data["participants"])
    assert len(data["pairs"]) == 13
    assert set(data["pairs"][0]) >= {"mentor", "mentee", "status", "score"}
    kickoff = data["meetings"][0]
    assert kickoff["kind"] == "joint_meeting"
    assert kickoff["start"] == "2021-01-20T09:00:00Z"
    assert kickoff["duration_minutes"] == 120
    assert len(kickoff["invitees"]) == 28
    kinds = {meeting["kind"] for meeting in data["meetings"]}
    assert kinds == {"joint_meeting", "group_session", "bilateral_session"}


def test_export_pairs_reference_participants_by_email(
    demo: None, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    data = _export(capsysbinary)
    emails = {p["email"]: p["role"] for p in data["participants"]}
    for pair in data["pairs"]:
        assert emails[pair["mentor"]] == "mentor"
        assert emails[pair["mentee"]] == "mentee"


def test_export_of_an_unknown_slug_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="No programme with the slug 'nope'") as error:
        call_command("export_programme", "nope")
    assert error.value.returncode == 1


@pytest.mark.slow
def test_export_command_exits_1_for_an_unknown_slug(command_env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clusterbridge", "export_programme", "nope"],
        env=command_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "No programme with the slug 'nope'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
