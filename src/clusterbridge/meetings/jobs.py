"""Publishing a programme's plan as a background job (`meetings.publish_plan`): every draft
meeting is published in one transaction, then the invitations go out, meeting by meeting."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import JobFailed, JobResult, Progress, job_kind
from clusterbridge.meetings import services
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.selectors import managed_programmes

PUBLISH_PLAN = "meetings.publish_plan"


@job_kind(PUBLISH_PLAN, title=gettext_lazy("Publishing the plan"))
def publish_plan(job: Job, progress: Progress) -> JobResult:
    """params: programme (pk)."""
    programme = _managed_programme_of(job)

    def report(done: int, total: int) -> None:
        progress.set(
            done,
            total,
            ngettext(
                "Invitations queued for %(done)d of %(total)d meeting",
                "Invitations queued for %(done)d of %(total)d meetings",
                total,
            )
            % {"done": done, "total": total},
        )

    count = services.publish_plan(programme=programme, by=job.requested_by, progress=report)
    if not count:
        raise JobFailed(_("No draft meeting is left to publish: the plan was published already."))
    return JobResult.page(
        reverse("programmes:meetings", kwargs={"slug": programme.slug}),
        message=ngettext(
            "%(count)d meeting published; its invitations are queued.",
            "%(count)d meetings published; their invitations are queued.",
            count,
        )
        % {"count": count},
    )


def _managed_programme_of(job: Job) -> Programme:
    # Checked again when the job runs: the requester may no longer manage the programme.
    programmes: QuerySet[Programme] = (
        Programme.objects.all()
        if job.requested_by is None
        else managed_programmes(job.requested_by)
    )
    programme = programmes.filter(pk=job.params.get("programme")).first()
    if programme is None:
        raise JobFailed(_("The programme no longer exists, or you no longer manage it."))
    return programme
