"""What the outbox stores is what it sends; retries, failures and dead workers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.mime.text import MIMEText

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from clusterbridge.common import privacy
from clusterbridge.directory.services import erase_person
from clusterbridge.outbox import delivery
from clusterbridge.outbox.models import OutboxMessage, OutboxRecipient, OutboxStatus
from clusterbridge.outbox.serialise import rebuild
from clusterbridge.outbox.services import queue_messages, retry_message
from tests.factories import PersonFactory
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 1, 8, tzinfo=UTC)


def _full_message() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject="Réunion — اجتماع",
        body="Bonjour,\nmarhaba",
        from_email="Programme <programme@example.org>",
        to=["Amina@Example.org"],
        cc=["marc@example.org"],
        bcc=["mona@example.org"],
        reply_to=["mona@example.org"],
        headers={"X-Programme": "reloaded"},
    )
    message.attach_alternative("<p>Bonjour</p>", "text/html")
    message.attach("notes.txt", "deux lignes\nسطران", "text/plain")
    message.attach("logo.bin", b"\x00\xffbinary", "application/octet-stream")
    ics = MIMEText("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "calendar", "utf-8")
    ics.set_param("method", "REQUEST")
    ics.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(ics)
    return message


def _parts(message: EmailMultiAlternatives) -> list[tuple[str, object]]:
    parsed = message.message()
    return [
        (part.get_content_type(), part.get_payload(decode=True) or b"")
        for part in parsed.walk()
        if not part.is_multipart()
    ]


def test_a_stored_message_rebuilds_into_the_same_message(settings) -> None:
    settings.EMAIL_BACKEND = "clusterbridge.outbox.backend.OutboxBackend"
    original = _full_message()
    assert mail.get_connection().send_messages([original]) == 1

    row = OutboxMessage.objects.get()
    rebuilt = rebuild(row)

    assert rebuilt.subject == original.subject
    assert (rebuilt.from_email, rebuilt.to, rebuilt.cc, rebuilt.bcc, rebuilt.reply_to) == (
        original.from_email,
        original.to,
        original.cc,
        original.bcc,
        original.reply_to,
    )
    assert rebuilt.extra_headers["X-Programme"] == "reloaded"
    assert rebuilt.message()["Message-ID"] == row.message_id
    assert _parts(rebuilt) == _parts(original)
    calendar = next(p for p in rebuilt.message().walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_filename() == "invite.ics"
    assert sorted(OutboxRecipient.objects.values_list("address", flat=True)) == [
        "amina@example.org",
        "marc@example.org",
        "mona@example.org",
    ]


def test_a_message_without_recipients_is_not_stored() -> None:
    assert queue_messages(messages=[EmailMultiAlternatives(subject="x", body="y")]) == 0
    assert not OutboxMessage.objects.exists()


def _queued(subject: str = "Hello") -> OutboxMessage:
    queue_messages(messages=[EmailMultiAlternatives(subject=subject, body="b", to=["a@ex.org"])])
    row = OutboxMessage.objects.get(subject=subject)
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=NOW)
    row.refresh_from_db()
    return row


@pytest.fixture
def dead_server(smtp: Inbox, settings) -> Inbox:
    settings.OUTBOX_DELIVERY_BACKEND = settings.EMAIL_BACKEND
    settings.EMAIL_TIMEOUT = 5
    smtp.stop()
    return smtp


def test_failed_attempts_wait_longer_each_time_then_fail_for_good(
    dead_server: Inbox, settings
) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 4
    row = _queued()
    waits = []
    now = NOW
    for _attempt in range(4):
        assert delivery.deliver_due(now=now) == 0
        row.refresh_from_db()
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at

    assert waits[:3] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert row.status == OutboxStatus.FAILED
    assert row.attempts == 4
    assert "ConnectionRefusedError" in row.last_error
    # A failed message is not tried again by itself.
    assert delivery.deliver_due(now=now + timedelta(days=1)) == 0
    row.refresh_from_db()
    assert row.attempts == 4


def test_the_wait_between_attempts_stops_growing_at_the_maximum(settings) -> None:
    settings.OUTBOX_MAX_BACKOFF_MINUTES = 120
    assert delivery.backoff(7) == timedelta(minutes=64)
    assert delivery.backoff(8) == timedelta(minutes=120)
    assert delivery.backoff(30) == timedelta(minutes=120)


def test_a_retried_failed_message_is_sent_with_its_first_message_id(
    dead_server: Inbox, settings
) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 1
    row = _queued()
    delivery.deliver_due(now=NOW)
    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED

    dead_server.start()
    assert retry_message(message=row, by=None) is True
    assert delivery.deliver_due(now=datetime.now(UTC)) == 1

    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert [str(m["Message-ID"]) for m in dead_server.messages] == [row.message_id]
    assert retry_message(message=row, by=None) is False


def test_a_message_left_sending_by_a_dead_worker_is_sent_after_the_lease(
    smtp: Inbox, settings
) -> None:
    settings.OUTBOX_DELIVERY_BACKEND = settings.EMAIL_BACKEND
    row = _queued()
    # A worker claimed it, then died before sending.
    OutboxMessage.objects.filter(pk=row.pk).update(
        status=OutboxStatus.SENDING, attempts=1, lease_until=NOW + timedelta(minutes=10)
    )

    assert delivery.deliver_due(now=NOW + timedelta(minutes=5)) == 0
    assert delivery.deliver_due(now=NOW + timedelta(minutes=11)) == 1

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)
    assert len(smtp.messages) == 1


def test_a_message_claimed_by_another_worker_is_not_sent_twice(smtp: Inbox, settings) -> None:
    settings.OUTBOX_DELIVERY_BACKEND = settings.EMAIL_BACKEND
    row = _queued()
    stale_copy = OutboxMessage.objects.get(pk=row.pk)
    assert delivery.deliver_due(now=NOW) == 1

    # A second worker that read the row before the first claimed it loses the claim.
    assert delivery.claim(stale_copy, now=NOW) is False
    assert len(smtp.messages) == 1


def test_erasing_a_person_deletes_the_mail_sent_or_waiting_for_them() -> None:
    person = PersonFactory(email="Leaving@Example.org")
    queue_messages(messages=[EmailMultiAlternatives(subject="s", body="b", to=[person.email])])
    queue_messages(messages=[EmailMultiAlternatives(subject="s", body="b", to=["stay@ex.org"])])

    exported = privacy.export_data(person)
    erase_person(person=person)

    assert OutboxMessage.objects.get().to == ["stay@ex.org"]
    assert [row["subject"] for row in exported["data"]["outbox.OutboxMessage"]] == ["s"]
