"""Runs one job in a worker process of its own, which a test then kills (test_killed_worker)."""

from __future__ import annotations

import os
import sys

import django


def main(job_id: str, media_root: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbridge.settings")
    django.setup()
    from django.conf import settings  # noqa: PLC0415  (only once Django is set up)

    settings.MEDIA_ROOT = media_root
    from clusterbridge.jobs.tasks import run_job  # noqa: PLC0415
    from tests.jobs import kinds  # noqa: F401, PLC0415  (registers the test kinds)

    run_job.call(job_id)


if __name__ == "__main__":
    main(*sys.argv[1:3])
