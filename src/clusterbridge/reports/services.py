"""Writes of the reports app: asking for the impact report's file."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusterbridge.accounts.models import User
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.services import submit_job
from clusterbridge.programmes.models import Programme
from clusterbridge.reports.exporters import EXPORTERS
from clusterbridge.reports.jobs import IMPACT_REPORT


def request_impact_report(
    *, actor: User, programme: Programme, file_format: str, language: str
) -> Job:
    """Queues the impact report of `programme` as `file_format` (html, pdf, xlsx) in
    `language` for `actor`, who downloads it from the job's page. The caller has checked that
    `actor` manages the programme; the job checks again when it runs."""
    names = dict(settings.LANGUAGES)
    if file_format not in EXPORTERS or language not in names:
        raise ValidationError(_("Choose a language and a format from the list."))
    return submit_job(
        kind=IMPACT_REPORT,
        requested_by=actor,
        params={"programme": programme.pk, "format": file_format, "lang": language},
        description=f"{programme.name} · {names[language]} · {file_format.upper()}",
    )
