"""Publishing the plan is a job: the manager's browser waits for no e-mail."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from clusterbridge.jobs.models import Job
from clusterbridge.jobs.services import retry_job
from clusterbridge.meetings import services
from clusterbridge.meetings.jobs import PUBLISH_PLAN
from clusterbridge.meetings.models import Meeting, MeetingChange
from clusterbridge.programmes.models import Participation
from tests.conftest import World
from tests.jobs.immediate import jobs_run_at_once


def _drafts(world: World, count: int) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        for number in range(count):
            services.create_meeting(
                programme=world.reloaded,
                kind="bilateral_session",
                title=f"Session {number}",
                starts_at=datetime(2030, 3, 4, 9, tzinfo=UTC) + timedelta(days=number),
                duration_minutes=60,
                invitees=[world.people["marc"], world.people["amina"]],
                status="draft",
            )


def _publish(world: World) -> str:
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/meetings/plan/publish/"
    )
    assert response.status_code == 303, response.status_code
    return str(response["Location"])


def test_publishing_answers_at_once_and_the_job_publishes_and_queues_the_invitations(
    world: World,
) -> None:
    _drafts(world, 3)
    with jobs_run_at_once():
        location = _publish(world)

    job = Job.objects.get()
    assert location == f"/jobs/{job.pk}/"
    assert (job.kind, job.requested_by) == (PUBLISH_PLAN, world.users["mona"])
    assert job.description.startswith("Publishing 3 meetings of ")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result_url == f"/programmes/{world.reloaded.slug}/meetings/"
    assert job.result_message == "3 meetings published; their invitations are queued."
    assert not Meeting.objects.filter(status="draft").exists()
    assert len(mail.outbox) == 6
    page = world.client_for("mona").get(location).content.decode()
    assert "their invitations are queued" in page


def test_publishing_without_drafts_queues_no_job(world: World) -> None:
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/meetings/plan/publish/"
    )
    assert response.status_code == 302
    assert not Job.objects.exists()


def test_a_manager_who_lost_the_programme_before_the_job_ran_publishes_nothing(
    world: World,
) -> None:
    _drafts(world, 2)
    with jobs_run_at_once():
        _publish(world)
        Participation.objects.filter(person=world.people["mona"], role="manager").delete()

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error == "The programme no longer exists, or you no longer manage it."
    assert Meeting.objects.filter(status="draft").count() == 2
    assert mail.outbox == []


def test_a_job_failing_halfway_publishes_nothing_and_its_retry_publishes_all(
    world: World,
) -> None:
    _drafts(world, 3)
    record = services._record
    calls = iter(range(100))

    def fail_on_the_second(*args: object, **kwargs: object) -> None:
        if next(calls) == 1:
            raise RuntimeError("disk full")
        record(*args, **kwargs)  # type: ignore[arg-type]

    with patch.object(services, "_record", fail_on_the_second), jobs_run_at_once():
        _publish(world)

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "unexpected error" in job.error
    assert Meeting.objects.filter(status="draft").count() == 3
    assert not MeetingChange.objects.filter(kind="published").exists()
    assert mail.outbox == []

    with jobs_run_at_once():
        retry_job(job=job, actor=world.users["mona"])

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert not Meeting.objects.filter(status="draft").exists()
    assert len(mail.outbox) == 6


def test_the_command_publishes_the_plan_with_a_progress_bar(world: World) -> None:
    _drafts(world, 2)
    out, err = io.StringIO(), io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("publish_plan", world.reloaded.slug, stdout=out, stderr=err)
    assert "2/2" in err.getvalue()
    assert "2 meetings published" in out.getvalue()
    assert not Meeting.objects.filter(status="draft").exists()
