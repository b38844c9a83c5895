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
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from clusterbridge.directory import imports
from clusterbridge.directory.tabular import UnreadableFile, table_from_json, table_to_json
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes import services as programme_services
from clusterbridge.programmes.forms import KINDS, ImportForm
from clusterbridge.programmes.models import Programme

SESSION_KEY = "directory_imports"


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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
        (_folder() / f"{token}.json").write_bytes(table_to_json(form.table))
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


def _target(request: HttpRequest, upload: dict[str, str]) -> Programme | None:
    """The programme the people are enrolled in, if the uploader still manages it."""
    if not upload["programme"]:
        return None
    programmes = programme_selectors.managed_programmes(request.user)
    return get_object_or_404(programmes, slug=upload["programme"])


def _preview(request: HttpRequest, upload: dict[str, str], token: str) -> imports.Preview:
    table = table_from_json((_folder() / f"{token}.json").read_bytes())
    if upload["kind"] == "organisations":
        return imports.preview_organisations(table)
    refusals = programme_selectors.import_refusals(
        request.user, programme=_target(request, upload), role=upload["role"] or None
    )
    return imports.preview_people(table, refusals=refusals)


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
        return _commit(request, upload, token, preview)
    return render(
        request,
        "directory/import_preview.html",
        {"preview": preview, "upload": upload, "token": token},
    )


def _enrolment(request: HttpRequest, upload: dict[str, str]) -> programme_services.Enrolment | None:
    programme = _target(request, upload)
    if programme is None:
        return None
    return programme_services.enrolment(
        programme=programme,
        role=upload["role"],
        by=request.user,  # type: ignore[arg-type]
    )


def _commit(
    request: HttpRequest, upload: dict[str, str], token: str, preview: imports.Preview
) -> HttpResponseBase:
    try:
        if upload["kind"] == "organisations":
            saved = len(imports.commit_organisations(preview))
        else:
            enrol = _enrolment(request, upload)
            saved = len(imports.commit_people(preview, on_person=enrol))
            if enrol is not None:
                enrol.announce()
    except ValidationError as error:
        messages.error(request, _("Nothing was imported: %s") % "; ".join(error.messages))
        return redirect("directory:import_preview", token=token)
    (_folder() / f"{token}.rejected.csv").write_bytes(imports.rejected_rows_csv(preview))
    messages.success(
        request,
        ngettext(
            "%(saved)d row imported out of %(total)d.",
            "%(saved)d rows imported out of %(total)d.",
            saved,
        )
        % {"saved": saved, "total": preview.total},
    )
    return render(
        request,
        "directory/import_done.html",
        {"preview": preview, "saved": saved, "token": token, "upload": upload},
    )


@login_required
@require_GET
def import_rejected(request: HttpRequest, token: str) -> HttpResponse:
    _may_import(request)
    _upload(request, token)
    path = _folder() / f"{token}.rejected.csv"
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
