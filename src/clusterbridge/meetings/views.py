"""Meeting pages: list, create, detail, change, cancel, .ics, slot finder, plan, pair sessions."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clusterbridge.common.forms import run_service, run_with_messages
from clusterbridge.common.pages import form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.directory.models import Person
from clusterbridge.jobs.services import submit_job
from clusterbridge.jobs.views import redirect_to_job
from clusterbridge.meetings import ics, plan, selectors, services
from clusterbridge.meetings.forms import (
    AttendanceForm,
    CancelForm,
    InviteesForm,
    MeetingChangeForm,
    MeetingForm,
    PlanForm,
    ProposalForm,
    SlotSearchForm,
)
from clusterbridge.meetings.jobs import PUBLISH_PLAN
from clusterbridge.meetings.models import Meeting, MeetingStatus
from clusterbridge.programmes import selectors as programme_selectors
from clusterbridge.programmes.models import Pair, Programme
from clusterbridge.programmes.views import managed_programme, visible_programme


def _zone(request: HttpRequest) -> str:
    return str(getattr(request, "viewer_time_zone", "UTC"))


def _can_manage(request: HttpRequest, programme: Programme) -> bool:
    return request.user.has_perm("programmes.manage_programme", programme)


def _visible_meeting(request: HttpRequest, programme: Programme, pk: int) -> Meeting:
    return selectors.get_visible_meeting(user=request.user, programme=programme, pk=pk)


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    meetings = selectors.meetings_visible_to(request.user, programme).order_by("starts_at", "pk")
    can_manage = _can_manage(request, programme)
    page = paginate(request, meetings)
    page.object_list = selectors.with_invitee_counts(page.object_list)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "programme": programme,
            "page": page,
            "can_manage": can_manage,
            "draft_count": selectors.draft_count(programme) if can_manage else 0,
        },
    )


def _overlap_warning(form: MeetingForm, overlaps: list[selectors.Overlap]) -> bool:
    """True when the form may go on: no overlap, or the manager confirmed them."""
    if not overlaps or form.cleaned_data.get("confirm_overlap"):
        return True
    form.add_error(
        None,
        _("Overlaps with other meetings: %(list)s. Tick the box to schedule it anyway.")
        % {
            "list": "; ".join(
                f"{overlap.person.full_name} – {overlap.meeting.display_title}"
                for overlap in overlaps
            )
        },
    )
    return False


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = MeetingForm(
        request.POST or None, programme=programme, viewer_zone=_zone(request), initial=request.GET
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        overlaps = selectors.overlapping_meetings(
            data["invitees"], starts_at=data["starts_at"], duration_minutes=data["duration_minutes"]
        )
        if _overlap_warning(form, overlaps):
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
                    description=data["description"],
                    by=request.user,  # type: ignore[arg-type]
                ),
            )
            if meeting is not None:
                messages.success(
                    request,
                    _("Meeting scheduled; invitations queued: they go out within a minute."),
                )
                return redirect("programmes:meeting_detail", slug=programme.slug, pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "programme": programme, "heading": _("Schedule a meeting")},
    )


@login_required
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = visible_programme(request, slug)
    meeting = _visible_meeting(request, programme, pk)
    invitations = meeting.invitations.select_related("person__country").order_by(
        "person__full_name"
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "programme": programme,
            "meeting": meeting,
            "invitations": invitations,
            "history": selectors.meeting_history(meeting),
            "can_manage": _can_manage(request, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_change(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    meeting = selectors.programme_meeting(programme=programme, pk=pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404
    zone = _zone(request)
    local = timezone.localtime(meeting.starts_at, timezone.get_current_timezone())
    initial = {
        "title": meeting.display_title,
        "date": local.date(),
        "time": local.time(),
        "end_time": timezone.localtime(meeting.ends_at).time(),
        "time_zone": zone,
        "online_url": meeting.online_url,
        "venue": meeting.venue,
        "description": meeting.description,
    }
    form = MeetingChangeForm(request.POST or None, initial=initial, viewer_zone=zone)

    def save() -> Meeting:
        data = form.cleaned_data
        return services.change_meeting(
            meeting=meeting,
            title=data["title"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            online_url=data["online_url"],
            venue=data["venue"],
            description=data["description"],
            note=data["note"],
            by=request.user,  # type: ignore[arg-type]
        )

    return form_page(
        request,
        form,
        save=save,
        success=_(
            "Meeting changed; the invitees' e-mails are queued: they go out within a minute."
        ),
        success_url=reverse(
            "programmes:meeting_detail", kwargs={"slug": programme.slug, "pk": meeting.pk}
        ),
        heading=_("Change or reschedule a meeting"),
        template="meetings/meeting_form.html",
        programme=programme,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    meeting = selectors.programme_meeting(programme=programme, pk=pk)
    form = CancelForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.cancel_meeting(
            meeting=meeting,
            note=form.cleaned_data["note"],
            by=request.user,  # type: ignore[arg-type]
        ),
        success=_(
            "Meeting cancelled; the invitees' e-mails are queued: they go out within a minute."
        ),
        success_url=reverse(
            "programmes:meeting_detail", kwargs={"slug": programme.slug, "pk": meeting.pk}
        ),
        template="meetings/meeting_cancel.html",
        programme=programme,
        meeting=meeting,
    )


def _managed_meeting(request: HttpRequest, slug: str, pk: int) -> tuple[Programme, Meeting]:
    programme = managed_programme(request, slug)
    return programme, selectors.programme_meeting(programme=programme, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_invitees(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme, meeting = _managed_meeting(request, slug, pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404
    current = list(selectors.invitees_of(meeting))
    form = InviteesForm(request.POST or None, programme=programme, initial={"invitees": current})
    if request.method == "POST" and form.is_valid():
        change = run_service(
            form,
            lambda: services.change_invitees(
                meeting=meeting,
                invitees=form.cleaned_data["invitees"],
                note=form.cleaned_data["note"],
                by=request.user,  # type: ignore[arg-type]
            ),
        )
        if change is not None:
            if change.added or change.removed:
                messages.success(
                    request,
                    _("Invitees changed: %(added)s added, %(removed)s removed.")
                    % {"added": len(change.added), "removed": len(change.removed)},
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("programmes:meeting_detail", slug=programme.slug, pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_invitees.html",
        {"form": form, "programme": programme, "meeting": meeting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme, meeting = _managed_meeting(request, slug, pk)
    invitations = list(
        meeting.invitations.select_related("person__country").order_by("person__full_name", "pk")
    )
    form = AttendanceForm(request.POST or None, invitations=invitations)
    return form_page(
        request,
        form,
        save=lambda: services.record_attendances(meeting=meeting, attendance=form.attendance()),
        success=_("Attendance recorded."),
        success_url=reverse(
            "programmes:meeting_detail", kwargs={"slug": programme.slug, "pk": meeting.pk}
        ),
        template="meetings/meeting_attendance.html",
        programme=programme,
        meeting=meeting,
    )


@login_required
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = visible_programme(request, slug)
    meeting = _visible_meeting(request, programme, pk)
    person = programme_selectors.person_of(request.user)
    if person is None:  # a site admin without a profile gets the event in UTC
        person = Person(full_name=str(request.user), email=request.user.email, time_zone="UTC")  # type: ignore[union-attr]
    response = HttpResponse(ics.invitation_ics(meeting, person), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


def _audience(programme: Programme, data: dict[str, Any]) -> list[Person]:
    if data["audience"] == "chosen":
        return list(data["people"])
    return selectors.audience(programme, data["audience"])


@login_required
def slot_search(request: HttpRequest, slug: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    form = SlotSearchForm(request.GET or None, programme=programme)
    suggestions = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        people = _audience(programme, data)
        first_day = data["starts_on"] or timezone.now().date() + timedelta(days=1)
        if people:
            suggestions = selectors.suggest_slots(
                people,
                start=datetime.combine(first_day, time(0), tzinfo=UTC),
                days=data["days"],
                duration_minutes=data["duration_minutes"],
            )
        else:
            form.add_error(None, _("Nobody to invite in this group yet."))
    return render(
        request,
        "meetings/slot_search.html",
        {"form": form, "programme": programme, "suggestions": suggestions},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_generate(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = PlanForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        trainings: tuple[plan.TrainingRule, ...] = ()
        if data["training_title"]:
            trainings = (plan.TrainingRule(title=data["training_title"], on=data["training_on"]),)
        result = run_service(
            form,
            lambda: services.generate_plan(
                programme=programme,
                bilateral_every_weeks=data["bilateral_every_weeks"],
                joint_duration_minutes=data["joint_duration_minutes"],
                bilateral_duration_minutes=data["bilateral_duration_minutes"],
                group_duration_minutes=data["group_duration_minutes"],
                trainings=trainings,
                days_after_joint=data["days_after_joint"],
                by=request.user,  # type: ignore[arg-type]
            ),
        )
        if result is not None and not result.unplaced:
            messages.success(
                request,
                ngettext(
                    "Draft plan ready: %(count)s meeting. Review it, then publish.",
                    "Draft plan ready: %(count)s meetings. Review them, then publish.",
                    result.created,
                )
                % {"count": result.created},
            )
            return redirect("programmes:meetings", slug=programme.slug)
    return render(
        request, "meetings/plan_form.html", {"form": form, "programme": programme, "result": result}
    )


@login_required
@require_POST
def plan_publish(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Publishing sends every invitee their invitations: always a job, whatever the size."""
    programme = managed_programme(request, slug)
    drafts = selectors.draft_count(programme)
    if not drafts:
        messages.info(request, _("There is no draft meeting to publish."))
        return redirect("programmes:meetings", slug=programme.slug)
    job = submit_job(
        kind=PUBLISH_PLAN,
        requested_by=request.user,  # type: ignore[arg-type]
        params={"programme": programme.pk},
        description=ngettext(
            "Publishing %(count)d meeting of %(programme)s: its invitations are queued",
            "Publishing %(count)d meetings of %(programme)s: their invitations are queued",
            drafts,
        )
        % {"count": drafts, "programme": programme.name},
    )
    return redirect_to_job(job)


# Bilateral sessions proposed by the pair itself -------------------------------------------------


def _visible_pair(request: HttpRequest, programme: Programme, pk: int) -> Pair:
    return programme_selectors.get_visible_pair(user=request.user, programme=programme, pk=pk)


@login_required
def pair_sessions(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = visible_programme(request, slug)
    pair = _visible_pair(request, programme, pk)
    me = programme_selectors.person_of(request.user)
    is_member = selectors.pair_of_person(pair, me)
    people = [pair.mentor.person, pair.mentee.person]
    suggestions = selectors.suggest_slots(
        people,
        start=datetime.combine(timezone.now().date() + timedelta(days=1), time(0), tzinfo=UTC),
        days=21,
        duration_minutes=60,
        limit=6,
    )
    return render(
        request,
        "meetings/pair_sessions.html",
        {
            "programme": programme,
            "pair": pair,
            "me": me,
            "is_member": is_member,
            "suggestions": suggestions,
            "proposals": selectors.proposals_of(pair),
            "form": ProposalForm(viewer_zone=_zone(request)) if is_member else None,
        },
    )


def _member_of(request: HttpRequest, pair: Pair) -> Person:
    me = programme_selectors.person_of(request.user)
    if me is None or not selectors.pair_of_person(pair, me):
        raise Http404
    return me


@login_required
@require_POST
def proposal_create(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme = visible_programme(request, slug)
    pair = _visible_pair(request, programme, pk)
    me = _member_of(request, pair)
    if "starts_at" in request.POST:  # one click on a suggested slot
        try:
            starts_at = datetime.fromisoformat(request.POST["starts_at"])
            minutes = int(request.POST.get("duration_minutes", "60"))
            if starts_at.tzinfo is None:  # never guess the zone of a bare time
                raise ValueError
        except ValueError:
            messages.error(request, _("This time could not be read."))
            return redirect("programmes:pair_sessions", slug=programme.slug, pk=pair.pk)
        run_with_messages(
            request,
            lambda: services.propose_session(
                pair=pair, by=me, starts_at=starts_at.astimezone(UTC), duration_minutes=minutes
            ),
            success=_("Proposal sent to your pair."),
        )
        return redirect("programmes:pair_sessions", slug=programme.slug, pk=pair.pk)
    form = ProposalForm(request.POST, viewer_zone=_zone(request))
    if form.is_valid():
        proposal = run_service(
            form,
            lambda: services.propose_session(
                pair=pair,
                by=me,
                starts_at=form.cleaned_data["starts_at"],
                duration_minutes=form.cleaned_data["duration_minutes"],
            ),
        )
        if proposal is not None:
            messages.success(request, _("Proposal sent to your pair."))
            return redirect("programmes:pair_sessions", slug=programme.slug, pk=pair.pk)
    errors = [str(error) for errors in form.errors.values() for error in errors]
    messages.error(request, " ".join(errors))
    return redirect("programmes:pair_sessions", slug=programme.slug, pk=pair.pk)


@login_required
@require_POST
def proposal_answer(request: HttpRequest, slug: str, pk: int, proposal_pk: int) -> HttpResponseBase:
    programme = visible_programme(request, slug)
    pair = _visible_pair(request, programme, pk)
    me = _member_of(request, pair)
    proposal = selectors.get_proposal(pair=pair, pk=proposal_pk)
    accept = request.POST.get("answer") == "accept"
    run_with_messages(
        request,
        lambda: services.answer_proposal(proposal=proposal, by=me, accept=accept),
        success=_("Session scheduled; you both receive an invitation.")
        if accept
        else _("Answer recorded."),
    )
    return redirect("programmes:pair_sessions", slug=programme.slug, pk=pair.pk)
