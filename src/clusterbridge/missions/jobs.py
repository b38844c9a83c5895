"""The mission scheduler as a background job (`missions.schedule`), for missions above
JOB_MISSION_REQUESTS accepted requests: the search may take its whole time limit and every
participant is sent their agenda."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import JobFailed, JobResult, Progress, job_kind
from clusterbridge.missions import services
from clusterbridge.missions.models import Mission
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.selectors import managed_programmes
from clusterbridge.programmes.services import ensure_writable

SCHEDULE = "missions.schedule"


@job_kind(SCHEDULE, title=gettext_lazy("Mission schedule"))
def schedule(job: Job, progress: Progress) -> JobResult:
    """params: mission (pk)."""
    mission = _managed_mission_of(job)
    try:
        ensure_writable(mission.programme)
    except ValidationError as error:
        raise JobFailed(" ".join(error.messages)) from None
    result = services.schedule(mission=mission, progress=progress.set)
    return JobResult.page(
        reverse(
            "programmes:mission_detail",
            kwargs={"slug": mission.programme.slug, "pk": mission.pk},
        ),
        message=ngettext(
            "%(placed)s of %(requests)s accepted request placed (proven upper bound "
            "%(bound)s); the agendas are queued for the participants.",
            "%(placed)s of %(requests)s accepted requests placed (proven upper bound "
            "%(bound)s); the agendas are queued for the participants.",
            result.requests,
        )
        % {"placed": result.placed, "requests": result.requests, "bound": result.bound},
    )


def _managed_mission_of(job: Job) -> Mission:
    # Checked again when the job runs: the requester may no longer manage the programme.
    programmes = (
        Programme.objects.all()
        if job.requested_by is None
        else managed_programmes(job.requested_by)
    )
    mission = (
        Mission.objects.select_related("programme")
        .filter(programme__in=programmes, pk=job.params.get("mission"))
        .first()
    )
    if mission is None:
        raise JobFailed(_("The mission no longer exists, or you no longer manage its programme."))
    return mission
