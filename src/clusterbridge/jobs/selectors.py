"""Reads on jobs. A job is its requester's alone: anyone else, site admins included, gets 404."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from clusterbridge.accounts.models import User
from clusterbridge.jobs.models import Job


def jobs_of(user: User | AnonymousUser) -> QuerySet[Job]:
    """The user's own jobs, newest first."""
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(requested_by=user).order_by("-created_at", "pk")


def get_own_job(*, user: User | AnonymousUser, job_id: uuid.UUID | str) -> Job:
    return get_object_or_404(jobs_of(user), pk=job_id)


def get_downloadable_job(*, user: User | AnonymousUser, job_id: uuid.UUID | str) -> Job:
    """The user's own job whose result file is complete and not yet expired; Http404 otherwise
    (still running, failed, interrupted half-way, or expired)."""
    job = get_own_job(user=user, job_id=job_id)
    if not job.is_downloadable:
        raise Http404
    return job
