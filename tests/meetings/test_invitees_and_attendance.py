"""Invitees added and removed after scheduling, and attendance recorded for the whole form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from clusterbridge.meetings import services
from clusterbridge.meetings.models import ChangeKind, Invitation, MeetingChange
from tests.conftest import World
from tests.meetings import ical_reader
from tests.smtp import Inbox

BEFORE = datetime(2030, 3, 1, 8, tzinfo=UTC)  # the world's meeting is on 2 March 2030, 09:00
AFTER = datetime(2030, 3, 2, 11, tzinfo=UTC)


@pytest.fixture
def before() -> object:
    with time_machine.travel(BEFORE, tick=False) as traveller:
        yield traveller


def _invitees(world: World) -> list[str]:
    return sorted(i.person.full_name for i in world.meeting.invitations.select_related("person"))


def test_adding_and_removing_invitees_mails_a_request_and_a_cancel_with_a_new_sequence(
    world: World, smtp: Inbox, before, django_capture_on_commit_callbacks
) -> None:
    people = world.people

    with django_capture_on_commit_callbacks(execute=True):
        change = services.change_invitees(
            meeting=world.meeting,
            invitees=[people["marc"], people["karim"]],
            note="Karim replaces Amina",
            by=world.users["mona"],
        )

    world.meeting.refresh_from_db()
    [to_karim] = smtp.to("karim@example.org")
    [to_amina] = smtp.to("amina@example.org")
    karim_method, karim_ics = Inbox.calendar_part(to_karim)
    amina_method, amina_ics = Inbox.calendar_part(to_amina)
    history = MeetingChange.objects.filter(meeting=world.meeting).last()
    assert (change.added, change.removed) == ((people["karim"],), (people["amina"],))
    assert _invitees(world) == ["Karim", "Marc"]
    assert world.meeting.sequence == 1
    assert (karim_method, amina_method) == ("REQUEST", "CANCEL")
    assert ical_reader.read_vobject(karim_ics).vevent.sequence.value == "1"
    cancel = ical_reader.read_vobject(amina_ics).vevent
    assert (cancel.sequence.value, cancel.status.value) == ("1", "CANCELLED")
    assert cancel.uid.value == f"{world.meeting.uid}@clusterbridge"
    assert to_amina["Subject"].strip().startswith("No longer invited: Amina and Marc")
    assert smtp.to("marc@example.org") == []  # unchanged for Marc: no mail
    assert history is not None
    assert (history.kind, history.sequence) == (ChangeKind.INVITEES, 1)
    assert history.note == "+ Karim, − Amina\nKarim replaces Amina"
    assert history.changed_by == world.users["mona"]


def test_someone_outside_the_programme_cannot_be_invited_and_nothing_changes(
    world: World, smtp: Inbox, before, django_capture_on_commit_callbacks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as raised,
    ):
        services.change_invitees(
            meeting=world.meeting,
            invitees=[world.people["marc"], world.people["olga"]],
        )

    world.meeting.refresh_from_db()
    assert raised.value.message_dict["invitees"] == ["Not in this programme: Olga."]
    assert _invitees(world) == ["Amina", "Marc"]
    assert world.meeting.sequence == 0
    assert smtp.messages == []


def test_the_same_invitees_change_nothing(world: World, before) -> None:
    change = services.change_invitees(
        meeting=world.meeting, invitees=[world.people["amina"], world.people["marc"]]
    )

    world.meeting.refresh_from_db()
    assert (change.added, change.removed) == ((), ())
    assert world.meeting.sequence == 0
    assert not MeetingChange.objects.filter(meeting=world.meeting).exists()


def test_changing_a_drafts_invitees_notifies_nobody(
    world: World, smtp: Inbox, before, django_capture_on_commit_callbacks
) -> None:
    world.meeting.status = "draft"
    world.meeting.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.change_invitees(meeting=world.meeting, invitees=[world.people["karim"]])

    assert _invitees(world) == ["Karim"]
    assert smtp.messages == []


def test_manager_changes_invitees_from_the_page(
    world: World, smtp: Inbox, before, django_capture_on_commit_callbacks
) -> None:
    url = f"/programmes/reloaded/meetings/{world.meeting.pk}/invitees/"
    client = world.client_for("mona")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"invitees": [world.people["paola"].pk], "note": ""})

    assert response.status_code == 302
    assert _invitees(world) == ["Paola"]
    assert sorted(m["To"] for m in smtp.messages) == [
        "amina@example.org",
        "marc@example.org",
        "paola@example.org",
    ]


def test_the_invitees_page_refuses_a_person_of_another_programme(world: World, before) -> None:
    url = f"/programmes/reloaded/meetings/{world.meeting.pk}/invitees/"

    response = world.client_for("mona").post(url, {"invitees": [world.people["olga"].pk]})

    assert response.status_code == 200
    assert "invitees" in response.context["form"].errors
    assert _invitees(world) == ["Amina", "Marc"]


# Attendance ----------------------------------------------------------------------------------


def _attendance(world: World) -> dict[str, str]:
    return {
        i.person.full_name: i.attendance
        for i in Invitation.objects.filter(meeting=world.meeting).select_related("person")
    }


def test_manager_records_everyones_attendance_in_one_form(world: World) -> None:
    url = f"/programmes/reloaded/meetings/{world.meeting.pk}/attendance/"
    people = world.people
    data = {f"person_{people['marc'].pk}": "attended", f"person_{people['amina'].pk}": "absent"}

    with time_machine.travel(AFTER, tick=False):
        response = world.client_for("mona").post(url, data)

    assert response.status_code == 302
    assert _attendance(world) == {"Marc": "attended", "Amina": "absent"}


def test_a_refused_value_saves_nothing_of_the_form(world: World, before) -> None:
    url = f"/programmes/reloaded/meetings/{world.meeting.pk}/attendance/"
    people = world.people
    # Amina's apology can be noted in advance, Marc's attendance cannot: nothing is saved.
    data = {f"person_{people['amina'].pk}": "absent", f"person_{people['marc'].pk}": "attended"}

    response = world.client_for("mona").post(url, data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Marc cannot have attended a meeting that has not started yet."
    ]
    assert _attendance(world) == {"Marc": "invited", "Amina": "invited"}


def test_attendance_of_someone_not_invited_is_refused(world: World) -> None:
    with time_machine.travel(AFTER, tick=False), pytest.raises(ValidationError) as raised:
        services.record_attendances(
            meeting=world.meeting, attendance={world.people["karim"]: "attended"}
        )

    assert raised.value.messages == ["Karim is not invited to this meeting."]


def test_attendance_of_a_cancelled_meeting_is_refused(world: World, before) -> None:
    services.cancel_meeting(meeting=world.meeting)

    with pytest.raises(ValidationError) as raised:
        services.record_attendances(
            meeting=world.meeting, attendance={world.people["amina"]: "absent"}
        )

    assert raised.value.messages == ["Attendance is recorded for published meetings only."]
