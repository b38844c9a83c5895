"""A person's own calendar: upcoming meetings, the secret feed link, availability and absences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterbridge.common.forms import run_service
from clusterbridge.common.pagination import paginate
from clusterbridge.directory import mailing
from clusterbridge.directory.models import Person
from clusterbridge.meetings import ics, selectors, services
from clusterbridge.meetings.agenda import other_events_of
from clusterbridge.meetings.forms import AbsenceForm, WeeklyWindowForm
from clusterbridge.programmes.selectors import person_of


def _me(request: HttpRequest) -> Person:
    person = person_of(request.user)
    if person is None:  # a login without a profile has no calendar
        raise Http404
    return person


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    meetings = selectors.meetings_of(person).filter(starts_at__gte=timezone.now())
    new_token = request.session.pop("new_feed_token", None)
    return render(
        request,
        "meetings/my_calendar.html",
        {
            "person": person,
            "page": paginate(request, meetings),
            "feed": selectors.active_feed(person),
            "feed_url": request.build_absolute_uri(reverse("calendar:feed", args=[new_token]))
            if new_token
            else None,
        },
    )


@login_required
@require_POST
def feed_create(request: HttpRequest) -> HttpResponseBase:
    token = services.create_calendar_feed(person=_me(request))
    # Shown once on the next page: only its digest is stored.
    request.session["new_feed_token"] = token
    messages.success(request, _("New private calendar link created; the previous one is revoked."))
    return redirect("calendar:mine")


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponseBase:
    services.revoke_calendar_feeds(person=_me(request))
    messages.success(request, _("Your private calendar link is revoked."))
    return redirect("calendar:mine")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribable feed: no login, the secret token is the key."""
    person = selectors.person_for_feed(token)
    if person is None:
        raise Http404
    # No login, so no session language: the feed speaks its owner's, like their e-mails.
    with translation.override(mailing.language_of(person)):
        content = ics.feed_ics(
            person,
            selectors.feed_meetings(person, now=timezone.now()),
            extra=other_events_of(person),
        )
    response = HttpResponse(content, content_type=ics.CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponseBase:
    person = _me(request)
    which = request.POST.get("form")
    window_form = WeeklyWindowForm(request.POST if which == "window" else None, prefix="window")
    absence_form = AbsenceForm(request.POST if which == "absence" else None, prefix="absence")
    if which == "window" and window_form.is_valid():
        data = window_form.cleaned_data
        if run_service(
            window_form,
            lambda: services.add_weekly_window(
                person=person, weekday=data["weekday"], starts=data["starts"], ends=data["ends"]
            ),
        ):
            messages.success(request, _("Weekly availability added."))
            return redirect("calendar:availability")
    if which == "absence" and absence_form.is_valid():
        starts_at, ends_at = absence_form.range_utc(person.time_zone)
        if run_service(
            absence_form,
            lambda: services.add_absence(
                person=person,
                starts_at=starts_at,
                ends_at=ends_at,
                note=absence_form.cleaned_data["note"],
            ),
        ):
            messages.success(request, _("Absence added."))
            return redirect("calendar:availability")
    return render(
        request,
        "meetings/availability.html",
        {
            "person": person,
            "windows": selectors.weekly_windows(person),
            "absences": selectors.coming_absences(person, now=timezone.now()),
            "window_form": window_form,
            "absence_form": absence_form,
        },
    )


@login_required
@require_POST
def availability_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
    if kind not in ("window", "absence"):
        raise Http404
    services.remove_availability_entry(person=_me(request), kind=kind, pk=pk)
    messages.success(request, _("Removed."))
    return redirect("calendar:availability")
