"""The call's pages: the public application form, the managers' review and the call's form.

Thin: the call and the applications come from selectors, every write from services.
"""

from __future__ import annotations

from typing import Any

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clusterbridge.accounts.models import User
from clusterbridge.applications import selectors, services
from clusterbridge.applications.forms import (
    DECISION_LABELS,
    ApplicationForm,
    CallForm,
    DecisionForm,
)
from clusterbridge.applications.models import Call
from clusterbridge.common.forms import form_status, run_service
from clusterbridge.common.pages import form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.common.services import known_time_zones
from clusterbridge.programmes.selectors import AnyUser, person_of

# Counted by allauth in the cache, like the sign-in limits (settings.ACCOUNT_RATE_LIMITS).
PER_IP, PER_ADDRESS = "apply", "apply_address"


def _profile_initial(user: AnyUser) -> dict[str, Any]:
    """A signed-in member's form starts from their profile."""
    person = person_of(user)
    if person is None:
        return {}
    return {
        "name": person.full_name,
        "email": person.email,
        "country": person.country.code,
        "organisation": person.organisation.name if person.organisation else "",
        "position": person.position,
        "time_zone": person.time_zone,
        "languages": ", ".join(
            f"{language.language}:{language.level}" for language in person.languages.all()
        ),
    }


def _application_form(request: HttpRequest, call: Call) -> ApplicationForm:
    return ApplicationForm(
        request.POST or None,
        initial=_profile_initial(request.user),
        roles=services.roles_sought(call),
        areas=selectors.competence_areas(),
    )


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponseBase:
    call = selectors.get_public_call(slug=slug)
    form = _application_form(request, call)
    closed = services.closed_reason(call, now=timezone.now())
    status = 200
    if request.method == "POST":
        if form.is_spam():
            return redirect("programmes:applications:sent", slug=slug)
        if _rate_limited(request):
            form.add_error(None, _("Too many applications from here: try again in an hour."))
            status = 429
        elif form.is_valid():
            applied = run_service(
                form,
                lambda: services.submit_application(
                    programme=call.programme,
                    answers=form.answers(),
                    language=translation.get_language(),
                    now=timezone.now(),
                    applicant=request.user if request.user.is_authenticated else None,
                ),
            )
            if applied is not None:
                return redirect("programmes:applications:sent", slug=slug)
        status = status if status != 200 else form_status(form)
    return render(
        request,
        "applications/apply.html",
        {
            "call": call,
            "programme": call.programme,
            "form": form,
            "closed": closed,
            "roles": _roles_with_countries(call),
            "time_zones": sorted(known_time_zones()),
        },
        status=status,
    )


def _rate_limited(request: HttpRequest) -> bool:
    """Counts each attempt per IP address, and per e-mail address when one is typed."""
    if not ratelimit.consume(request, action=PER_IP):
        return True
    email = str(request.POST.get("email", "")).strip().lower()
    return bool(email) and not ratelimit.consume(request, action=PER_ADDRESS, key=email)


def _roles_with_countries(call: Call) -> list[tuple[str, list[Any], int | None]]:
    return [
        (role, services.countries_for(call, role), services.places(call, role))
        for role in services.roles_sought(call)
    ]


def applied(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.get_public_call(slug=slug)
    return render(request, "applications/sent.html", {"programme": call.programme})


@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.get_managed_programme(user=request.user, slug=slug)
    applications = selectors.applications_of(programme)
    return render(
        request,
        "applications/review.html",
        {
            "programme": programme,
            "call": selectors.call_of(programme),
            "page": paginate(request, applications, per_page=50),
            "areas": selectors.areas_by_code(),
            "countries": selectors.countries_by_code(),
            "form": DecisionForm(applications=applications),
            "can_manage": True,
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = selectors.get_managed_programme(user=request.user, slug=slug)
    form = DecisionForm(request.POST, applications=selectors.applications_of(programme))
    if form.is_valid():
        decided = run_service(
            form,
            lambda: services.decide(
                programme=programme,
                applications=list(form.cleaned_data["applications"]),
                decision=form.cleaned_data["decision"],
                message=form.cleaned_data["message"],
                now=timezone.now(),
                decided_by=request.user if isinstance(request.user, User) else None,
            ),
        )
        if decided is not None:
            messages.success(
                request,
                ngettext(
                    "Decision “%(decision)s” recorded for %(count)s application; "
                    "the applicant's e-mail is queued.",
                    "Decision “%(decision)s” recorded for %(count)s applications; "
                    "each applicant's e-mail is queued.",
                    len(decided),
                )
                % {
                    "count": len(decided),
                    "decision": DECISION_LABELS[form.cleaned_data["decision"]],
                },
            )
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))
    return redirect("programmes:applications:review", slug=programme.slug)


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = selectors.get_managed_programme(user=request.user, slug=slug)
    call = selectors.call_of(programme)
    form = CallForm(request.POST or None, initial=_call_initial(call))
    return form_page(
        request,
        form,
        save=lambda: services.save_call(
            programme=programme, now=timezone.now(), **form.cleaned_data
        ),
        success=_("Call for applications saved."),
        success_url=reverse("programmes:applications:review", kwargs={"slug": programme.slug}),
        template="applications/call_form.html",
        programme=programme,
        can_manage=True,
    )


def _call_initial(call: Call | None) -> dict[str, Any]:
    if call is None:
        return {"seeks_mentees": True, "seeks_mentors": True}
    return {
        "deadline": timezone.localtime(call.deadline),
        "seeks_mentees": call.seeks_mentees,
        "seeks_mentors": call.seeks_mentors,
        "mentee_countries": services.countries_for(call, "mentee"),
        "mentor_countries": services.countries_for(call, "mentor"),
        "mentee_places": call.mentee_places,
        "mentor_places": call.mentor_places,
    }
