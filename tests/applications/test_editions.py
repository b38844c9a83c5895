"""A programme's next edition: its settings copied, none of its people; the previous edition's
mentors and alumni invited back by the managers' choice; the `new_edition` command."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from clusterbridge.applications import editions
from clusterbridge.applications.models import Call
from clusterbridge.journeys import services as journeys
from clusterbridge.matching.models import MatchingSettings
from clusterbridge.meetings.models import Meeting
from clusterbridge.programmes.models import Participation, Programme
from tests.applications.conftest import open_call
from tests.conftest import World
from tests.factories import (
    InvitationFactory,
    MeetingFactory,
    ParticipationFactory,
    PersonFactory,
    country,
)
from tests.smtp import Inbox

# The world's "reloaded" starts on 2021-01-20; its next edition a year and two days later.
STARTS, ENDS = date(2022, 1, 22), date(2022, 10, 31)
SHIFT = STARTS - date(2021, 1, 20)


def _next(world: World, by: str | None = "mona", slug: str = "reloaded-2022") -> Programme:
    return editions.new_edition(
        source=world.reloaded,
        slug=slug,
        name="Reloaded 2022",
        starts_on=STARTS,
        ends_on=ENDS,
        by=world.users[by] if by else None,
    )


def _joint_meeting(world: World) -> Meeting:
    meeting = MeetingFactory(
        programme=world.reloaded,
        kind="joint_meeting",
        title="Kick-off",
        starts_at=datetime(2021, 2, 3, 9, tzinfo=UTC),
        status="scheduled",
    )
    InvitationFactory(meeting=meeting, person=world.people["marc"])
    return meeting


def test_the_next_edition_copies_the_settings_and_starts_as_a_draft(world: World) -> None:
    MatchingSettings.objects.create(
        programme=world.reloaded, weights={"language": 3.0}, eu_south_med=True, default_capacity=2
    )
    call = open_call(world, mentee_places=12)
    kick_off = _joint_meeting(world)
    journeys.create_survey(
        programme=world.reloaded, kind="joint_meeting", title="After kick-off", meeting=kick_off
    )
    journeys.create_survey(programme=world.reloaded, kind="end", title="End of programme")

    programme = _next(world)

    assert (programme.status, programme.previous_edition) == ("draft", world.reloaded)
    assert programme.operator == world.reloaded.operator
    settings = programme.matching_settings
    assert (settings.weights, settings.eu_south_med, settings.default_capacity) == (
        {"language": 3.0},
        True,
        2,
    )
    copied_call = Call.objects.get(programme=programme)
    assert copied_call.deadline == call.deadline + SHIFT
    assert copied_call.mentee_places == 12
    assert sorted(c.code for c in copied_call.mentee_countries.all()) == [
        "EG",
        "JO",
        "MA",
        "PS",
        "TN",
    ]
    plan = programme.meetings.get()
    assert (plan.title, plan.status, plan.starts_at) == (
        "Kick-off",
        "draft",
        kick_off.starts_at + SHIFT,
    )
    assert not plan.invitations.exists()
    assert sorted(programme.surveys.values_list("title", "meeting")) == [
        ("After kick-off", plan.pk),
        ("End of programme", None),
    ]


def test_the_next_edition_takes_none_of_the_people_and_its_creator_manages_it(
    world: World,
) -> None:
    programme = _next(world)

    assert list(programme.participations.values_list("person__full_name", "role")) == [
        ("Mona", "manager")
    ]
    assert not programme.pairs.exists()
    # The pair's own meeting stays with the pair.
    assert not programme.meetings.exists()


def test_a_manager_of_another_programme_cannot_start_this_ones_next_edition(
    world: World,
) -> None:
    for who in ("olga", "marc"):
        with pytest.raises(ValidationError, match="Only a manager of a programme"):
            _next(world, by=who)
    assert not Programme.objects.filter(slug="reloaded-2022").exists()


def test_a_taken_short_name_is_refused_and_nothing_is_copied(world: World) -> None:
    open_call(world)

    with pytest.raises(ValidationError):
        _next(world, slug="other")

    assert Call.objects.count() == 1


# --- the pages ---------------------------------------------------------------------------------


def test_the_manager_creates_the_next_edition_then_invites_back_whom_they_tick(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    newcomer = PersonFactory(full_name="Nadia", email="nadia@example.org", country=country("TN"))
    alumna = ParticipationFactory(programme=world.reloaded, person=newcomer, role="mentee")
    client = world.client_for("mona")

    created = client.post(
        "/programmes/reloaded/new-edition/",
        {
            "name": "Reloaded 2022",
            "slug": "reloaded-2022",
            "starts_on": STARTS.isoformat(),
            "ends_on": ENDS.isoformat(),
        },
    )
    offered = client.get("/programmes/reloaded-2022/returning/").context["form"]
    marc = world.pair.mentor
    with django_capture_on_commit_callbacks(execute=True):
        invited = client.post(
            "/programmes/reloaded-2022/returning/", {"returning": [marc.pk, alumna.pk]}
        )

    assert created["Location"] == "/programmes/reloaded-2022/returning/"
    assert sorted(p.person.full_name for p in offered.fields["returning"].queryset) == [
        "Amina",
        "Karim",
        "Marc",
        "Nadia",
        "Paola",
    ]
    assert invited.status_code == 302
    enrolled = Participation.objects.filter(programme__slug="reloaded-2022")
    assert sorted(enrolled.values_list("person__full_name", "role", "status")) == [
        ("Marc", "mentor", "accepted"),
        ("Mona", "manager", "accepted"),
        ("Nadia", "mentee", "accepted"),
    ]
    # Nadia has no login: she is invited; Marc signs in as before and sees the programme.
    assert len(smtp.to("nadia@example.org")) == 1
    assert smtp.to("marc@example.org") == []
    assert world.client_for("marc").get("/programmes/reloaded-2022/").status_code == 200


def test_people_of_another_programme_cannot_be_slipped_into_the_invitation(
    world: World,
) -> None:
    _next(world)
    stranger = world.other_pair.mentor

    response = world.client_for("mona").post(
        "/programmes/reloaded-2022/returning/", {"returning": [stranger.pk]}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["returning"]
    with pytest.raises(ValidationError, match="previous edition"):
        editions.invite_returning(
            programme=Programme.objects.get(slug="reloaded-2022"),
            returning=[stranger],
            by=world.users["mona"],
        )
    assert not Participation.objects.filter(person=stranger.person, programme__slug="reloaded-2022")


@pytest.mark.parametrize("role", ["olga", "marc", "amina", "carla"])
def test_nobody_but_its_managers_reaches_the_next_edition_pages(world: World, role: str) -> None:
    _next(world)
    client = world.client_for(role)

    assert client.post("/programmes/reloaded/new-edition/", {"slug": "x"}).status_code == 404
    assert client.get("/programmes/reloaded-2022/returning/").status_code == 404
    returning = [world.pair.mentor.pk]
    response = client.post("/programmes/reloaded-2022/returning/", {"returning": returning})
    assert response.status_code == 404
    assert Programme.objects.filter(slug__startswith="reloaded-").count() == 1
    assert Participation.objects.filter(programme__slug="reloaded-2022").count() == 1


def test_a_programme_without_a_previous_edition_has_nobody_to_invite_back(
    world: World,
) -> None:
    assert world.client_for("mona").get("/programmes/reloaded/returning/").status_code == 404


# --- the command -------------------------------------------------------------------------------


def _command(*args: str) -> str:
    out = StringIO()
    call_command("new_edition", *args, stdout=out)
    return out.getvalue()


OPTIONS = ["--slug", "reloaded-2022", "--name", "Reloaded 2022"]
DATES = ["--starts-on", "2022-01-22", "--ends-on", "2022-10-31"]


def test_the_command_creates_the_next_edition_in_draft(world: World) -> None:
    output = _command("reloaded", *OPTIONS, *DATES)

    programme = Programme.objects.get(slug="reloaded-2022")
    assert (programme.status, programme.previous_edition, programme.starts_on) == (
        "draft",
        world.reloaded,
        STARTS,
    )
    assert output.startswith("Created reloaded-2022 (Draft), the next edition of reloaded")
    assert not programme.participations.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", *OPTIONS, *DATES], "No programme with the slug 'nope'"),
        (["reloaded", "--slug", "other", "--name", "X", *DATES], "'other' is taken"),
        (["reloaded", *OPTIONS, "--starts-on", "22/01/2022", "--ends-on", "2022-10-31"], "date"),
        (["reloaded", *OPTIONS, "--starts-on", "2022-10-31", "--ends-on", "2022-01-22"], "end"),
    ],
    ids=["unknown source", "taken slug", "bad date", "ends before it starts"],
)
def test_the_command_refuses_bad_input_with_exit_1(world: World, args, message) -> None:
    with pytest.raises(CommandError, match=message) as error:
        _command(*args)

    assert error.value.returncode == 1
    assert Programme.objects.count() == 2


BAD_DATES = ["--starts-on", "2022-13-01", "--ends-on", "2022-10-31"]


def test_a_bad_date_at_the_command_line_is_a_message_not_a_traceback(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clusterbridge", "new_edition", "any", *OPTIONS, *BAD_DATES],
        capture_output=True,
        text=True,
        env={"CLUSTERBRIDGE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
        | {"PYTHONPATH": ":".join(sys.path)},
        check=False,
    )

    assert result.returncode == 1
    assert "--starts-on: '2022-13-01' is not a date (YYYY-MM-DD)." in result.stderr
    assert "Traceback" not in result.stderr


def test_the_programme_page_offers_the_next_edition_to_its_managers_only(world: World) -> None:
    link = 'href="/programmes/reloaded/new-edition/"'

    assert link in world.client_for("mona").get("/programmes/reloaded/").content.decode()
    assert link not in world.client_for("marc").get("/programmes/reloaded/").content.decode()
