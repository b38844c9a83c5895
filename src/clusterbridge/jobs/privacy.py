"""Personal data in the jobs app: the jobs a person asked for and their result files."""

from __future__ import annotations

from clusterbridge.common import privacy
from clusterbridge.jobs.models import Job

# Erasure deletes the rows; the post_delete receiver (signals.py) deletes their files.
privacy.register(
    Job,
    rows=lambda person: (
        Job.objects.filter(requested_by_id=person.user_id) if person.user_id else Job.objects.none()
    ),
    anonymise=privacy.delete_rows,
)
privacy.not_personal(
    "django_tasks_database.DBTaskResult",
    reason="the queue's own rows: a task's arguments are ids of rows (run_job gets a Job's id), "
    "never personal data, and its return value is None",
)
