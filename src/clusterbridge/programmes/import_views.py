"""Import pages: upload, preview with every rejected row, commit, rejected rows download.

The uploaded file is parsed once, as it arrives: an unreadable file is refused on the form and
nothing of it is kept. The parsed table (not the file) is kept in the data directory under a
random token that only the uploader's session knows, so every reload of the preview and the
commit read the very same rows without parsing the file again; they check the rows against
the database each time, since it may change between the preview and the commit.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from clusterbridge.directory import imports
from clusterbridge.directory.tabular import UnreadableFile, table_to_json
from clusterbridge.jobs.services import submit_job
from clusterbridge.jobs.views import redirect_to_job
from clusterbridge.programmes import import_jobs
from clusterbridge.programmes.forms import KINDS, ImportForm

SESSION_KEY = "directory_imports"


def _may_import(request: HttpRequest) -> None:
    if not request.user.has_perm("directory.add_person"):
        raise Http404


def _upload(request: HttpRequest, token: str) -> dict[str, str]:
    upload = request.session.get(SESSION_KEY, {}).get(token)
    if upload is None:
        raise Http404
    return dict(upload)


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponseBase:
    _may_import(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        token = secrets.token_urlsafe(16)
        upload = form.cleaned_data["file"]
        (import_jobs.folder() / f"{token}.json").write_bytes(table_to_json(form.table))
        programme = form.cleaned_data["programme"]
        uploads = request.session.get(SESSION_KEY, {})
        uploads[token] = {
            "kind": form.cleaned_data["kind"],
            "filename": Path(upload.name).name,
            "programme": programme.slug if programme else "",
            "role": form.cleaned_data["role"],
        }
        request.session[SESSION_KEY] = uploads
        return redirect("directory:import_preview", token=token)
    return render(request, "directory/import_form.html", {"form": form})


def _preview(request: HttpRequest, upload: dict[str, str], token: str) -> imports.Preview:
    try:
        return import_jobs.preview(request.user, upload, token)
    except import_jobs.ImportRefused:
        # Another programme's import answers as if it did not exist.
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, token: str) -> HttpResponseBase:
    _may_import(request)
    upload = _upload(request, token)
    try:
        preview = _preview(request, upload, token)
    except (UnreadableFile, FileNotFoundError) as error:
        messages.error(request, str(error) or _("The uploaded file is gone; upload it again."))
        return redirect("directory:import")
    if request.method == "POST":
        if preview.total > settings.JOB_IMPORT_ROWS:
            return _submit(request, upload, token, preview)
        return _commit(request, upload, token, preview)
    return render(
        request,
        "directory/import_preview.html",
        {"preview": preview, "upload": upload, "token": token},
    )


def _submit(
    request: HttpRequest, upload: dict[str, str], token: str, preview: imports.Preview
) -> HttpResponseBase:
    """A big file is imported by a job; the job page leads to the summary once it is done."""
    job = submit_job(
        kind=import_jobs.IMPORT,
        requested_by=request.user,  # type: ignore[arg-type]
        params={"token": token, **{key: upload[key] for key in ("kind", "programme", "role")}},
        description=ngettext(
            "Importing %(count)d row of %(file)s",
            "Importing %(count)d rows of %(file)s",
            len(preview.valid),
        )
        % {"count": len(preview.valid), "file": upload["filename"]},
    )
    return redirect_to_job(job)


def _commit(
    request: HttpRequest, upload: dict[str, str], token: str, preview: imports.Preview
) -> HttpResponseBase:
    try:
        summary = import_jobs.commit(request.user, upload, token, preview)
    except import_jobs.ImportRefused as error:
        messages.error(request, str(error))
        return redirect("directory:import_preview", token=token)
    messages.success(
        request,
        ngettext(
            "%(saved)d row imported out of %(total)d.",
            "%(saved)d rows imported out of %(total)d.",
            summary.saved,
        )
        % {"saved": summary.saved, "total": summary.total},
    )
    return _done_page(request, upload, token, summary)


def _done_page(
    request: HttpRequest, upload: dict[str, str], token: str, summary: import_jobs.Summary
) -> HttpResponse:
    return render(
        request,
        "directory/import_done.html",
        {"summary": summary, "preview": summary, "token": token, "upload": upload},
    )


@login_required
@require_GET
def import_done(request: HttpRequest, token: str) -> HttpResponse:
    """The summary of a finished import (where its job leads)."""
    _may_import(request)
    upload = _upload(request, token)
    summary = import_jobs.stored_summary(token)
    if summary is None:
        raise Http404
    return _done_page(request, upload, token, summary)


@login_required
@require_GET
def import_rejected(request: HttpRequest, token: str) -> HttpResponse:
    _may_import(request)
    _upload(request, token)
    path = import_jobs.folder() / f"{token}.rejected.csv"
    if not path.exists():
        raise Http404
    response = HttpResponse(path.read_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rejected-rows.csv"'
    return response


@login_required
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in dict(KINDS):
        raise Http404
    response = HttpResponse(imports.template_csv(kind), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="clusterbridge-{kind}.csv"'
    return response
