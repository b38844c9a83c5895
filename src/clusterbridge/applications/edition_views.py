"""The next edition's pages, for the managers of the previous one; anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusterbridge.applications import editions, selectors
from clusterbridge.applications.edition_forms import EditionForm, ReturningForm
from clusterbridge.common.pages import form_page
from clusterbridge.programmes.selectors import get_managed_programme


@login_required
@require_http_methods(["GET", "POST"])
def new_edition(request: HttpRequest, slug: str) -> HttpResponseBase:
    source = get_managed_programme(user=request.user, slug=slug)
    form = EditionForm(request.POST or None, initial={"name": source.name})
    return form_page(
        request,
        form,
        save=lambda: editions.new_edition(
            source=source,
            by=request.user,  # type: ignore[arg-type]
            **form.cleaned_data,
        ),
        success=_("Next edition created, in the draft state."),
        success_url=lambda programme: reverse(
            "programmes:applications:returning", kwargs={"slug": programme.slug}
        ),
        template="applications/new_edition.html",
        programme=source,
    )


@login_required
@require_http_methods(["GET", "POST"])
def returning(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = get_managed_programme(user=request.user, slug=slug)
    if programme.previous_edition_id is None:
        raise Http404
    form = ReturningForm(
        request.POST or None, returning=selectors.returning_participations(programme)
    )
    return form_page(
        request,
        form,
        save=lambda: editions.invite_returning(
            programme=programme,
            returning=form.cleaned_data["returning"],
            by=request.user,  # type: ignore[arg-type]
        ),
        success=_("The people you chose are enrolled; those without a login are invited."),
        success_url=reverse("programmes:participants", kwargs={"slug": programme.slug}),
        template="applications/returning.html",
        programme=programme,
    )
