"""The impact report page and its downloads, for the programme's managers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clusterbridge.programmes.views import managed_programme
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
@require_GET
def impact_export(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    exporter = EXPORTERS.get(format)
    if exporter is None:
        raise Http404
    filename, content_type, content = exporter(build_impact_report(programme, now=timezone.now()))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
