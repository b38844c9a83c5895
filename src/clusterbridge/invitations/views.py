"""The invitee's pages: the link from the e-mail, where the password is set, and the request
for a new link when it no longer works.

Only the token's digest is looked up. A wrong, expired, used or revoked link changes nothing
and says so; the pages are never cached, and the sign-in that follows goes through allauth,
so a programme manager is asked for a second factor as after any sign-in.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from clusterbridge.common.forms import form_status, run_service
from clusterbridge.invitations import selectors, services
from clusterbridge.invitations.forms import SetPasswordForm
from clusterbridge.invitations.models import Invitation, InvitationState

RENEWAL_OUTCOMES = {
    services.Renewal.SENT: gettext_lazy("A new link is on its way to your e-mail address."),
    services.Renewal.MANAGERS_TOLD: gettext_lazy(
        "The programme's managers are told that you ask for a new link: they will send one."
    ),
    services.Renewal.ALREADY_ASKED: gettext_lazy("A new link was already asked for with this one."),
    services.Renewal.HAS_LOGIN: gettext_lazy(
        "You already have a login: sign in, or reset your password."
    ),
    services.Renewal.NOT_NEEDED: gettext_lazy("This link needs no renewal."),
}


def _ended(request: HttpRequest, invitation: Invitation | None, state: str) -> HttpResponseBase:
    return render(
        request,
        "invitations/ended.html",
        {"invitation": invitation, "state": state},
        status=404 if invitation is None else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponseBase:
    invitation = selectors.invitation_by_token(services.token_digest(token))
    if invitation is None:
        return _ended(request, None, "unknown")
    now = timezone.now()
    state = invitation.state(now)
    person = invitation.participation.person
    if state is not InvitationState.PENDING:
        return _ended(request, invitation, state)
    if person.user_id is not None:
        return _ended(request, invitation, "has_login")
    form = SetPasswordForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        user = run_service(
            form,
            lambda: services.accept_invitation(
                invitation=invitation,
                password=form.cleaned_data["password1"],
                language=_interface_language(),
                now=now,
            ),
        )
        if user is not None:
            messages.success(request, _("Your password is set: welcome to clusterbridge."))
            response: HttpResponseBase = perform_login(
                request, user, redirect_url=reverse("home"), email=user.email
            )
            # The record allauth keeps of a sign-in form: managers are then asked for a
            # second factor as after any other sign-in.
            record_authentication(request, user, "password", email=user.email)
            return response
    context = {
        "form": form,
        "invitation": invitation,
        "person": person,
        "inviter": selectors.inviter_name(invitation),
    }
    return render(request, "invitations/accept.html", context, status=form_status(form))


def _interface_language() -> str:
    """The language the invitee reads the page in becomes their login's."""
    language = translation.get_language() or ""
    return language if language in dict(settings.LANGUAGES) else ""


@never_cache
@require_POST
def renew(request: HttpRequest, token: str) -> HttpResponseBase:
    invitation = selectors.invitation_by_token(services.token_digest(token))
    if invitation is None:
        return _ended(request, None, "unknown")
    outcome = services.request_new_invitation(invitation=invitation, now=timezone.now())
    messages.info(request, RENEWAL_OUTCOMES[outcome])
    return redirect("invitations:accept", token=token)
