"""The impact report's files as a background job (`reports.impact`): the report page submits
it, the `impact_report` command runs the same code in its own process."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import JobFailed, JobResult, Progress, job_kind
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.selectors import managed_programmes
from clusterbridge.reports.exporters import EXPORTERS
from clusterbridge.reports.impact import build_impact_report

IMPACT_REPORT = "reports.impact"


@job_kind(IMPACT_REPORT, title=gettext_lazy("Impact report"), queue="exports")
def make_impact_report(job: Job, progress: Progress) -> JobResult:
    """params: programme (pk), lang (en, fr, ar), format (html, pdf, xlsx)."""
    programme = _programme_of(job)
    exporter = EXPORTERS[job.params["format"]]
    progress.set(0, 2, _("Computing the statistics"))
    with translation.override(job.params["lang"]):
        report = build_impact_report(programme, now=timezone.now())
    progress.set(1, 2, _("Writing the file"))
    filename, content_type, content = exporter(report)
    return JobResult.file(content, filename=filename, content_type=content_type)


def _programme_of(job: Job) -> Programme:
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
