"""The site admins' page of operators and their staff. Anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusterbridge.common.pages import confirm_delete_page, form_page
from clusterbridge.common.pagination import paginate
from clusterbridge.programmes import selectors, services
from clusterbridge.programmes.forms import StaffForm


def _site_admin_only(request: HttpRequest) -> None:
    if not selectors.is_site_admin(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def operator_staff(request: HttpRequest) -> HttpResponseBase:
    _site_admin_only(request)
    form = StaffForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.add_staff_member(**form.cleaned_data),
        success=_("Staff member added."),
        success_url=reverse("operators:staff"),
        template="programmes/operator_staff.html",
        page=paginate(request, selectors.operator_staff()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_remove(request: HttpRequest, pk: int) -> HttpResponseBase:
    _site_admin_only(request)
    staff = get_object_or_404(selectors.operator_staff(), pk=pk)
    return confirm_delete_page(
        request,
        delete=lambda: services.remove_staff_member(staff=staff),
        success=_("Staff member removed."),
        success_url=reverse("operators:staff"),
        heading=_("Remove %(person)s from %(operator)s?")
        % {"person": staff.person.full_name, "operator": staff.operator.name},
        consequence=_(
            "They will create no more programmes for this operator; the programmes they "
            "manage stay theirs."
        ),
        cancel_url=reverse("operators:staff"),
    )
