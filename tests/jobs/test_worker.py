"""`clusterbridge worker`: one command whatever queue TASKS_URL names."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from clusterbridge.common.env import env_tasks
from tests.jobs.recording_tasks import mark_default, mark_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_burst_worker_runs_every_queued_job_and_exits() -> None:
    mark_default.enqueue("first")
    mark_mail.enqueue("second")

    call_command("worker", "--burst")

    assert cache.get("first") == "done"
    assert cache.get("second") == "done"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_worker_limited_to_a_queue_leaves_the_other_queues_waiting() -> None:
    mark_default.enqueue("general")
    mark_mail.enqueue("mail")

    call_command("worker", "--burst", "--queue", "mail")

    assert cache.get("mail") == "done"
    assert cache.get("general") is None
    assert DBTaskResult.objects.get(queue_name="default").status == "READY"


def test_worker_takes_several_queues_after_one_option() -> None:
    mark_default.enqueue("general")
    mark_mail.enqueue("mail")

    call_command("worker", "--burst", "--queue", "mail", "default")

    assert cache.get("mail") == "done"
    assert cache.get("general") == "done"


def test_worker_refuses_an_unknown_queue_name() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clusterbridge", "worker", "--burst", "--queue", "nope"],
        capture_output=True,
        text=True,
        env=os.environ | {"TASKS_URL": ""},
        check=False,
    )
    assert result.returncode == 2
    assert "invalid choice: 'nope'" in result.stderr


def test_immediate_queue_runs_the_job_in_the_caller_and_needs_no_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TASKS_URL", "immediate://")
    tasks, rq_queues = env_tasks("TASKS_URL")
    with override_settings(TASKS=tasks):
        mark_default.enqueue("at-once")
        assert cache.get("at-once") == "done"
        call_command("worker", "--burst")
    assert rq_queues == {}


def test_redis_url_configures_rq_for_every_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TASKS_URL", "redis://127.0.0.1:6379/3")
    tasks, rq_queues = env_tasks("TASKS_URL")
    assert tasks["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert set(rq_queues) == {"default", "mail", "exports"}
    assert {queue["URL"] for queue in rq_queues.values()} == {"redis://127.0.0.1:6379/3"}


@pytest.mark.parametrize("value", ["amqp://localhost", "redis", "celery://x"])
def test_a_task_url_that_names_no_known_queue_is_refused(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TASKS_URL", value)
    with pytest.raises(ImproperlyConfigured, match="TASKS_URL must be"):
        env_tasks("TASKS_URL")
