"""People enrolled by an import are invited at once, by whoever imported them, and only once."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

from clusterbridge.invitations.models import Invitation
from tests.conftest import World
from tests.smtp import Inbox

HEADER = "name,email,organisation,country,city,position,time_zone,languages,gender,bio\n"
PEOPLE = (
    HEADER
    + "Salma Bennani,salma@example.org,,MA,,,,fr:C2,,\n"
    + "Youssef Amrani,youssef@example.org,,TN,,,,ar:native,,\n"
)


def _import_from_the_command(path: Path) -> None:
    call_command(
        "import_people", str(path), "--programme=reloaded", "--role=mentee", stdout=io.StringIO()
    )


def test_the_command_invites_each_person_it_enrols_and_a_reimport_invites_nobody_again(
    world: World, tmp_path: Path, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        _import_from_the_command(path)
    with django_capture_on_commit_callbacks(execute=True):
        _import_from_the_command(path)

    invited = Invitation.objects.filter(programme=world.reloaded)
    assert sorted(invited.values_list("participation__person__email", flat=True)) == [
        "salma@example.org",
        "youssef@example.org",
    ]
    assert {invitation.invited_by for invitation in invited} == {None}
    assert len(smtp.to("salma@example.org")) == len(smtp.to("youssef@example.org")) == 1


def test_the_import_page_invites_the_people_it_enrols_from_the_importing_manager(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    client = world.client_for("mona")
    upload = io.BytesIO(PEOPLE.encode())
    upload.name = "people.csv"
    started = client.post(
        "/directory/import/",
        {"kind": "people", "file": upload, "programme": world.reloaded.pk, "role": "mentee"},
    )

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(started["Location"])

    assert done.status_code == 200
    invited = Invitation.objects.filter(programme=world.reloaded)
    assert invited.count() == 2
    assert {invitation.invited_by for invitation in invited} == {world.users["mona"]}
    # Salma reads French best of the languages she listed: her invitation is in French.
    assert [m["Subject"] for m in smtp.to("salma@example.org")] == ["Votre invitation à Reloaded"]


def test_an_import_without_a_programme_invites_nobody(world: World, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")

    call_command("import_people", str(path), stdout=io.StringIO())

    assert not Invitation.objects.exists()
