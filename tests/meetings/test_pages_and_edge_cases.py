"""Meeting pages with bad input and edge cases: each gives a clear message, never a 500."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from clusterbridge.meetings import services
from clusterbridge.meetings.models import Meeting, SessionProposal, WeeklyWindow
from clusterbridge.programmes.models import Programme
from tests.conftest import World
from tests.factories import InvitationFactory, MeetingFactory, PersonFactory
from tests.jobs.immediate import jobs_run_at_once


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


NOW = datetime(2030, 3, 1, 8, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _create(world: World, **fields):
    data = {
        "kind": "bilateral_session",
        "title": "Session",
        "date": "2030-03-04",
        "time": "10:00",
        "end_time": "11:00",
        "time_zone": "Europe/Paris",
        "invitees": [world.people["marc"].pk, world.people["amina"].pk],
        **fields,
    }
    return world.client_for("mona").post(f"/programmes/{world.reloaded.slug}/meetings/new/", data)


def _errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_a_local_time_skipped_by_the_clocks_is_refused_with_a_clear_message(
    world: World, frozen
) -> None:
    response = _create(world, date="2030-03-31", time="02:30", end_time="03:30")
    assert response.status_code == 200
    assert _errors(response) == (
        "31 March 2030, 02:30 does not exist in Europe/Paris (the clocks go forward): "
        "pick another time."
    )
    assert not Meeting.objects.filter(title="Session").exists()


def test_a_local_time_that_occurs_twice_offers_both_instants(world: World, frozen) -> None:
    response = _create(world, date="2030-10-27", time="02:30", end_time="03:45")
    assert _errors(response) == (
        "27 October 2030, 02:30 occurs twice in Europe/Paris (the clocks go back): it is either "
        "02:30 UTC+0200 or 02:30 UTC+0100. Pick a time outside that hour."
    )


def test_an_end_before_the_start_is_refused(world: World, frozen) -> None:
    response = _create(world, time="11:00", end_time="10:00")
    assert _errors(response) == "The end is before the start."


def test_a_meeting_in_the_past_is_refused(world: World, frozen) -> None:
    response = _create(world, date="2030-02-20")
    assert _errors(response) == "This time is in the past."


def test_an_invitee_outside_the_programme_is_refused_by_the_service(world: World, frozen) -> None:
    outsider = PersonFactory(full_name="Outsider")
    with pytest.raises(ValidationError) as error:
        services.create_meeting(
            programme=world.reloaded,
            kind="joint_meeting",
            title="X",
            starts_at=NOW + timedelta(days=2),
            duration_minutes=60,
            invitees=[world.people["marc"], outsider],
        )
    assert error.value.message_dict == {"invitees": ["Not in this programme: Outsider."]}


def test_an_invitee_outside_the_programme_cannot_even_be_chosen_in_the_form(
    world: World, frozen
) -> None:
    response = _create(world, invitees=[world.other_pair.mentor.person.pk])
    assert "invitees" in response.context["form"].errors


def test_overlapping_meetings_are_warned_and_need_a_confirmation(world: World, frozen) -> None:
    taken = MeetingFactory(
        programme=world.reloaded, title="Already there", starts_at="2030-03-04T09:30:00Z"
    )
    InvitationFactory(meeting=taken, person=world.people["marc"])

    warned = _create(world)
    confirmed = _create(world, confirm_overlap="on")

    assert _errors(warned) == (
        "Overlaps with other meetings: Marc – Already there. Tick the box to schedule it anyway."
    )
    assert confirmed.status_code == 302
    assert Meeting.objects.filter(title="Session").count() == 1


def test_the_slot_finder_names_a_person_with_no_common_working_hour(world: World, frozen) -> None:
    # Amina (Casablanca) only works 19:00–21:00 local, when Marc's Paris day is over.
    for weekday in range(7):
        WeeklyWindow.objects.create(
            person=world.people["amina"], weekday=weekday, starts="19:00", ends="21:00"
        )
    week: dict[str, str | int | list[int]] = {
        "audience": "chosen",
        "people": [world.people["marc"].pk, world.people["amina"].pk],
        "duration_minutes": 60,
        "starts_on": "2030-03-04",
        "days": 7,
    }
    response = world.client_for("mona").get(
        f"/programmes/{world.reloaded.slug}/meetings/find/", week
    )
    suggestions = response.context["suggestions"]
    assert suggestions.without_overlap_names == ["Amina", "Marc"]
    assert "No working hour in common with the others in this period: <bdi>Amina, Marc</bdi>." in (
        response.content.decode()
    )


def test_slot_finder_explains_each_slot_in_every_invitees_zone(world: World, frozen) -> None:
    week: dict[str, str | int | list[int]] = {
        "audience": "chosen",
        "people": [world.people["marc"].pk, world.people["amina"].pk],
        "duration_minutes": 60,
        "starts_on": "2030-03-04",
        "days": 7,
    }
    response = world.client_for("mona").get(
        f"/programmes/{world.reloaded.slug}/meetings/find/", week
    )
    best = response.context["suggestions"].search.slots[0]
    assert best.inside_count == 2
    assert sorted(view.label.split(" ", 1)[1] for view in best.invitees) == ["Casablanca", "Paris"]


def test_rescheduling_via_the_page_keeps_history(world: World, frozen) -> None:
    meeting = services.create_meeting(
        programme=world.reloaded,
        kind="joint_meeting",
        title="Kick-off",
        starts_at=datetime(2030, 3, 5, 9, tzinfo=UTC),
        duration_minutes=60,
        invitees=[world.people["marc"]],
    )
    client = world.client_for("mona")  # Mona's zone is Madrid (UTC+1 in March)
    response = client.post(
        f"/programmes/{world.reloaded.slug}/meetings/{meeting.pk}/edit/",
        {
            "title": "Kick-off",
            "date": "2030-03-06",
            "time": "10:00",
            "end_time": "11:30",
            "time_zone": "Europe/Madrid",
            "note": "Room change",
        },
    )
    meeting.refresh_from_db()
    assert response.status_code == 302
    assert (meeting.starts_at, meeting.duration_minutes, meeting.sequence) == (
        datetime(2030, 3, 6, 9, tzinfo=UTC),
        90,
        1,
    )
    detail = client.get(f"/programmes/{world.reloaded.slug}/meetings/{meeting.pk}/")
    assert [c.kind for c in detail.context["history"]] == ["created", "rescheduled"]


def test_cancel_page_cancels_and_a_cancelled_meeting_cannot_be_changed(
    world: World, frozen
) -> None:
    client = world.client_for("mona")
    url = f"/programmes/{world.reloaded.slug}/meetings/{world.meeting.pk}"
    client.post(f"{url}/cancel/", {"note": "Ramadan timetable"})
    assert client.get(f"{url}/edit/").status_code == 404
    second = client.post(f"{url}/cancel/", {"note": "again"})
    assert _errors(second) == "This meeting is already cancelled."


def test_mentee_accepts_a_session_her_mentor_proposed(world: World, frozen) -> None:
    base = f"/programmes/{world.reloaded.slug}/pairs/{world.pair.pk}/sessions"
    page = world.client_for("marc").get(f"{base}/")
    slot = page.context["suggestions"].search.slots[0]
    world.client_for("marc").post(
        f"{base}/propose/",
        {"starts_at": slot.start_utc.isoformat(), "duration_minutes": "60"},
    )
    proposal = SessionProposal.objects.get()
    world.client_for("marc").post(f"{base}/{proposal.pk}/answer/", {"answer": "accept"})
    proposal.refresh_from_db()
    assert proposal.status == "proposed"  # the proposer cannot accept their own proposal

    world.client_for("amina").post(f"{base}/{proposal.pk}/answer/", {"answer": "accept"})

    proposal.refresh_from_db()
    meeting = proposal.meeting
    assert proposal.status == "accepted"
    assert meeting is not None
    assert (meeting.kind, meeting.starts_at, meeting.pair) == (
        "bilateral_session",
        slot.start_utc,
        world.pair,
    )
    assert sorted(meeting.invitations.values_list("person__full_name", flat=True)) == [
        "Amina",
        "Marc",
    ]


def test_another_pair_cannot_propose_for_this_pair(world: World, frozen) -> None:
    base = f"/programmes/{world.reloaded.slug}/pairs/{world.pair.pk}/sessions"
    response = world.client_for("amina").post(
        f"/programmes/{world.reloaded.slug}/pairs/{world.second_pair.pk}/sessions/propose/",
        {"starts_at": "2030-03-05T09:00:00+00:00"},
    )
    assert response.status_code == 404
    assert world.client_for("mona").post(f"{base}/propose/", {}).status_code == 404


def test_plan_drafts_the_calendar_and_publishing_shows_it_to_participants(world: World) -> None:
    programme: Programme = world.reloaded
    programme.starts_on, programme.ends_on = date(2030, 3, 4), date(2030, 6, 28)
    programme.save()
    client = world.client_for("mona")
    with time_machine.travel(datetime(2030, 3, 1, tzinfo=UTC), tick=False):
        client = world.client_for("mona")
        response = client.post(
            f"/programmes/{programme.slug}/meetings/plan/",
            {
                "bilateral_every_weeks": 4,
                "joint_duration_minutes": 90,
                "bilateral_duration_minutes": 60,
                "group_duration_minutes": 60,
                "training_title": "Cluster finance",
                "training_on": "2030-04-10",
            },
        )
        drafts = Meeting.objects.filter(programme=programme, status="draft")
        kinds = sorted(set(drafts.values_list("kind", flat=True)))
        amina_before = world.client_for("amina").get(f"/programmes/{programme.slug}/meetings/")
        with jobs_run_at_once():
            client.post(f"/programmes/{programme.slug}/meetings/plan/publish/")
        amina_after = world.client_for("amina").get(f"/programmes/{programme.slug}/meetings/")

    assert response.status_code in (200, 302)
    assert kinds == ["bilateral_session", "group_session", "joint_meeting", "training"]
    assert drafts.filter(kind="joint_meeting").count() == 0  # all published now
    assert amina_before.context["page"].paginator.count == 1  # the fixture's meeting only
    assert amina_after.context["page"].paginator.count > 5
    assert Meeting.objects.filter(programme=programme, status="draft").count() == 0
