"""The impact report page and its downloads, for the programme's managers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from clusterbridge.accounts.models import User
from clusterbridge.jobs.views import redirect_to_job
from clusterbridge.programmes.views import managed_programme
from clusterbridge.reports import services
from clusterbridge.reports.exporters import EXPORTERS
from clusterbridge.reports.impact import build_impact_report


@login_required
@require_GET
def impact(request: HttpRequest, slug: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    report = build_impact_report(programme, now=timezone.now())
    return render(
        request,
        "reports/impact.html",
        {"programme": programme, "report": report, "can_manage": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def impact_export(request: HttpRequest, slug: str, format: str) -> HttpResponseBase:
    """POST queues the report's file as a job and answers 303 to its page; GET (the former
    download link) shows the button that does, so that following a link never starts one."""
    programme = managed_programme(request, slug)
    if format not in EXPORTERS:
        raise Http404
    if request.method == "POST":
        assert isinstance(request.user, User)
        try:
            job = services.request_impact_report(
                actor=request.user,
                programme=programme,
                file_format=format,
                language=translation.get_language() or "en",
            )
        except ValidationError as error:
            return render(
                request,
                "reports/export_request.html",
                {"programme": programme, "format": format, "errors": error.messages},
                status=400,
            )
        return redirect_to_job(job)
    return render(
        request, "reports/export_request.html", {"programme": programme, "format": format}
    )
