"""The managers' page of e-mail that has not reached their programme's people."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from clusterbridge.outbox.models import OutboxMessage, OutboxStatus
from clusterbridge.outbox.services import queue_messages
from tests.conftest import World


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


def _mail(world: World, to: str, subject: str, **state: object) -> OutboxMessage:
    message = EmailMessage(
        subject=subject, body=f"Secret body {subject}", to=[world.people[to].email.upper()]
    )
    queue_messages(messages=[message])
    row = OutboxMessage.objects.latest("pk")
    OutboxMessage.objects.filter(pk=row.pk).update(**state)
    return row


def test_managers_see_failed_and_long_waiting_mail_to_their_people_without_bodies(
    world: World,
) -> None:
    long_ago = timezone.now() - timedelta(hours=1)
    failed = {"status": OutboxStatus.FAILED, "last_error": "SMTPRecipientsRefused: 550"}
    _mail(world, "amina", "Failed to Amina", **failed)
    _mail(world, "karim", "Waiting for Karim", created_at=long_ago, attempts=3)
    _mail(world, "marc", "Just queued for Marc")
    _mail(world, "marc", "Sent to Marc", status=OutboxStatus.SENT)
    _mail(world, "olga", "Failed to Olga", **failed)

    page = world.client_for("mona").get("/programmes/reloaded/mail/").content.decode()

    assert "Failed to Amina" in page
    assert "SMTPRecipientsRefused: 550" in page
    assert "Waiting for Karim" in page
    assert "Just queued for Marc" not in page
    assert "Sent to Marc" not in page
    assert "Failed to Olga" not in page
    assert "Secret body" not in page
    olga_page = world.client_for("olga").get("/programmes/other/mail/").content.decode()
    assert "Failed to Olga" in olga_page
    assert "Failed to Amina" not in olga_page


def test_retrying_a_failed_mail_queues_it_for_now_with_fresh_attempts(world: World) -> None:
    row = _mail(world, "amina", "Failed to Amina", status=OutboxStatus.FAILED, attempts=12)

    response = world.client_for("mona").post(
        f"/programmes/reloaded/mail/{row.pk}/retry/", follow=True
    )

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 0)
    assert row.next_attempt_at <= timezone.now()
    assert "queued again" in response.content.decode()


def test_retrying_a_mail_sent_meanwhile_changes_nothing(world: World) -> None:
    row = _mail(world, "amina", "Failed to Amina", status=OutboxStatus.FAILED)
    url = f"/programmes/reloaded/mail/{row.pk}/retry/"
    client = world.client_for("mona")
    client.post(url)
    OutboxMessage.objects.filter(pk=row.pk).update(status=OutboxStatus.SENT)

    assert client.post(url).status_code == 404
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT


def test_site_admins_retry_any_failed_mail_from_the_admin(world: World) -> None:
    row = _mail(world, "carla", "Password reset", status=OutboxStatus.FAILED, attempts=12)

    response = world.client_for("ada").post(
        "/admin/outbox/outboxmessage/",
        {"action": "retry", "_selected_action": [row.pk]},
        follow=True,
    )

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 0)
    assert "1 e-mail queued again." in response.content.decode()
