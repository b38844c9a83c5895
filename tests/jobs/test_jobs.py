"""Jobs: exclusive claim, recovery of jobs whose worker died, failures, stored results, expiry."""

from __future__ import annotations

import io
import threading
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.db import connection
from django.http import Http404
from django.utils import timezone

from clusterbridge.accounts.models import User
from clusterbridge.jobs.cli import ProgressBar
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import UnknownJobKind
from clusterbridge.jobs.runner import claim, result_storage, unexpected_error
from clusterbridge.jobs.selectors import get_downloadable_job
from clusterbridge.jobs.services import (
    JobNotRetriable,
    delete_expired_results,
    recover_stale_jobs,
    retry_job,
    run_job_here,
    submit_job,
)
from tests.factories import UserFactory
from tests.jobs.kinds import runs_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def requester() -> User:
    user: User = UserFactory(email="requester@example.org")
    return user


def long_ago() -> datetime:
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 60)


def test_submitted_job_runs_on_the_worker_and_its_file_is_downloadable(requester: User) -> None:
    job = submit_job(kind="tests.text", requested_by=requester, params={"text": "bonjour"})
    assert job.status == Job.Status.QUEUED
    assert job.queue == "exports"

    call_command("worker", "--burst")

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.attempts == 1
    assert job.result_name == "out put.txt"
    assert job.result_content_type == "text/plain"
    assert job.expires_at is not None
    assert job.finished_at is not None
    assert job.expires_at - job.finished_at == timedelta(days=settings.JOB_RESULT_DAYS)
    downloadable = get_downloadable_job(user=requester, job_id=job.pk)
    with downloadable.result.open("rb") as handle:
        assert handle.read() == b"bonjour"


def test_a_job_is_downloadable_by_its_requester_only(requester: User) -> None:
    job = submit_job(kind="tests.text", requested_by=requester, params={})
    call_command("worker", "--burst")
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    with pytest.raises(Http404):
        get_downloadable_job(user=admin, job_id=job.pk)


def test_submitting_an_unknown_kind_is_refused_and_records_nothing(requester: User) -> None:
    with pytest.raises(UnknownJobKind):
        submit_job(kind="tests.nope", requested_by=requester, params={})
    assert not Job.objects.exists()


def test_only_one_claim_of_a_queued_job_succeeds() -> None:
    job = Job.objects.create(kind="tests.text")

    first, second = claim(str(job.pk)), claim(str(job.pk))

    assert first is not None
    assert first.attempts == 1
    assert second is None


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; the race needs PostgreSQL"
)
def test_workers_claiming_at_the_same_instant_get_the_job_once() -> None:
    job = Job.objects.create(kind="tests.text")
    start = threading.Barrier(4)
    claims: list[bool] = []

    def try_to_claim() -> None:
        start.wait()
        claims.append(claim(str(job.pk)) is not None)
        connection.close()

    threads = [threading.Thread(target=try_to_claim) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claims) == [False, False, False, True]


def test_a_running_job_with_a_fresh_heartbeat_is_neither_claimed_nor_recovered() -> None:
    job = Job.objects.create(
        kind="tests.text", status=Job.Status.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    assert claim(str(job.pk)) is None
    assert recover_stale_jobs() == 0
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.RUNNING, 1)


def test_a_job_whose_worker_died_is_run_again_once_not_twice(requester: User) -> None:
    job = Job.objects.create(
        kind="tests.text",
        requested_by=requester,
        queue="exports",
        status=Job.Status.RUNNING,
        attempts=1,
        heartbeat_at=long_ago(),
    )

    assert recover_stale_jobs() == 1
    assert recover_stale_jobs() == 0
    call_command("worker", "--burst")

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2
    assert runs_of(job) == 1


def test_a_job_interrupted_too_often_fails_with_a_message(requester: User) -> None:
    job = Job.objects.create(
        kind="tests.text",
        requested_by=requester,
        status=Job.Status.RUNNING,
        attempts=3,
        max_attempts=3,
        heartbeat_at=long_ago(),
    )

    assert recover_stale_jobs() == 1

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "interrupted 3 times" in job.error
    assert claim(str(job.pk)) is None


def test_a_failing_job_shows_a_clear_error_keeps_the_traceback_in_the_log_and_can_be_retried(
    requester: User, caplog: pytest.LogCaptureFixture
) -> None:
    job = submit_job(kind="tests.fails_once", requested_by=requester, params={})
    call_command("worker", "--burst")

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == unexpected_error()
    assert "internal detail" not in job.error
    assert "internal detail the user must not see" in caplog.text

    retry_job(job=job, actor=requester)
    call_command("worker", "--burst")

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.error, job.result_url, job.result_message) == ("", "/somewhere/", "All good")
    assert not job.result


def test_a_job_refusing_its_input_reports_its_own_message(requester: User) -> None:
    job = submit_job(kind="tests.refused", requested_by=requester, params={})
    call_command("worker", "--burst")
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "The programme has no participant yet.")


def test_only_the_requester_can_retry_and_only_a_failed_job(requester: User) -> None:
    job = submit_job(kind="tests.refused", requested_by=requester, params={})
    call_command("worker", "--burst")
    job.refresh_from_db()
    with pytest.raises(JobNotRetriable):
        retry_job(job=job, actor=UserFactory(email="other@example.org"))
    done = submit_job(kind="tests.text", requested_by=requester, params={})
    call_command("worker", "--burst")
    with pytest.raises(JobNotRetriable):
        retry_job(job=done, actor=requester)


def test_a_killed_jobs_partial_file_is_never_downloadable_and_is_replaced(requester: User) -> None:
    job = Job.objects.create(
        kind="tests.text",
        requested_by=requester,
        queue="exports",
        status=Job.Status.RUNNING,
        attempts=1,
        heartbeat_at=long_ago(),
        params={"text": "complete"},
    )
    # What the killed worker had written of its file before it died.
    partial = result_storage().save(f"jobs/{job.pk}/1-out.txt", ContentFile(b"comp"))

    with pytest.raises(Http404):
        get_downloadable_job(user=requester, job_id=job.pk)

    recover_stale_jobs()
    call_command("worker", "--burst")

    assert not result_storage().exists(partial)
    with get_downloadable_job(user=requester, job_id=job.pk).result.open("rb") as handle:
        assert handle.read() == b"complete"


def test_a_worker_that_lost_its_job_attaches_no_result(requester: User) -> None:
    job = submit_job(kind="tests.taken_over", requested_by=requester, params={})
    call_command("worker", "--burst")

    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert not job.result
    _, files = result_storage().listdir(f"jobs/{job.pk}")
    assert files == []


def test_expiry_deletes_the_files_and_the_jobs_reference_to_them(requester: User) -> None:
    old = submit_job(kind="tests.text", requested_by=requester, params={})
    recent = submit_job(kind="tests.text", requested_by=requester, params={})
    call_command("worker", "--burst")
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    old.refresh_from_db()
    old_file = str(old.result.name)

    with pytest.raises(Http404):
        get_downloadable_job(user=requester, job_id=old.pk)
    assert delete_expired_results() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.result
    assert not result_storage().exists(old_file)
    assert result_storage().exists(str(recent.result.name))


def test_a_job_run_here_reports_its_progress_and_returns_its_result() -> None:
    seen: list[tuple[int, int | None, str]] = []

    result = run_job_here(
        kind="tests.text",
        params={"text": "direct", "steps": 2},
        progress_callback=lambda done, total, label: seen.append((done, total, label)),
    )

    assert result is not None
    assert result.content == b"direct"
    assert seen == [(1, 2, "step 1"), (2, 2, "step 2"), (2, 2, "Done")]
    assert not Job.objects.exists()


def test_a_starting_worker_runs_the_jobs_a_dead_worker_left_behind(requester: User) -> None:
    job = Job.objects.create(
        kind="tests.text",
        requested_by=requester,
        queue="exports",
        status=Job.Status.RUNNING,
        attempts=1,
        heartbeat_at=long_ago(),
    )

    call_command("worker", "--burst")

    job.refresh_from_db()
    assert (job.status, job.attempts, runs_of(job)) == (Job.Status.SUCCEEDED, 2, 1)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_redraws_one_line_on_a_terminal() -> None:
    terminal = _Terminal()
    bar = ProgressBar(OutputWrapper(terminal))

    bar(1, 2, "step 1")
    bar(2, 2, "step 2")
    bar.close()

    dots, hashes = "." * 15, "#" * 15
    assert terminal.getvalue() == (
        f"\r\033[K[{hashes}{dots}] 1/2 step 1\r\033[K[{hashes}{hashes}] 2/2 step 2\n"
    )


def test_deleting_a_requester_deletes_their_result_files(requester: User) -> None:
    job = submit_job(kind="tests.text", requested_by=requester, params={})
    call_command("worker", "--burst")
    job.refresh_from_db()
    stored = str(job.result.name)
    assert result_storage().exists(stored)

    requester.delete()

    assert not Job.objects.exists()
    assert not result_storage().exists(stored)
