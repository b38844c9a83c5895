"""The managers' page beside the participants: who has a login, who was invited and when,
what each new participant still has to do; invite, resend, revoke and remind from it.

Only managers of the programme (and site admins) reach it; anyone else gets 404, and an id of
another programme's participant or invitation is simply not found.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clusterbridge.common.forms import run_with_messages
from clusterbridge.common.pagination import paginate
from clusterbridge.invitations import selectors, services
from clusterbridge.invitations.forms import RecipientsForm
from clusterbridge.programmes.models import Participation, Programme
from clusterbridge.programmes.selectors import get_managed_programme


def _programme(request: HttpRequest, slug: str) -> Programme:
    return get_managed_programme(user=request.user, slug=slug)


@login_required
def invitation_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    now = timezone.now()
    page = paginate(request, selectors.participants_with_invitations(programme))
    rows = list(page)
    checklists = selectors.onboarding_checklists(rows)
    return render(
        request,
        "invitations/manage.html",
        {
            "programme": programme,
            "page": page,
            "rows": [
                (participation, _latest(participation, now), checklists.get(participation.pk))
                for participation in rows
            ],
            "pending_count": selectors.pending_participations(programme, now=now).count(),
            "can_manage": True,
        },
    )


def _latest(participation: Participation, now: datetime) -> dict[str, object] | None:
    sent = getattr(participation, "sent", [])
    if not sent:
        return None
    return {"invitation": sent[0], "state": sent[0].state(now)}


def _chosen(request: HttpRequest, programme: Programme) -> list[Participation] | None:
    form = RecipientsForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return None
    if form.cleaned_data["pending"]:
        return list(selectors.pending_participations(programme, now=timezone.now()))
    return selectors.participations_by_ids(programme, form.chosen_ids())


@login_required
@require_POST
def invitation_send(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = _programme(request, slug)
    chosen = _chosen(request, programme)
    if chosen is not None:
        invitations = services.invite_participants(
            programme=programme,
            participations=chosen,
            invited_by=request.user,  # type: ignore[arg-type]
        )
        count = len(invitations)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)d invitation queued: it goes out within a minute.",
                    "%(count)d invitations queued: they go out within a minute.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.warning(
                request,
                _("Nobody was invited: everyone chosen already has a login or no address."),
            )
    return redirect("programme_invitations:list", slug=programme.slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme = _programme(request, slug)
    invitation = selectors.get_invitation(programme=programme, pk=pk)
    if invitation is None:
        raise Http404
    run_with_messages(
        request,
        lambda: services.revoke_invitation(invitation=invitation),
        success=_("Invitation revoked: its link no longer works."),
    )
    return redirect("programme_invitations:list", slug=programme.slug)


@login_required
@require_POST
def onboarding_remind(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = _programme(request, slug)
    chosen = _chosen(request, programme)
    if chosen is not None:
        count = services.remind_onboarding(programme=programme, participations=chosen)
        messages.success(
            request,
            ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", count)
            % {"count": count},
        )
    return redirect("programme_invitations:list", slug=programme.slug)
