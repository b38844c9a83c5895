"""Generated meeting titles say what and who, in each reader's language; plans spread meetings.

A drafted plan stores its titles as a name plus parameters (the pair, a number): the pages,
e-mails, .ics files and feeds render them in the reader's language, while a title a manager
types stays as typed.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.utils import translation

from clusterbridge.meetings import services
from clusterbridge.meetings.models import GeneratedName, Meeting
from clusterbridge.meetings.plan import Pair, PlanRules, draft_plan
from clusterbridge.meetings.working_time import PersonAvailability, calendar_for_country
from clusterbridge.programmes.models import Programme
from tests.conftest import World
from tests.meetings import ical_reader
from tests.smtp import Inbox

NOW = datetime(2030, 3, 1, 8, tzinfo=UTC)


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture
def frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _cohort() -> tuple[list[PersonAvailability], list[Pair]]:
    countries = {"m1": "FR", "m2": "IT", "e1": "EG", "e2": "MA"}
    people = [
        PersonAvailability(pid, calendar_for_country(c, years=[2030]))
        for pid, c in countries.items()
    ]
    return people, [Pair("m1", "e1"), Pair("m2", "e2")]


# The pure planner ---------------------------------------------------------------------------


def test_planned_meetings_carry_a_name_and_a_number_not_just_english_text() -> None:
    people, pairs = _cohort()
    planned = draft_plan(start=date(2030, 3, 4), end=date(2030, 5, 31), people=people, pairs=pairs)
    joint = [(m.name, m.number) for m in planned.meetings if m.kind == "joint_meeting"]
    first_bilaterals = [
        m for m in planned.meetings if m.kind == "bilateral_session" and m.number == 1
    ]
    groups = {(m.name, m.number) for m in planned.meetings if m.kind == "group_session"}

    assert joint == [("kick_off", None), ("mid_term", None), ("closing", None)]
    assert {m.invitee_ids for m in first_bilaterals} == {("m1", "e1"), ("m2", "e2")}
    assert {m.name for m in first_bilaterals} == {"bilateral"}
    assert ("mentee_exchange", 1) in groups
    assert ("mentor_exchange", 1) in groups


def test_no_meeting_shares_a_joint_meetings_day_by_default() -> None:
    people, pairs = _cohort()
    planned = draft_plan(start=date(2030, 3, 4), end=date(2030, 5, 31), people=people, pairs=pairs)
    joint_days = {m.start_utc.date() for m in planned.meetings if m.kind == "joint_meeting"}
    others_days = {m.start_utc.date() for m in planned.meetings if m.kind != "joint_meeting"}

    assert joint_days
    assert not joint_days & others_days
    assert not planned.unplaced


def test_a_wider_gap_keeps_the_days_around_the_kick_off_free_too() -> None:
    people, pairs = _cohort()
    planned = draft_plan(
        start=date(2030, 3, 4),
        end=date(2030, 5, 31),
        people=people,
        pairs=pairs,
        rules=PlanRules(days_after_joint=3),
    )
    kick_off = next(m for m in planned.meetings if m.name == "kick_off")
    others = [m for m in planned.meetings if m.kind != "joint_meeting"]

    assert all(abs((m.start_utc.date() - kick_off.start_utc.date()).days) >= 3 for m in others)


def test_a_gap_of_zero_days_lets_the_first_sessions_follow_the_kick_off_the_same_day() -> None:
    people, pairs = _cohort()
    planned = draft_plan(
        start=date(2030, 3, 4),
        end=date(2030, 5, 31),
        people=people,
        pairs=pairs,
        rules=PlanRules(days_after_joint=0),
    )
    kick_off = next(m for m in planned.meetings if m.name == "kick_off")
    same_day = [
        m
        for m in planned.meetings
        if m.kind == "bilateral_session" and m.start_utc.date() == kick_off.start_utc.date()
    ]

    assert same_day
    assert all(m.start_utc >= kick_off.end_utc or m.end_utc <= kick_off.start_utc for m in same_day)


def test_a_negative_gap_is_refused() -> None:
    people, pairs = _cohort()
    with pytest.raises(ValueError, match="days_after_joint"):
        draft_plan(
            start=date(2030, 3, 4),
            end=date(2030, 5, 31),
            people=people,
            pairs=pairs,
            rules=PlanRules(days_after_joint=-1),
        )


# Stored drafts ------------------------------------------------------------------------------


def _draft(world: World) -> Programme:
    programme = world.reloaded
    programme.starts_on, programme.ends_on = date(2030, 3, 4), date(2030, 5, 31)
    programme.save()
    services.generate_plan(programme=programme, today=date(2030, 3, 1))
    return programme


def _bilaterals(programme: Programme, number: int) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            programme=programme, generated_name=GeneratedName.BILATERAL, title_number=number
        ).order_by("pair__mentee__person__full_name")
    )


def test_drafted_bilateral_sessions_name_their_pair(world: World, frozen) -> None:
    programme = _draft(world)

    titles = [meeting.display_title for meeting in _bilaterals(programme, 1)]

    assert titles == ["Bilateral session 1: Amina – Marc", "Bilateral session 1: Karim – Paola"]


def test_french_and_arabic_readers_see_generated_titles_in_their_language(
    world: World, frozen
) -> None:
    programme = _draft(world)
    kick_off = Meeting.objects.get(programme=programme, generated_name=GeneratedName.KICK_OFF)
    amina_marc = _bilaterals(programme, 2)[0]

    with translation.override("fr"):
        french = (kick_off.display_title, amina_marc.display_title)
    with translation.override("ar"):
        arabic = (kick_off.display_title, amina_marc.display_title)

    assert french == ("Réunion de lancement", "Séance bilatérale 2 : Amina – Marc")
    assert arabic == ("اجتماع الانطلاق", "جلسة ثنائية 2: Amina – Marc")
    assert kick_off.title == "Kick-off"  # the English wording is kept for the admin


def test_the_meeting_list_shows_each_pair_in_the_managers_language(world: World, frozen) -> None:
    programme = _draft(world)
    world.users["mona"].language = "fr"
    world.users["mona"].save()

    page = world.client_for("mona").get(f"/programmes/{programme.slug}/meetings/?page=1")

    text = page.content.decode()
    assert "Réunion de lancement" in text
    assert "Séance bilatérale 1 : Amina – Marc" in text
    assert "Kick-off" not in text


def test_a_title_the_manager_types_stays_as_typed_and_an_unchanged_one_stays_generated(
    world: World, frozen
) -> None:
    programme = _draft(world)
    kept, renamed = _bilaterals(programme, 3)

    for meeting, title in ((kept, kept.display_title), (renamed, "Amina's pitch rehearsal")):
        services.change_meeting(
            meeting=meeting,
            title=title,
            starts_at=meeting.starts_at,
            duration_minutes=meeting.duration_minutes,
        )
        meeting.refresh_from_db()

    with translation.override("fr"):
        assert kept.display_title == "Séance bilatérale 3 : Amina – Marc"
        assert renamed.display_title == "Amina's pitch rehearsal"
    assert renamed.generated_name == ""


def test_an_accepted_proposal_is_named_for_its_pair_in_each_language(world: World, frozen) -> None:
    proposal = services.propose_session(
        pair=world.pair, by=world.people["amina"], starts_at=datetime(2030, 3, 5, 9, tzinfo=UTC)
    )
    services.answer_proposal(proposal=proposal, by=world.people["marc"], accept=True)
    proposal.refresh_from_db()
    assert proposal.meeting is not None

    with translation.override("fr"):
        assert proposal.meeting.display_title == "Séance bilatérale : Amina – Marc"
    assert proposal.meeting.display_title == "Bilateral session: Amina – Marc"


# Per recipient: e-mails, .ics and feeds ------------------------------------------------------


def test_each_recipient_gets_the_title_in_their_own_language_in_mail_and_ics(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    world.users["amina"].language = "fr"
    world.users["amina"].save()
    world.users["karim"].language = "ar"
    world.users["karim"].save()
    programme = _draft(world)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_plan(programme=programme)

    def kick_off_for(address: str) -> tuple[str, str]:
        [message] = [
            m
            for m in smtp.to(address)
            if "UID:" in Inbox.calendar_part(m)[1]
            and str(Meeting.objects.get(programme=programme, generated_name="kick_off").uid)
            in Inbox.calendar_part(m)[1]
        ]
        calendar = ical_reader.read_vobject(Inbox.calendar_part(message)[1])
        return " ".join(message["Subject"].split()), calendar.vevent.summary.value

    french_subject, french_summary = kick_off_for("amina@example.org")
    english_subject, english_summary = kick_off_for("marc@example.org")
    arabic_subject, arabic_summary = kick_off_for("karim@example.org")

    assert "Réunion de lancement" in french_subject
    assert french_summary == "Réunion de lancement"
    assert english_summary == "Kick-off"
    assert "Kick-off" in english_subject
    assert arabic_summary == "اجتماع الانطلاق"
    assert "اجتماع الانطلاق" in arabic_subject


def test_the_calendar_feed_speaks_its_owners_language(world: World, frozen) -> None:
    world.users["amina"].language = "fr"
    world.users["amina"].save()
    programme = _draft(world)
    services.publish_plan(programme=programme)
    token = services.create_calendar_feed(person=world.people["amina"])

    response = world.client_for("marc").get(f"/calendar/{token}.ics")

    text = response.content.decode()
    assert response.status_code == 200
    assert "SUMMARY:Réunion de lancement" in text
    assert "Séance bilatérale 1 : Amina – Marc" in ics_summaries(text)


def ics_summaries(text: str) -> list[str]:
    calendar = ical_reader.read_vobject(text)
    return [event.summary.value for event in calendar.vevent_list]


# The plan page --------------------------------------------------------------------------------


def _plan_page(world: World, days_after_joint: str):
    programme = world.reloaded
    programme.starts_on, programme.ends_on = date(2030, 3, 4), date(2030, 5, 31)
    programme.save()
    return world.client_for("mona").post(
        f"/programmes/{programme.slug}/meetings/plan/",
        {
            "bilateral_every_weeks": 2,
            "joint_duration_minutes": 90,
            "bilateral_duration_minutes": 60,
            "group_duration_minutes": 60,
            "days_after_joint": days_after_joint,
        },
    )


def test_the_plan_page_offers_the_gap_after_joint_meetings(world: World, frozen) -> None:
    response = _plan_page(world, "0")

    drafts = Meeting.objects.filter(programme=world.reloaded, status="draft")
    kick_off = drafts.get(generated_name=GeneratedName.KICK_OFF)
    assert response.status_code == 302
    assert drafts.filter(
        kind="bilateral_session", starts_at__date=kick_off.starts_at.date()
    ).exists()


def test_a_negative_gap_on_the_plan_page_is_explained_and_drafts_nothing(
    world: World, frozen
) -> None:
    response = _plan_page(world, "-1")

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert not Meeting.objects.filter(programme=world.reloaded, status="draft").exists()
