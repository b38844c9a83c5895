"""A dead mail server delays mail, never loses it: the outbox and its delivery jobs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from clusterbridge.invitations.services import invite_participants
from clusterbridge.meetings import services as meetings
from clusterbridge.outbox.models import OutboxMessage, OutboxStatus
from clusterbridge.programmes.models import Participation
from tests.conftest import World, build_world
from tests.factories import ParticipationFactory, PersonFactory
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime(2030, 3, 1, 8, tzinfo=UTC)


@pytest.fixture
def world(seeded_transactional_db: None) -> World:
    return build_world()


def _make_changes_that_mail(world: World) -> None:
    """Two meetings with invitees and the invitation of two participants without a login."""
    for number in (1, 2):
        meetings.create_meeting(
            programme=world.reloaded,
            kind="bilateral_session",
            title=f"Amina and Marc, session {number}",
            starts_at=START + timedelta(days=3, hours=number),
            duration_minutes=60,
            invitees=[world.people["marc"], world.people["amina"]],
            online_url="https://video.example/room-7",
        )
    newcomers: list[Participation] = [
        ParticipationFactory(programme=world.reloaded, person=PersonFactory(user=None))
        for _ in range(2)
    ]
    invite_participants(programme=world.reloaded, participations=newcomers, invited_by=None)


@contextmanager
def transaction_that_fails() -> Iterator[None]:
    with transaction.atomic():
        yield
        raise RuntimeError("the change fails after its mail was written")


def _message_ids(inbox: Inbox) -> Counter[str]:
    with inbox.lock:
        return Counter(str(message["Message-ID"]) for message in inbox.messages)


def test_mail_written_while_the_server_is_down_arrives_once_after_it_is_back(
    world: World, outbox: Inbox
) -> None:
    with time_machine.travel(START, tick=True) as traveller:
        outbox.stop()
        _make_changes_that_mail(world)
        written = set(OutboxMessage.objects.values_list("message_id", flat=True))
        assert len(written) == 6  # two invitees of two meetings, two invitations

        call_command("worker", "--burst")

        assert outbox.messages == []
        waiting = list(OutboxMessage.objects.all())
        assert {message.status for message in waiting} == {OutboxStatus.QUEUED}
        assert {message.attempts for message in waiting} == {1}
        assert all(message.next_attempt_at > timezone.now() for message in waiting)
        assert all("Connection" in message.last_error for message in waiting)

        # Back up, but the backoff has not passed: they wait (the periodic jobs' own mail,
        # the pair-health reminders, goes out at once).
        outbox.start()
        call_command("periodic", "--once")
        call_command("worker", "--burst")
        assert not written & set(_message_ids(outbox))

        traveller.shift(timedelta(minutes=2))
        call_command("periodic", "--once")
        call_command("worker", "--burst")
        # A second round finds nothing left to send.
        traveller.shift(timedelta(minutes=2))
        call_command("periodic", "--once")
        call_command("worker", "--burst")

    received = _message_ids(outbox)
    stored = set(OutboxMessage.objects.values_list("message_id", flat=True))
    assert written <= stored
    assert set(received) == stored
    assert set(received.values()) == {1}
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_a_change_that_rolls_back_leaves_no_mail_in_the_outbox(world: World, outbox: Inbox) -> None:
    with (
        pytest.raises(RuntimeError),
        time_machine.travel(START, tick=True),
        transaction_that_fails(),
    ):
        _make_changes_that_mail(world)

    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.filter(queue_name="mail").exists()


def test_mail_queued_in_a_change_asks_for_one_delivery_job_on_the_mail_queue(
    world: World, outbox: Inbox
) -> None:
    with time_machine.travel(START, tick=True):
        meetings.create_meeting(
            programme=world.reloaded,
            kind="bilateral_session",
            title="One more",
            starts_at=START + timedelta(days=1),
            duration_minutes=60,
            invitees=[world.people["marc"], world.people["amina"]],
        )
        assert OutboxMessage.objects.count() == 2
        assert DBTaskResult.objects.filter(queue_name="mail", status="READY").count() == 1
        assert outbox.messages == []

        call_command("worker", "--burst", "--queue", "mail")

    assert sorted(str(message["To"]) for message in outbox.messages) == sorted(
        [world.people["marc"].email, world.people["amina"].email]
    )
