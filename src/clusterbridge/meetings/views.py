from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusterbridge.common.forms import run_service
from clusterbridge.common.pagination import paginate
from clusterbridge.meetings import services
from clusterbridge.meetings.forms import MeetingForm
from clusterbridge.programmes import selectors
from clusterbridge.programmes.views import managed_programme, visible_programme


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    meetings = selectors.meetings_visible_to(request.user, programme).order_by("starts_at")
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "programme": programme,
            "page": paginate(request, meetings),
            "can_manage": request.user.has_perm("programmes.manage_programme", programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = MeetingForm(
        request.POST or None,
        programme=programme,
        viewer_zone=getattr(request, "viewer_time_zone", "UTC"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = run_service(
            form,
            lambda: services.create_meeting(
                programme=programme,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                invitees=data["invitees"],
                online_url=data["online_url"],
                venue=data["venue"],
            ),
        )
        if meeting is not None:
            messages.success(request, _("Meeting scheduled."))
            return redirect("programmes:meetings", slug=programme.slug)
    return render(request, "meetings/meeting_form.html", {"form": form, "programme": programme})
