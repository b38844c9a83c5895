"""The portfolio as a background job (`community.portfolio`): the page submits it, the
`portfolio` command runs the same code in its own process."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clusterbridge.community import portfolio
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import JobFailed, JobResult, Progress, job_kind
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.selectors import visible_programmes

PORTFOLIO = "community.portfolio"
FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@job_kind(PORTFOLIO, title=gettext_lazy("Portfolio"), queue="exports")
def make_portfolio(job: Job, progress: Progress) -> JobResult:
    """params: programme (pk), lang (en, fr, ar), format (pdf, html)."""
    programme = _programme_of(job)
    language, file_format = job.params["lang"], job.params["format"]
    steps = 4 if file_format == "pdf" else 2
    progress.set(0, steps, _("Gathering the profiles"))
    content = portfolio.build_portfolio(programme)
    if file_format == "pdf":
        data = portfolio.render_pdf(
            content, language=language, progress=lambda label: progress.advance(label=label)
        )
    else:
        progress.set(1, steps, _("Writing the document"))
        data = portfolio.render_html(content, language=language, for_pdf=True).encode()
    filename = f"{programme.slug}-portfolio-{language}.{file_format}"
    return JobResult(
        content=data,
        filename=filename,
        content_type=FORMATS[file_format],
        message=ngettext(
            "%(people)d participant who agreed to appear in the portfolio.",
            "%(people)d participants who agreed to appear in the portfolio.",
            content.people_count,
        )
        % {"people": content.people_count},
    )


def _programme_of(job: Job) -> Programme:
    # Checked again when the job runs: the requester may have left the programme since.
    programmes: QuerySet[Programme] = (
        Programme.objects.all()
        if job.requested_by is None
        else visible_programmes(job.requested_by)
    )
    programme = programmes.filter(pk=job.params.get("programme")).first()
    if programme is None:
        raise JobFailed(_("The programme no longer exists, or you no longer take part in it."))
    return programme
