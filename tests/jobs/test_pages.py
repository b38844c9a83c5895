"""The requester's job pages: the list, the progress that updates itself, retry, download."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterbridge.accounts.models import User
from clusterbridge.jobs.models import Job
from tests.factories import UserFactory
from tests.jobs import kinds  # noqa: F401  (registers the job kinds these jobs are of)
from tests.jobs.immediate import jobs_run_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def requester() -> User:
    user: User = UserFactory(email="requester@example.org")
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _job(user: User, **fields: object) -> Job:
    job: Job = Job.objects.create(kind="tests.text", requested_by=user, **fields)
    return job


def _done(user: User, name: str = "report.pdf", content: bytes = b"%PDF-1.7") -> Job:
    job = _job(
        user,
        status=Job.Status.SUCCEEDED,
        result_name=name,
        result_content_type="application/pdf",
        progress_done=4,
        progress_total=4,
        finished_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    job.result.save("1-report.pdf", ContentFile(content))
    return job


def test_a_running_job_shows_its_progress_and_polls_for_more(requester: User) -> None:
    job = _job(
        requester,
        status=Job.Status.RUNNING,
        progress_done=2,
        progress_total=5,
        progress_label="Laying out the pages",
    )

    page = _client(requester).get(f"/jobs/{job.pk}/").content.decode()

    assert '<progress aria-label="Progress" max="5" value="2">' in page
    assert "Laying out the pages" in page
    assert f'hx-get="/jobs/{job.pk}/status/"' in page
    assert 'hx-trigger="every 1s"' in page


def test_the_polled_status_stops_polling_and_offers_the_file_once_done(requester: User) -> None:
    job = _done(requester)

    block = _client(requester).get(f"/jobs/{job.pk}/status/").content.decode()

    assert block.startswith('<section id="job-status"')
    assert "hx-trigger" not in block
    assert f'href="/jobs/{job.pk}/download"' in block


def test_a_failed_job_shows_its_error_and_a_retry_button_that_queues_it_again(
    requester: User,
) -> None:
    job = _job(requester, status=Job.Status.FAILED, error="The programme has no participant.")
    client = _client(requester)

    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "The programme has no participant." in page
    assert f'action="/jobs/{job.pk}/retry/"' in page
    with jobs_run_at_once():
        response = client.post(f"/jobs/{job.pk}/retry/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.SUCCEEDED, "")
    assert client.get(f"/jobs/{job.pk}/download").status_code == 200


def test_retrying_a_job_that_did_not_fail_changes_nothing_and_says_why(requester: User) -> None:
    job = _done(requester)
    response = _client(requester).post(f"/jobs/{job.pk}/retry/", follow=True)
    assert "Only a failed job can be run again." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED


def test_the_download_names_the_file_safely(requester: User) -> None:
    job = _done(requester, name='évaluation "finale"\r\nX-Evil: 1.pdf', content=b"%PDF-data")

    response = _client(requester).get(f"/jobs/{job.pk}/download")

    assert response.getvalue() == b"%PDF-data"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert '"' not in disposition
    assert "\n" not in disposition
    assert response["Content-Type"] == "application/pdf"


def test_an_expired_file_is_no_longer_downloadable(requester: User) -> None:
    job = _done(requester)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client = _client(requester)

    assert client.get(f"/jobs/{job.pk}/download").status_code == 404
    assert "has expired" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_the_list_shows_only_the_requesters_own_jobs(requester: User) -> None:
    mine = _done(requester)
    theirs = _done(UserFactory(email="other@example.org"))

    page = _client(requester).get("/jobs/").content.decode()

    assert f"/jobs/{mine.pk}/" in page
    assert f"/jobs/{theirs.pk}/" not in page


def _queries(client: Client) -> int:
    client.get("/jobs/")
    with CaptureQueriesContext(connection) as context:
        assert client.get("/jobs/").status_code == 200
    return len(context.captured_queries)


def test_the_list_costs_the_same_queries_for_1_job_as_for_3(requester: User) -> None:
    client = _client(requester)
    _done(requester)
    one = _queries(client)
    _done(requester)
    _job(requester, status=Job.Status.FAILED, error="No.")
    assert _queries(client) == one
