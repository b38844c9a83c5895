"""The same promise with RQ on Redis: mail written while the server is down arrives once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import django_rq
import pytest
import redis
import time_machine
from django.core.management import call_command

from clusterbridge.common.env import env_tasks
from clusterbridge.outbox.models import OutboxMessage, OutboxStatus
from tests.conftest import World, build_world
from tests.outbox.test_delivery import START, _make_changes_that_mail, _message_ids
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db(transaction=True)

# A database number of its own, flushed before and after, so no other Redis user is touched.
REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def rq_queue(settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    connection.flushdb()
    monkeypatch.setenv("TASKS_URL", REDIS_URL)
    settings.TASKS, settings.RQ_QUEUES = env_tasks("TASKS_URL")
    # Jobs run in the test's process, which holds the test database.
    settings.RQ = {"WORKER_CLASS": "rq.worker.SimpleWorker"}
    yield
    connection.flushdb()


@pytest.fixture
def world(seeded_transactional_db: None) -> World:
    return build_world()


def test_mail_written_while_the_server_is_down_arrives_once_through_rq(
    world: World, outbox: Inbox, rq_queue: None
) -> None:
    with time_machine.travel(START, tick=True) as traveller:
        outbox.stop()
        _make_changes_that_mail(world)
        written = set(OutboxMessage.objects.values_list("message_id", flat=True))
        # Each change asked for a delivery job on RQ's mail queue.
        assert django_rq.get_queue("mail").count == 3
        call_command("worker", "--burst", "--queue", "mail")
        assert outbox.messages == []
        assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}

        outbox.start()
        traveller.shift(timedelta(minutes=2))
        call_command("periodic", "--once")
        call_command("worker", "--burst", "--queue", "mail")
        traveller.shift(timedelta(minutes=2))
        call_command("periodic", "--once")
        call_command("worker", "--burst", "--queue", "mail")

    received = _message_ids(outbox)
    assert written <= set(received)
    assert set(received.values()) == {1}
    assert (
        OutboxMessage.objects.filter(message_id__in=written)
        .exclude(status=OutboxStatus.SENT)
        .count()
        == 0
    )
