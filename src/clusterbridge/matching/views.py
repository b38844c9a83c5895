"""Matching pages. Thin: visibility from selectors, writes from services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clusterbridge.common.forms import run_service
from clusterbridge.common.pages import form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.jobs.models import Job
from clusterbridge.jobs.services import submit_job
from clusterbridge.jobs.views import redirect_to_job
from clusterbridge.matching import selectors, services
from clusterbridge.matching.cohorts import settings_of
from clusterbridge.matching.forms import (
    CapacityForm,
    ConfirmForm,
    ConstraintForm,
    RunForm,
    SettingsForm,
    WhyNotForm,
    WishForm,
)
from clusterbridge.matching.jobs import RUN_MATCHING
from clusterbridge.matching.models import MatchingRun, MatchingWish, PairConstraint
from clusterbridge.programmes.models import Programme, ProgrammeStatus
from clusterbridge.programmes.views import managed_programme, visible_programme

SORT_COLUMNS = ("mentee", "mentor", "country", "score", "regret")
# Numbers sort best first; names alphabetically.
DESCENDING_FIRST = frozenset({"score", "regret"})


def _headers(sort: str) -> list[dict[str, str | None]]:
    labels = {
        "mentee": _("Mentee"),
        "mentor": _("Mentor"),
        "country": _("Countries"),
        "score": _("Score"),
        "regret": _("Regret"),
    }
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    headers = []
    for column in SORT_COLUMNS:
        if column == key:
            following = column if descending else f"-{column}"
            aria_sort: str | None = "descending" if descending else "ascending"
        else:
            following = f"-{column}" if column in DESCENDING_FIRST else column
            aria_sort = None
        headers.append({"label": labels[column], "next": following, "aria_sort": aria_sort})
    return headers


def _report_errors(request: HttpRequest, form: RunForm | ConfirmForm | ConstraintForm) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(str(error) for error in errors))


def _sort(request: HttpRequest) -> str:
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    return sort if sort.removeprefix("-") in SORT_COLUMNS else selectors.DEFAULT_SORT


@login_required
def matching(request: HttpRequest, slug: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    run = selectors.latest_run(programme)
    sort = _sort(request)
    view = selectors.run_view(run, sort=sort) if run is not None else None
    return render(
        request,
        "matching/matching.html",
        {
            "programme": programme,
            "is_matching": programme.status == ProgrammeStatus.MATCHING,
            "view": view,
            "page": paginate(request, view.proposals if view else []),
            "headers": _headers(sort),
            "can_manage": True,
            "run_form": RunForm(initial={"mode": run.mode if run else "optimal"}),
        },
    )


@login_required
@require_POST
def matching_run(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = RunForm(request.POST)
    if form.is_valid() and _is_big(programme):
        return redirect_to_job(_submit_run(request, programme, form.cleaned_data["mode"]))
    if form.is_valid():
        run = run_service(
            form,
            lambda: services.run_matching(
                programme=programme,
                mode=form.cleaned_data["mode"],
                created_by=request.user,  # type: ignore[arg-type]
            ),
        )
        if run is not None:
            messages.success(request, _("The matcher proposed new pairs."))
    _report_errors(request, form)
    return redirect("programmes:matching", slug=programme.slug)


def _is_big(programme: Programme) -> bool:
    # A programme that cannot be matched gets its error at once, in the request.
    return (
        programme.status == ProgrammeStatus.MATCHING
        and selectors.mentee_count(programme) > settings.JOB_MATCH_MENTEES
    )


def _submit_run(request: HttpRequest, programme: Programme, mode: str) -> Job:
    count = selectors.mentee_count(programme)
    return submit_job(
        kind=RUN_MATCHING,
        requested_by=request.user,  # type: ignore[arg-type]
        params={"programme": programme.pk, "mode": mode},
        description=ngettext(
            "Matching %(count)d mentee of %(programme)s",
            "Matching %(count)d mentees of %(programme)s",
            count,
        )
        % {"count": count, "programme": programme.name},
    )


@login_required
@require_POST
def matching_confirm(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        run = get_object_or_404(MatchingRun, programme=programme, pk=form.cleaned_data["run"])
        pairs = run_service(
            form,
            lambda: services.confirm_run(run=run, confirmed_by=request.user),  # type: ignore[arg-type]
        )
        if pairs is not None:
            messages.success(
                request,
                _(
                    "Pairs confirmed: %(count)d. E-mails to both people are queued: they go out "
                    "within a minute."
                )
                % {"count": len(pairs)},
            )
    _report_errors(request, form)
    return redirect("programmes:matching", slug=programme.slug)


@login_required
@require_http_methods(["GET", "POST"])
def matching_settings(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = SettingsForm(
        request.POST or None, initial=SettingsForm.initial_for(settings_of(programme))
    )
    proposals = reverse("programmes:matching", kwargs={"slug": programme.slug})
    return form_page(
        request,
        form,
        save=lambda: services.update_settings(programme=programme, **form.service_arguments()),
        success=_("Matching settings saved."),
        success_url=proposals,
        heading=_("Weights and rules"),
        cancel_url=proposals,
        template="matching/settings.html",
        programme=programme,
        submit_label=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def constraint_list(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = ConstraintForm(request.POST or None, programme=programme)
    if request.method == "POST":
        back = request.POST.get("back") == "proposals"
        if form.is_valid():
            saved = run_service(
                form,
                lambda: services.add_constraint(
                    programme=programme,
                    created_by=request.user,  # type: ignore[arg-type]
                    **form.cleaned_data,
                ),
            )
            if saved is not None:
                messages.success(request, _("Decision recorded: it applies to the next run."))
                if back:
                    return redirect("programmes:matching", slug=programme.slug)
                return redirect("programmes:matching_constraints", slug=programme.slug)
        if back:
            _report_errors(request, form)
            return redirect("programmes:matching", slug=programme.slug)
    return _constraints_page(request, programme, form, CapacityForm(programme=programme))


def _constraints_page(
    request: HttpRequest, programme: Programme, form: ConstraintForm, capacity_form: CapacityForm
) -> HttpResponse:
    return render(
        request,
        "matching/constraints.html",
        {
            "programme": programme,
            "can_manage": True,
            "form": form,
            "capacity_form": capacity_form,
            "page": paginate(request, selectors.constraints(programme)),
            "capacities": selectors.capacities(programme),
            "default_capacity": settings_of(programme).default_capacity,
        },
    )


@login_required
@require_POST
def constraint_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    constraint = get_object_or_404(PairConstraint, programme=programme, pk=pk)
    services.remove_constraint(constraint=constraint)
    messages.success(request, _("Decision removed."))
    return redirect("programmes:matching_constraints", slug=programme.slug)


@login_required
@require_POST
def capacity(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = managed_programme(request, slug)
    form = CapacityForm(request.POST, programme=programme)
    if form.is_valid():
        saved = run_service(form, lambda: services.set_mentor_capacity(**form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Capacity saved."))
            return redirect("programmes:matching_constraints", slug=programme.slug)
    return _constraints_page(
        request, programme, ConstraintForm(programme=programme), capacity_form=form
    )


@login_required
def why_not(request: HttpRequest, slug: str) -> HttpResponse:
    programme = managed_programme(request, slug)
    form = WhyNotForm(request.GET or None, programme=programme)
    answer = None
    if form.is_valid():
        run = selectors.latest_run(programme)
        try:
            answer = selectors.why_not(
                programme,
                mentee=form.cleaned_data["mentee"],
                mentor=form.cleaned_data["mentor"],
                mode=run.mode if run else "optimal",
            )
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "matching/why_not.html",
        {"programme": programme, "can_manage": True, "form": form, "answer": answer},
    )


@login_required
@require_http_methods(["GET", "POST"])
def wishes(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = visible_programme(request, slug)
    participation = selectors.own_participation(request.user, programme)  # type: ignore[arg-type]
    if participation is None:
        raise Http404
    can_edit = programme.status in services.WISH_STATES
    form = WishForm(request.POST or None, participation=participation)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form, lambda: services.record_wish(participation=participation, **form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, _("Your choice is recorded."))
            return redirect("programmes:matching_wishes", slug=programme.slug)
    return render(
        request,
        "matching/wishes.html",
        {
            "programme": programme,
            "participation": participation,
            "form": form if can_edit else None,
            "page": paginate(request, selectors.wishes_of(participation)),
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def wish_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    programme = visible_programme(request, slug)
    participation = selectors.own_participation(request.user, programme)  # type: ignore[arg-type]
    wish = get_object_or_404(MatchingWish, participation=participation, pk=pk)
    services.remove_wish(wish=wish)
    messages.success(request, _("Removed."))
    return redirect("programmes:matching_wishes", slug=programme.slug)
