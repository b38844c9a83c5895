"""Programme pages. Thin: visibility comes from selectors, writes from services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusterbridge.common.forms import run_service
from clusterbridge.common.pages import form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.programmes import selectors, services
from clusterbridge.programmes.filters import ParticipantFilter
from clusterbridge.programmes.forms import (
    PairForm,
    ParticipantForm,
    ProgrammeEditForm,
    ProgrammeForm,
    StatusForm,
)
from clusterbridge.programmes.models import Programme


def visible_programme(request: HttpRequest, slug: str) -> Programme:
    return selectors.get_visible_programme(user=request.user, slug=slug)


def managed_programme(request: HttpRequest, slug: str) -> Programme:
    return selectors.get_managed_programme(user=request.user, slug=slug)


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.visible_programmes(request.user).select_related("operator", "track")
    return render(
        request,
        "programmes/programme_list.html",
        {
            "page": paginate(request, programmes.order_by("-starts_on", "name")),
            "can_add": request.user.has_perm("programmes.add_programme"),
            "is_site_admin": selectors.is_site_admin(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponseBase:
    if not request.user.has_perm("programmes.add_programme"):
        raise Http404
    form = ProgrammeForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.create_programme(
            **form.cleaned_data,
            by=request.user,  # type: ignore[arg-type]
        ),
        success=_("Programme created."),
        success_url=lambda programme: programme.get_absolute_url(),
        template="programmes/programme_form.html",
    )


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    can_manage = request.user.has_perm("programmes.manage_programme", programme)
    overview = selectors.programme_overview(programme)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "overview": overview,
            "funders": programme.funders.select_related("organisation"),
            "can_manage": can_manage,
            "status_form": StatusForm() if can_manage else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    initial = {
        field: getattr(programme, field)
        for field in ("name", "edition", "starts_on", "ends_on", "modality", "description")
    }
    form = ProgrammeEditForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.update_programme(programme=programme, **form.cleaned_data),
        success=_("Programme saved."),
        success_url=programme.get_absolute_url(),
        template="programmes/programme_edit.html",
        programme=programme,
    )


@login_required
@require_http_methods(["POST"])
def programme_status(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = StatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        changed = run_service(
            form, lambda: services.change_status(programme=programme, status=status)
        )
        if changed is not None:
            messages.success(request, _("Status changed."))
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))
    return redirect(programme)


@login_required
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    filters = ParticipantFilter(request.GET or None, queryset=selectors.participants(programme))
    return render(
        request,
        "programmes/participant_list.html",
        {
            "programme": programme,
            "filter": filters,
            "page": paginate(request, filters.qs),
            "can_manage": request.user.has_perm("programmes.manage_programme", programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = ParticipantForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.add_participant(
            programme=programme,
            by=request.user,  # type: ignore[arg-type]
            **form.cleaned_data,
        ),
        success=_("Participant added."),
        success_url=reverse("programmes:participants", kwargs={"slug": programme.slug}),
        template="programmes/participant_form.html",
        programme=programme,
    )


@login_required
def pair_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    pairs = selectors.pairs_visible_to(request.user, programme)
    return render(
        request,
        "programmes/pair_list.html",
        {
            "programme": programme,
            "page": paginate(request, pairs),
            "can_manage": request.user.has_perm("programmes.manage_programme", programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pair_create(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = PairForm(request.POST or None, programme=programme)
    return form_page(
        request,
        form,
        save=lambda: services.create_pair(
            programme=programme,
            mentor=form.cleaned_data["mentor"],
            mentee=form.cleaned_data["mentee"],
            created_by=request.user,  # type: ignore[arg-type]
        ),
        success=_("Pair proposed."),
        success_url=reverse("programmes:pairs", kwargs={"slug": programme.slug}),
        template="programmes/pair_form.html",
        programme=programme,
    )


@login_required
def audit_trail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    return render(
        request,
        "programmes/audit_trail.html",
        {
            "programme": programme,
            "page": paginate(request, selectors.programme_trail(programme), per_page=50),
            "can_manage": True,
        },
    )
