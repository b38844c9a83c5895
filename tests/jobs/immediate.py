"""For tests that want each job run at once, in the test's own process, when its transaction
commits (TASKS_URL=immediate://); the other job tests run `clusterbridge worker --burst`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import patch

from django.test import Client, TestCase, override_settings

from clusterbridge.common.env import env_tasks


@contextmanager
def jobs_run_at_once() -> Iterator[None]:
    with patch.dict(os.environ, {"TASKS_URL": "immediate://"}):
        tasks, _rq_queues = env_tasks("TASKS_URL")
    # Inside the test's transaction nothing commits: run the on-commit enqueues on leaving.
    with override_settings(TASKS=tasks), TestCase.captureOnCommitCallbacks(execute=True):
        yield


def download_through_job(client: Client, url: str, data: dict[str, str] | None = None) -> bytes:
    """POSTs the form at `url` that asks for a file, runs the job and downloads the file."""
    with jobs_run_at_once():
        response = client.post(url, data or {})
    assert response.status_code == 303, response.status_code
    download = client.get(f"{response['Location']}download")
    assert download.status_code == 200, download.status_code
    return b"".join(download.streaming_content)  # type: ignore[attr-defined]
