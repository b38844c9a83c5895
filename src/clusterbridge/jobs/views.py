"""The requester's pages of their jobs: the list, one job (with a progress bar that updates
itself), retry and download. Anyone but the requester gets 404."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clusterbridge.accounts.models import User
from clusterbridge.common.pagination import paginate
from clusterbridge.jobs import selectors, services
from clusterbridge.jobs.models import Job


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.jobs_of(request.user))
    return render(
        request, "jobs/list.html", {"page": page, "result_days": settings.JOB_RESULT_DAYS}
    )


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = selectors.get_own_job(user=request.user, job_id=job_id)
    return render(request, "jobs/detail.html", {"job": job})


@login_required
@require_GET
def job_status(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The status block alone, which the job page polls while the job is not finished."""
    job = selectors.get_own_job(user=request.user, job_id=job_id)
    return render(request, "jobs/status.html", {"job": job})


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: uuid.UUID) -> HttpResponseBase:
    job = selectors.get_own_job(user=request.user, job_id=job_id)
    assert isinstance(request.user, User)
    try:
        services.retry_job(job=job, actor=request.user)
    except services.JobNotRetriable:
        messages.error(request, _("Only a failed job can be run again."))
    else:
        messages.success(request, _("The job is queued again."))
    return redirect(job)


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    job = selectors.get_downloadable_job(user=request.user, job_id=job_id)
    return FileResponse(
        job.result.open("rb"),
        as_attachment=True,
        filename=job.result_name or "download",
        content_type=job.result_content_type or "application/octet-stream",
    )


def redirect_to_job(job: Job) -> HttpResponseRedirect:
    """The answer to a form that submitted a job: 303 See Other to the job's page, so that
    reloading that page never submits the job again."""
    return HttpResponseRedirect(job.get_absolute_url(), status=303)
