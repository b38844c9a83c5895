"""Committing a directory import, in the request or as a job (`programmes.import`).

The page commits in the request up to JOB_IMPORT_ROWS rows and submits a job above that. Both
read the rows the upload left in the data directory, check them again against the database
and the requester's rights, import them in one transaction and keep a summary that the import's
page shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clusterbridge.accounts.models import User
from clusterbridge.directory import imports
from clusterbridge.directory.tabular import UnreadableFile, table_from_json
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.registry import JobFailed, JobResult, Progress, job_kind
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes import services as programme_services
from clusterbridge.programmes.models import Programme

IMPORT = "programmes.import"


class ImportRefused(Exception):
    """The import cannot run (file gone, programme no longer managed, rows refused): a message
    for the uploader, and nothing imported."""


@dataclass(frozen=True)
class Summary:
    saved: int
    total: int
    rejected: list[imports.Rejection]


def folder() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def target(user: User | Any, upload: dict[str, str]) -> Programme | None:
    """The programme the people are enrolled in; ImportRefused if the uploader no longer
    manages it."""
    if not upload["programme"]:
        return None
    # No user: the command line's operator, who may import into any programme.
    programmes = (
        Programme.objects.all() if user is None else programme_selectors.managed_programmes(user)
    )
    programme = programmes.filter(slug=upload["programme"]).first()
    if programme is None:
        raise ImportRefused(_("The programme no longer exists, or you no longer manage it."))
    return programme


def preview(user: User | Any, upload: dict[str, str], token: str) -> imports.Preview:
    """The rows of the upload, checked against the database now (FileNotFoundError once the
    upload is gone)."""
    table = table_from_json((folder() / f"{token}.json").read_bytes())
    if upload["kind"] == "organisations":
        return imports.preview_organisations(table)
    refusals = programme_selectors.import_refusals(
        user, programme=target(user, upload), role=upload["role"] or None
    )
    return imports.preview_people(table, refusals=refusals)


def commit(
    user: User | Any,
    upload: dict[str, str],
    token: str,
    rows: imports.Preview,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Imports the valid rows in one transaction (ImportRefused and nothing imported when the
    database refuses one), then keeps the rejected rows and the summary beside the upload."""
    try:
        if upload["kind"] == "organisations":
            saved = len(imports.commit_organisations(rows))
        else:
            programme = target(user, upload)
            enrol = (
                None
                if programme is None
                else programme_services.enrolment(programme=programme, role=upload["role"], by=user)
            )
            saved = len(imports.commit_people(rows, on_person=enrol, progress=progress))
            if enrol is not None:
                enrol.announce()
    except ValidationError as error:
        raise ImportRefused(_("Nothing was imported: %s") % "; ".join(error.messages)) from None
    summary = Summary(saved=saved, total=rows.total, rejected=rows.rejected)
    (folder() / f"{token}.rejected.csv").write_bytes(imports.rejected_rows_csv(rows))
    (folder() / f"{token}.summary.json").write_text(
        json.dumps(
            {"saved": saved, "total": rows.total, "rejected": [asdict(r) for r in rows.rejected]}
        )
    )
    return summary


def stored_summary(token: str) -> Summary | None:
    """The summary a finished import kept, or None."""
    path = folder() / f"{token}.summary.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    rejected = [imports.Rejection(**rejection) for rejection in data["rejected"]]
    return Summary(saved=data["saved"], total=data["total"], rejected=rejected)


@job_kind(IMPORT, title=gettext_lazy("Import"))
def run_import(job: Job, progress: Progress) -> JobResult:
    """params: token, kind, programme (slug or ""), role; the rows are in the data directory."""
    user = job.requested_by
    upload = {key: str(job.params[key]) for key in ("kind", "programme", "role")}
    token = str(job.params["token"])
    if user is not None and not user.has_perm("directory.add_person"):
        raise JobFailed(_("You may no longer import into the directory."))
    try:
        rows = preview(user, upload, token)
        progress.set(0, len(rows.valid), _("Importing the rows"))

        def report(done: int, total: int) -> None:
            progress.set(
                done,
                total,
                ngettext(
                    "%(done)d of %(total)d row imported",
                    "%(done)d of %(total)d rows imported",
                    total,
                )
                % {"done": done, "total": total},
            )

        summary = commit(user, upload, token, rows, progress=report)
    except (UnreadableFile, FileNotFoundError):
        raise JobFailed(_("The uploaded file is gone; upload it again.")) from None
    except ImportRefused as error:
        raise JobFailed(str(error)) from None
    return JobResult.page(
        reverse("directory:import_done", kwargs={"token": token}),
        message=ngettext(
            "%(saved)d row imported out of %(total)d.",
            "%(saved)d rows imported out of %(total)d.",
            summary.saved,
        )
        % {"saved": summary.saved, "total": summary.total},
    )
