"""Matching a big cohort is a job: the page answers at once and leads to the proposal."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from clusterbridge.jobs.models import Job
from clusterbridge.jobs.services import retry_job
from clusterbridge.matching.jobs import RUN_MATCHING
from clusterbridge.matching.models import MatchingRun
from clusterbridge.programmes.models import Participation
from tests.jobs.immediate import jobs_run_at_once
from tests.matching.conftest import Cohort


@pytest.fixture(autouse=True)
def _small_threshold(settings) -> None:
    settings.JOB_MATCH_MENTEES = 2


def _run(cohort: Cohort) -> str:
    response = cohort.client().post("/programmes/spring/matching/run/", {"mode": "optimal"})
    assert response.status_code == 303, response.status_code
    return str(response["Location"])


def test_a_cohort_above_the_threshold_is_matched_by_a_job_leading_to_the_proposal(
    cohort: Cohort,
) -> None:
    with jobs_run_at_once():
        location = _run(cohort)

    job = Job.objects.get()
    assert location == f"/jobs/{job.pk}/"
    assert (job.kind, job.description) == (RUN_MATCHING, "Matching 3 mentees of Spring")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.result_url == "/programmes/spring/matching/"
    assert job.result_message == "The matcher proposed new pairs: 2 of 3 mentees matched."
    run = MatchingRun.objects.get()
    assert (run.created_by, run.matched_mentees) == (cohort.manager, 2)


def test_a_cohort_at_the_threshold_is_matched_in_the_request(cohort: Cohort, settings) -> None:
    settings.JOB_MATCH_MENTEES = 3
    response = cohort.client().post("/programmes/spring/matching/run/", {"mode": "optimal"})
    assert response.status_code == 302
    assert not Job.objects.exists()
    assert MatchingRun.objects.count() == 1


def test_a_programme_closed_before_the_job_ran_fails_it_and_a_retry_matches(
    cohort: Cohort,
) -> None:
    programme = cohort.programme
    with jobs_run_at_once():
        _run(cohort)
        programme.status = "closed"
        programme.save(update_fields=["status"])

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "matching" in job.error
    assert "unexpected" not in job.error
    assert not MatchingRun.objects.exists()

    programme.status = "matching"
    programme.save(update_fields=["status"])
    with jobs_run_at_once():
        retry_job(job=job, actor=cohort.manager)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert MatchingRun.objects.count() == 1


def test_a_manager_who_lost_the_programme_before_the_job_ran_matches_nothing(
    cohort: Cohort,
) -> None:
    with jobs_run_at_once():
        _run(cohort)
        Participation.objects.filter(person__user=cohort.manager, role="manager").delete()

    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert job.error == "The programme no longer exists, or you no longer manage it."
    assert not MatchingRun.objects.exists()


def test_the_command_shows_the_matchers_progress(cohort: Cohort) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("match", "spring", stdout=out, stderr=err)
    assert "3/3" in err.getvalue()
    assert "salma@example.org" in out.getvalue()
