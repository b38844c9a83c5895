"""Digests: due by each reader's frequency and time zone, sent once, with one-click unsubscribe."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from clusterbridge.community import services as community
from clusterbridge.conversations import services as conversations
from clusterbridge.conversations.notifications import MESSAGES, send_message_notifications
from clusterbridge.directory import services as directory
from clusterbridge.directory.models import Sector
from clusterbridge.journeys.models import Agreement, Survey
from clusterbridge.meetings import services as meetings
from clusterbridge.notices import registry, services
from clusterbridge.notices.models import Delivery, DigestSubscription, Frequency
from clusterbridge.notices.registry import DigestItem, DigestSection
from tests.conftest import World
from tests.smtp import Inbox, free_port
from tests.test_query_counts import _add_applications


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


# Monday 4 March 2030: Tunis and Rome are on UTC+1 that day.
MONDAY = datetime(2030, 3, 4, tzinfo=UTC)


def _consent(world: World, *names: str) -> None:
    for name in names:
        directory.update_person(person=world.people[name], emails_consent=True)


def _meeting_on_wednesday(world: World) -> None:
    with time_machine.travel(MONDAY - timedelta(days=3), tick=False):
        meetings.create_meeting(
            programme=world.reloaded,
            kind="bilateral_session",
            title="Wednesday session",
            starts_at=MONDAY + timedelta(days=2, hours=9),
            duration_minutes=60,
            invitees=[world.people[name] for name in ("karim", "paola", "amina")],
            notify=False,
        )


def _run(at: datetime, **options: bool) -> list[services.DigestOutcome]:
    with time_machine.travel(at, tick=False):
        return services.send_digests(now=at, **options)


def test_a_weekly_digest_leaves_on_monday_morning_once_with_meetings_in_the_readers_zone(
    world: World, smtp: Inbox
) -> None:
    _consent(world, "karim")
    _meeting_on_wednesday(world)

    _run(MONDAY + timedelta(hours=5))  # 06:00 in Tunis: not yet
    assert smtp.to("karim@example.org") == []
    _run(MONDAY + timedelta(hours=6, minutes=5))  # 07:05 in Tunis
    _run(MONDAY + timedelta(hours=6, minutes=10))

    [digest] = smtp.to("karim@example.org")
    body = _text(digest)
    assert "Wednesday session" in body
    assert "10:00" in body  # 09:00 UTC, read in Tunis
    assert "Africa/Tunis" in body
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in digest["List-Unsubscribe"]


def test_each_reader_gets_the_digest_from_seven_in_their_own_zone(
    world: World, smtp: Inbox
) -> None:
    _consent(world, "amina", "paola")
    directory.update_person(person=world.people["amina"], time_zone="Asia/Amman")
    _meeting_on_wednesday(world)

    _run(MONDAY + timedelta(hours=4, minutes=30))  # 07:30 in Amman (UTC+3), 05:30 in Rome
    assert [m["To"] for m in smtp.messages] == ["amina@example.org"]
    _run(MONDAY + timedelta(hours=6, minutes=30))  # 07:30 in Rome
    assert sorted(m["To"] for m in smtp.messages) == ["amina@example.org", "paola@example.org"]


def test_a_daily_reader_gets_one_each_morning_and_a_weekly_reader_waits_a_week(
    world: World, smtp: Inbox
) -> None:
    _consent(world, "karim", "paola")
    _meeting_on_wednesday(world)
    services.save_preferences(person=world.people["karim"], frequency="daily", deliveries={})

    for day in range(3):
        _run(MONDAY + timedelta(days=day, hours=7))
        _run(MONDAY + timedelta(days=day, hours=8))

    assert len(smtp.to("karim@example.org")) == 3
    assert len(smtp.to("paola@example.org")) == 1


def test_a_dry_run_sends_and_records_nothing(world: World, smtp: Inbox) -> None:
    _consent(world, "karim")
    _meeting_on_wednesday(world)

    outcomes = _run(MONDAY + timedelta(hours=7), dry_run=True)

    assert [o.person.full_name for o in outcomes if o.sections] == ["Karim"]
    assert smtp.messages == []
    assert not DigestSubscription.objects.exists()
    _run(MONDAY + timedelta(hours=7))
    assert len(smtp.to("karim@example.org")) == 1


def test_no_digest_without_the_e_mails_consent_or_when_turned_off(
    world: World, smtp: Inbox
) -> None:
    _consent(world, "paola")
    _meeting_on_wednesday(world)
    services.save_preferences(person=world.people["paola"], frequency="never", deliveries={})

    _run(MONDAY + timedelta(hours=8))

    assert smtp.messages == []


def test_the_digests_unsubscribe_link_turns_the_digest_off(world: World, smtp: Inbox) -> None:
    _consent(world, "karim")
    _meeting_on_wednesday(world)
    _run(MONDAY + timedelta(hours=7))
    link = smtp.to("karim@example.org")[0]["List-Unsubscribe"].strip().strip("<>")

    Client(enforce_csrf_checks=True).post(urlsplit(link).path, {"List-Unsubscribe": "One-Click"})

    assert DigestSubscription.objects.get(person=world.people["karim"]).frequency == (
        Frequency.NEVER
    )
    _run(MONDAY + timedelta(days=7, hours=7))
    assert len(smtp.to("karim@example.org")) == 1


def test_opportunities_in_the_readers_sectors_and_kept_announcements_are_listed(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    _consent(world, "karim")
    textiles, energy = Sector.objects.order_by("pk")[:2]
    world.people["karim"].sectors.set([textiles])
    services.save_preferences(
        person=world.people["karim"], frequency="weekly", deliveries={"announcements": "digest"}
    )
    with time_machine.travel(MONDAY - timedelta(days=2), tick=False):
        for sector, title in ((textiles, "Textile buyers wanted"), (energy, "Solar tender")):
            community.post_opportunity(
                author=world.people["carla"], kind="business", title=title, body="…", sector=sector
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.send_announcement(
                programme=world.reloaded,
                author=world.people["mona"],
                audience="mentees",
                language="en",
                subject="Kept for the digest",
                body="…",
            )

    _run(MONDAY + timedelta(hours=7))

    [digest] = smtp.to("karim@example.org")
    body = _text(digest)
    assert "Textile buyers wanted" in body
    assert "Solar tender" not in body
    assert "Kept for the digest" in body


def test_another_app_adds_a_section_through_the_registry(world: World, smtp: Inbox) -> None:
    def unread(person, since, until):
        return DigestSection("Unread messages", [DigestItem(f"3 for {person.full_name}", "/m/")])

    _consent(world, "karim")
    registry.register_digest_section("test-unread", unread)
    try:
        _run(MONDAY + timedelta(hours=7))
    finally:
        registry._sections.pop("test-unread")

    body = _text(smtp.to("karim@example.org")[0])
    assert "Unread messages" in body
    assert "3 for Karim" in body


def test_the_digest_is_written_in_the_readers_language(world: World, smtp: Inbox) -> None:
    _consent(world, "karim")
    _meeting_on_wednesday(world)
    world.users["karim"].language = "fr"
    world.users["karim"].save()

    _run(MONDAY + timedelta(hours=7))

    body = _text(smtp.to("karim@example.org")[0])
    assert "Bonjour Karim" in body
    assert "Vos prochaines réunions" in body


def test_the_command_sends_what_is_due_and_a_second_run_nothing(world: World, smtp: Inbox) -> None:
    _consent(world, "karim")
    _meeting_on_wednesday(world)
    outputs = []
    with time_machine.travel(MONDAY + timedelta(hours=7), tick=False):
        for options in ({"dry_run": True}, {}, {}):
            out = StringIO()
            call_command("send_digests", stdout=out, **options)
            outputs.append(out.getvalue())

    assert "karim@example.org: " in outputs[0]
    assert "1 digest(s) sent" in outputs[1]
    assert "0 digest(s) sent" in outputs[2]
    assert len(smtp.to("karim@example.org")) == 1


def test_a_dead_mail_server_leaves_the_digest_for_the_next_run(
    world: World, smtp: Inbox, settings
) -> None:
    _consent(world, "karim")
    _meeting_on_wednesday(world)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there

    [refused] = [o for o in _run(MONDAY + timedelta(hours=7)) if o.sections]
    settings.EMAIL_PORT = port
    _run(MONDAY + timedelta(hours=8))

    assert refused.sent is False
    assert len(smtp.to("karim@example.org")) == 1


def test_a_managers_digest_counts_the_applications_waiting(world: World, smtp: Inbox) -> None:
    _consent(world, "mona")
    with time_machine.travel(MONDAY - timedelta(days=2), tick=False):
        _add_applications(world.reloaded, 2)

    _run(MONDAY + timedelta(hours=7))

    body = _text(smtp.to("mona@example.org")[0])
    assert "Applications waiting for a decision" in body
    assert "Reloaded: 2" in body
    assert f"/programmes/{world.reloaded.slug}/applications/" in body


def test_what_is_due_lists_the_open_survey_and_the_agreement_to_accept(
    world: World, smtp: Inbox
) -> None:
    _consent(world, "karim", "paola")
    survey = Survey.objects.create(programme=world.reloaded, kind="end", title="End survey")
    Agreement.objects.create(
        pair=world.second_pair,
        goals="Export",
        rhythm="Monthly",
        channel="Video",
        confidentiality="Ours",
        mentor_accepted_at=MONDAY - timedelta(days=3),
    )

    _run(MONDAY + timedelta(hours=7))

    karim = _text(smtp.to("karim@example.org")[0])
    assert "Answer the survey: End survey" in karim
    assert f"/journeys/surveys/{survey.pk}/" in karim
    assert "Accept your mentoring agreement" in karim
    assert "Accept your mentoring agreement" not in _text(smtp.to("paola@example.org")[0])


def _marc_writes_to_amina(world: World, at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        conversation = conversations.pair_conversation(pair=world.pair)
        conversations.post_message(
            conversation=conversation, author=world.people["marc"], body="Agenda for Wednesday"
        )


def test_who_chose_the_digest_for_messages_reads_them_there_and_gets_no_message_e_mail(
    world: World, smtp: Inbox
) -> None:
    _consent(world, "amina")
    services.save_preferences(
        person=world.people["amina"],
        frequency=Frequency.DAILY,
        deliveries={MESSAGES: Delivery.DIGEST},
    )
    _marc_writes_to_amina(world, MONDAY - timedelta(hours=3))

    assert send_message_notifications(now=MONDAY - timedelta(hours=2)) == 0
    _run(MONDAY + timedelta(hours=8))

    [digest] = smtp.to("amina@example.org")
    body = _text(digest)
    assert "Unread messages" in body
    assert "1 unread message" in body
    assert "Agenda for Wednesday" not in body  # what was said stays in the application


def test_who_chose_never_for_messages_gets_neither_an_e_mail_nor_a_digest_line(
    world: World, smtp: Inbox
) -> None:
    _consent(world, "amina")
    services.save_preferences(
        person=world.people["amina"],
        frequency=Frequency.DAILY,
        deliveries={MESSAGES: Delivery.NEVER},
    )
    _marc_writes_to_amina(world, MONDAY - timedelta(hours=3))

    assert send_message_notifications(now=MONDAY - timedelta(hours=2)) == 0
    _run(MONDAY + timedelta(hours=8))

    assert all("Unread messages" not in _text(mail) for mail in smtp.to("amina@example.org"))


def test_who_left_messages_at_once_gets_the_message_e_mail(world: World, smtp: Inbox) -> None:
    _marc_writes_to_amina(world, MONDAY - timedelta(hours=3))

    assert send_message_notifications(now=MONDAY - timedelta(hours=2)) == 1
    assert [mail["To"] for mail in smtp.messages] == ["amina@example.org"]
