"""A person's own calendar: upcoming meetings, month and week views, the secret feed link,
availability and absences; and the managers' month and week views of a programme."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

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
from clusterbridge.meetings import calendar_grid, ics, selectors, services
from clusterbridge.meetings.agenda import other_events_of
from clusterbridge.meetings.forms import AbsenceForm, WeeklyWindowForm
from clusterbridge.meetings.models import Meeting
from clusterbridge.programmes.selectors import get_managed_programme, person_of

# The calendar reaches this far either way; further is a typo, not a plan.
CALENDAR_YEARS = range(1990, 2200)


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


def _anchor(request: HttpRequest, today: date) -> date:
    """The day asked for in ``?on=``; today, with a message, when it is not a date we show."""
    asked = request.GET.get("on", "").strip()
    if not asked:
        return today
    try:
        day = date.fromisoformat(asked)
    except ValueError:
        day = None
    if day is None or day.year not in CALENDAR_YEARS:
        messages.error(
            request,
            _("“%(value)s” is not a date; the calendar shows today instead.") % {"value": asked},
        )
        return today
    return day


def _utc_range(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants of the viewer's days ``first`` to ``last`` (included)."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def _period_context(
    request: HttpRequest,
    scope: calendar_grid.Scope,
    *,
    viewer: Person | None,
    load: Callable[[datetime, datetime], list[Meeting]],
    places: Sequence[selectors.Whereabouts] | None = None,
    partners: Sequence[selectors.Whereabouts] = (),
) -> dict[str, Any]:
    """Everything the calendar page needs: ``load(start, end)`` returns the meetings; the
    places shown are the viewer's, then ``places`` (a programme's) or else those of the
    meetings' invitees and the viewer's ``partners``."""
    today = timezone.localdate()
    anchor = _anchor(request, today)
    country = selectors.viewer_country(viewer)
    weekend = country.weekend_days if country is not None else []
    first, last = calendar_grid.bounds(scope, anchor, first=calendar_grid.first_weekday(weekend))
    start, end = _utc_range(first, last)
    zone = str(getattr(request, "viewer_time_zone", "UTC"))
    entries, invitees_places = selectors.calendar_entries(load(start, end), viewer_zone=zone)
    whereabouts: list[selectors.Whereabouts] = []
    if country is not None and viewer is not None:
        whereabouts.append(selectors.Whereabouts(country, viewer.time_zone))
    for place in places if places is not None else [*partners, *invitees_places]:
        if place not in whereabouts:
            whereabouts.append(place)
    # The grid's narrow cells name countries by code; the week's list by name.
    groups = {
        w.country.code: calendar_grid.WeekendGroup(
            w.country.code if scope == "month" else str(w.country),
            frozenset(w.country.weekend_days),
            selectors.public_holidays(w.country.code, around=anchor),
        )
        for w in whereabouts
    }
    period = calendar_grid.build(
        scope,
        anchor,
        today=today,
        viewer_weekend=weekend,
        groups=sorted(groups.values(), key=lambda g: g.label),
        items=entries,
        day_of=lambda entry: timezone.localtime(entry.meeting.starts_at).date(),
    )
    return {
        "period": period,
        "whereabouts": whereabouts,
        "viewer_zone": zone,
        "now": timezone.now(),
    }


@login_required
def my_month(request: HttpRequest) -> HttpResponse:
    return _my_period(request, "month")


@login_required
def my_week(request: HttpRequest) -> HttpResponse:
    return _my_period(request, "week")


def _my_period(request: HttpRequest, scope: calendar_grid.Scope) -> HttpResponse:
    person = _me(request)
    context = _period_context(
        request,
        scope,
        viewer=person,
        load=lambda start, end: selectors.my_calendar_meetings(person, start=start, end=end),
        partners=selectors.partners_whereabouts(person),
    )
    return render(
        request,
        "meetings/calendar_period.html",
        context
        | {
            "person": person,
            "month_url": reverse("calendar:month"),
            "week_url": reverse("calendar:week"),
        },
    )


@login_required
def programme_month(request: HttpRequest, slug: str) -> HttpResponse:
    return _programme_period(request, slug, "month")


@login_required
def programme_week(request: HttpRequest, slug: str) -> HttpResponse:
    return _programme_period(request, slug, "week")


def _programme_period(request: HttpRequest, slug: str, scope: calendar_grid.Scope) -> HttpResponse:
    programme = get_managed_programme(user=request.user, slug=slug)
    context = _period_context(
        request,
        scope,
        viewer=person_of(request.user),
        load=lambda start, end: selectors.programme_calendar_meetings(
            programme, start=start, end=end
        ),
        places=selectors.programme_whereabouts(programme),
    )
    return render(
        request,
        "meetings/calendar_period.html",
        context
        | {
            "programme": programme,
            "month_url": reverse("programmes:meeting_calendar", args=[programme.slug]),
            "week_url": reverse("programmes:meeting_calendar_week", args=[programme.slug]),
        },
    )
