"""A job's result file goes with its row, also when the row goes with its requester (CASCADE
deletes call no model method)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from clusterbridge.jobs.models import Job


@receiver(post_delete, sender=Job, dispatch_uid="jobs.delete_result_file")
def delete_result_file(sender: type[Job], instance: Job, **kwargs: Any) -> None:
    if instance.result:
        name, storage = str(instance.result.name), instance.result.storage
        # Only once the deletion is committed: a rolled-back delete keeps its file.
        transaction.on_commit(lambda: storage.delete(name))
