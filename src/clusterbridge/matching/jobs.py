"""Running the matcher as a background job (`matching.run`), for cohorts above
JOB_MATCH_MENTEES mentees: the page submits it, the `match` command runs the same code here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import JobFailed, JobResult, Progress, job_kind
from clusterbridge.matching import services
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.selectors import managed_programmes

RUN_MATCHING = "matching.run"


@job_kind(RUN_MATCHING, title=gettext_lazy("Matching"))
def run_matching(job: Job, progress: Progress) -> JobResult:
    """params: programme (pk), mode (optimal, stable)."""
    programme = _managed_programme_of(job)
    try:
        run = services.run_matching(
            programme=programme,
            mode=str(job.params["mode"]),
            created_by=job.requested_by,
            progress=progress.set,
        )
    except ValidationError as error:
        raise JobFailed(" ".join(error.messages)) from None
    return JobResult.page(
        reverse("programmes:matching", kwargs={"slug": programme.slug}),
        message=ngettext(
            "The matcher proposed new pairs: %(matched)d of %(count)d mentee matched.",
            "The matcher proposed new pairs: %(matched)d of %(count)d mentees matched.",
            run.mentees,
        )
        % {"matched": run.matched_mentees, "count": run.mentees},
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
