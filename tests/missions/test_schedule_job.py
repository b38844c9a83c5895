"""Scheduling a big mission is a job: the page answers at once and leads to the mission."""

from __future__ import annotations

import io
from unittest.mock import patch

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from clusterbridge.jobs.models import Job
from clusterbridge.jobs.services import retry_job
from clusterbridge.missions import services
from clusterbridge.missions.jobs import SCHEDULE
from clusterbridge.missions.models import MissionMeeting
from clusterbridge.programmes.models import Participation
from tests.conftest import World
from tests.jobs.immediate import jobs_run_at_once
from tests.missions.test_missions import _join, mission  # noqa: F401


@pytest.fixture(autouse=True)
def _small_threshold(settings) -> None:
    settings.JOB_MISSION_REQUESTS = 1


@pytest.fixture
def requested(world: World, mission) -> None:  # noqa: F811
    marc, amina, paola = (_join(world, mission, name) for name in ("marc", "amina", "paola"))
    for first, second in ((amina, marc), (amina, paola)):
        request = services.request_meeting(requester=first, requested=second)
        services.answer_request(request=request, by=second, accept=True)
    mail.outbox.clear()


def _schedule(world: World, mission) -> str:  # noqa: F811
    url = f"/programmes/{world.reloaded.slug}/missions/{mission.pk}/schedule/"
    response = world.client_for("mona").post(url)
    assert response.status_code == 303, response.status_code
    return str(response["Location"])


def test_a_mission_above_the_threshold_is_scheduled_by_a_job_leading_to_the_mission(
    world: World,
    mission,  # noqa: F811
    requested: None,
) -> None:
    with jobs_run_at_once():
        location = _schedule(world, mission)

    job = Job.objects.get()
    assert location == f"/jobs/{job.pk}/"
    assert (job.kind, job.description) == (
        SCHEDULE,
        "Scheduling 2 accepted requests of Barcelona B2B",
    )
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.result_url == f"/programmes/{world.reloaded.slug}/missions/{mission.pk}/"
    assert job.result_message.startswith("2 of 2 accepted requests placed")
    assert MissionMeeting.objects.filter(mission=mission).count() == 2
    assert mail.outbox  # the agendas


def test_a_programme_closed_before_the_job_ran_fails_it_and_a_retry_schedules(
    world: World,
    mission,  # noqa: F811
    requested: None,
) -> None:
    programme = world.reloaded
    status = programme.status
    with jobs_run_at_once():
        _schedule(world, mission)
        programme.status = "closed"
        programme.save(update_fields=["status"])

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error
    assert "unexpected" not in job.error
    assert not MissionMeeting.objects.exists()

    programme.status = status
    programme.save(update_fields=["status"])
    with jobs_run_at_once():
        retry_job(job=job, actor=world.users["mona"])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert MissionMeeting.objects.count() == 2


def test_a_job_failing_while_saving_keeps_the_previous_schedule(
    world: World,
    mission,  # noqa: F811
    requested: None,
) -> None:
    services.schedule(mission=mission, time_limit_seconds=1, notify=False)
    before = sorted(MissionMeeting.objects.values_list("request_id", "slot", "table"))

    with (
        patch.object(MissionMeeting.objects, "bulk_create", side_effect=RuntimeError("disk")),
        jobs_run_at_once(),
    ):
        _schedule(world, mission)

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert sorted(MissionMeeting.objects.values_list("request_id", "slot", "table")) == before


def test_a_manager_who_lost_the_programme_before_the_job_ran_schedules_nothing(
    world: World,
    mission,  # noqa: F811
    requested: None,
) -> None:
    with jobs_run_at_once():
        _schedule(world, mission)
        Participation.objects.filter(person=world.people["mona"], role="manager").delete()

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error == "The mission no longer exists, or you no longer manage its programme."
    assert not MissionMeeting.objects.exists()


def test_the_command_schedules_with_a_progress_bar(
    world: World,
    mission,  # noqa: F811
    requested: None,
) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("schedule_mission", world.reloaded.slug, str(mission.pk), stdout=out, stderr=err)
    assert "3/3" in err.getvalue()
    assert out.getvalue().startswith("2 of 2 accepted requests placed")
    assert MissionMeeting.objects.filter(mission=mission).count() == 2


def test_the_command_refuses_an_unknown_mission(world: World) -> None:
    with pytest.raises(CommandError, match="No mission 999"):
        call_command("schedule_mission", world.reloaded.slug, "999")


def test_a_mission_scheduled_by_a_worker_shows_its_last_step_once_done(
    seeded_transactional_db: None,
    world: World,
    mission,  # noqa: F811
    requested: None,
) -> None:
    # The worker's reporter thread writes the progress, outside the scheduler's transaction.
    _schedule(world, mission)
    call_command("worker", "--burst")

    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert MissionMeeting.objects.filter(mission=mission).count() == 2
