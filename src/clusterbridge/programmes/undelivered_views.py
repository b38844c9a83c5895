"""The managers' page of e-mail that has not reached their programme's people, with retry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterbridge.accounts.models import User
from clusterbridge.common.pagination import paginate
from clusterbridge.outbox.services import retry_message
from clusterbridge.programmes.selectors import get_managed_programme
from clusterbridge.programmes.undelivered import get_undelivered_message, undelivered_mail


@login_required
def undelivered_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_managed_programme(user=request.user, slug=slug)
    mail = undelivered_mail(programme, now=timezone.now())
    return render(
        request,
        "programmes/undelivered_mail.html",
        {"programme": programme, "page": paginate(request, mail, per_page=50), "can_manage": True},
    )


@login_required
@require_POST
def undelivered_retry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = get_managed_programme(user=request.user, slug=slug)
    message = get_undelivered_message(programme, pk=pk, now=timezone.now())
    by = request.user if isinstance(request.user, User) else None
    if retry_message(message=message, by=by):
        messages.success(request, _("The e-mail is queued again: it goes out within a minute."))
    else:
        messages.info(request, _("This e-mail is already on its way."))
    return redirect("programmes:undelivered", slug=programme.slug)
