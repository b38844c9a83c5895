"""Mission pages: the event, its participants and requests, the schedule and personal agendas."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clusterbridge.common.forms import run_with_messages
from clusterbridge.common.pages import form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.jobs.services import submit_job
from clusterbridge.jobs.views import redirect_to_job
from clusterbridge.meetings.ics import CONTENT_TYPE
from clusterbridge.meetings.ics import agenda_ics as build_agenda_ics
from clusterbridge.missions import selectors, services
from clusterbridge.missions.forms import JoinForm, MissionForm, RequestForm
from clusterbridge.missions.jobs import SCHEDULE
from clusterbridge.missions.models import Mission, MissionParticipant
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.selectors import person_of
from clusterbridge.programmes.views import managed_programme, visible_programme


def _mission(request: HttpRequest, slug: str, pk: int) -> tuple[Programme, Mission]:
    programme = visible_programme(request, slug)
    return programme, get_object_or_404(selectors.missions_of(programme), pk=pk)


def _can_manage(request: HttpRequest, programme: Programme) -> bool:
    return request.user.has_perm("programmes.manage_programme", programme)


def _me(request: HttpRequest, mission: Mission) -> MissionParticipant | None:
    return selectors.participant_of(mission, person_of(request.user))


@login_required
def mission_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    return render(
        request,
        "missions/mission_list.html",
        {
            "programme": programme,
            "page": paginate(request, selectors.missions_of(programme)),
            "can_manage": _can_manage(request, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mission_create(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = MissionForm(
        request.POST or None, viewer_zone=getattr(request, "viewer_time_zone", "UTC")
    )

    def save() -> Mission:
        data = form.cleaned_data
        return services.create_mission(
            programme=programme,
            title=data["title"],
            starts_at=data["starts_at"],
            slot_minutes=data["slot_minutes"],
            slot_count=data["slot_count"],
            table_count=data["table_count"],
            time_zone=data["time_zone"],
            venue=data["venue"],
            description=data["description"],
        )

    return form_page(
        request,
        form,
        save=save,
        success=_("Mission created."),
        success_url=lambda mission: reverse(
            "programmes:mission_detail", kwargs={"slug": programme.slug, "pk": mission.pk}
        ),
        heading=_("New business-development mission"),
        template="missions/mission_form.html",
        programme=programme,
    )


@login_required
def mission_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme, mission = _mission(request, slug, pk)
    me = _me(request, mission)
    return render(
        request,
        "missions/mission_detail.html",
        {
            "programme": programme,
            "mission": mission,
            "me": me,
            "page": paginate(request, selectors.participants_of(mission)),
            "my_requests": selectors.requests_of(me) if me else [],
            "already": selectors.requested_ids(me) if me else set(),
            "counts": selectors.request_counts(mission),
            "can_manage": _can_manage(request, programme),
            "slot_end": mission.slot_start(mission.slot_count),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mission_join(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme, mission = _mission(request, slug, pk)
    person = person_of(request.user)
    if person is None:
        raise Http404
    me = selectors.participant_of(mission, person)
    initial = {"offer": me.offer, "seek": me.seek, "absent_slots": me.absent_slots} if me else {}
    form = JoinForm(request.POST or None, mission=mission, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.join_mission(
            mission=mission,
            person=person,
            offer=form.cleaned_data["offer"],
            seek=form.cleaned_data["seek"],
            absent_slots=form.cleaned_data["absent_slots"],
        ),
        success=_("Your mission profile is saved."),
        success_url=reverse(
            "programmes:mission_detail", kwargs={"slug": programme.slug, "pk": mission.pk}
        ),
        heading=_("Take part: what you offer and seek"),
        template="missions/mission_form.html",
        programme=programme,
    )


@login_required
@require_POST
def mission_schedule(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    mission = get_object_or_404(selectors.missions_of(programme), pk=pk)
    requests = selectors.accepted_request_count(mission)
    if requests > settings.JOB_MISSION_REQUESTS:
        job = submit_job(
            kind=SCHEDULE,
            requested_by=request.user,  # type: ignore[arg-type]
            params={"mission": mission.pk},
            description=ngettext(
                "Scheduling %(count)d accepted request of %(mission)s",
                "Scheduling %(count)d accepted requests of %(mission)s",
                requests,
            )
            % {"count": requests, "mission": mission.title},
        )
        return redirect_to_job(job)
    result = services.schedule(mission=mission)
    messages.success(
        request,
        _("Accepted requests placed: %(placed)s of %(requests)s (proven upper bound %(bound)s).")
        % {"placed": result.placed, "requests": result.requests, "bound": result.bound},
    )
    return redirect("programmes:mission_detail", slug=programme.slug, pk=mission.pk)


@login_required
@require_POST
def request_create(
    request: HttpRequest, slug: str, pk: int, participant_pk: int
) -> HttpResponseBase:
    programme, mission = _mission(request, slug, pk)
    me = _me(request, mission)
    if me is None:
        raise Http404
    other = selectors.get_participant(mission=mission, pk=participant_pk)
    form = RequestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    run_with_messages(
        request,
        lambda: services.request_meeting(requester=me, requested=other, message=message),
        success=_("Meeting request sent."),
    )
    return redirect("programmes:mission_detail", slug=programme.slug, pk=mission.pk)


@login_required
@require_POST
def request_answer(request: HttpRequest, slug: str, pk: int, request_pk: int) -> HttpResponseBase:
    programme, mission = _mission(request, slug, pk)
    me = _me(request, mission)
    if me is None:
        raise Http404
    meeting_request = selectors.get_request_to(participant=me, pk=request_pk)
    run_with_messages(
        request,
        lambda: services.answer_request(
            request=meeting_request, by=me, accept=request.POST.get("answer") == "accept"
        ),
        success=_("Answer recorded."),
    )
    return redirect("programmes:mission_detail", slug=programme.slug, pk=mission.pk)


@login_required
def my_agenda(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme, mission = _mission(request, slug, pk)
    me = _me(request, mission)
    if me is None:
        raise Http404
    return redirect(
        "programmes:mission_agenda", slug=programme.slug, pk=mission.pk, participant_pk=me.pk
    )


def _agenda_participant(
    request: HttpRequest, slug: str, pk: int, participant_pk: int
) -> tuple[Programme, Mission, MissionParticipant]:
    """The participant themself and the programme's managers may open an agenda."""
    programme, mission = _mission(request, slug, pk)
    participant = selectors.get_participant(mission=mission, pk=participant_pk)
    if participant.person.user_id != request.user.pk and not _can_manage(request, programme):
        raise Http404
    return programme, mission, participant


@login_required
def agenda(request: HttpRequest, slug: str, pk: int, participant_pk: int) -> HttpResponse:
    programme, mission, participant = _agenda_participant(request, slug, pk, participant_pk)
    rows = []
    for meeting in selectors.agenda_of(participant):
        other = meeting.second if meeting.first_id == participant.pk else meeting.first
        start = mission.slot_start(meeting.slot)
        rows.append(
            {
                "slot": meeting.slot + 1,
                "starts_at": start,
                "ends_at": start + timedelta(minutes=mission.slot_minutes),
                "table": meeting.table,
                "other": other,
            }
        )
    template = "missions/agenda_print.html" if request.GET.get("print") else "missions/agenda.html"
    return render(
        request,
        template,
        {"programme": programme, "mission": mission, "participant": participant, "rows": rows},
    )


@login_required
def agenda_ics(request: HttpRequest, slug: str, pk: int, participant_pk: int) -> HttpResponse:
    _programme, mission, participant = _agenda_participant(request, slug, pk, participant_pk)
    events = selectors.agenda_events_of(participant.person, mission=mission)
    response = HttpResponse(build_agenda_ics(mission.title, events), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="agenda-{mission.pk}.ics"'
    return response
