"""The managers' closing page, the certificate downloads and the public verification page.

Managers of the programme (and site admins) reach the closing page; anyone else gets 404. The
verification page is public but shows only the holder's name, the programme, the role and the
dates; the PDF goes to its holder and the programme's managers only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from clusterbridge.certificates import pdf, selectors, services
from clusterbridge.certificates.forms import ClosePairsForm
from clusterbridge.common.forms import run_with_messages
from clusterbridge.common.pagination import paginate
from clusterbridge.programmes import services as programmes
from clusterbridge.programmes.archive import writes_after_closing
from clusterbridge.programmes.models import (
    CLOSED_PAIR_STATUSES,
    PairStatus,
    Programme,
    ProgrammeStatus,
)
from clusterbridge.programmes.selectors import get_managed_programme


def _programme(request: HttpRequest, slug: str) -> Programme:
    return get_managed_programme(user=request.user, slug=slug)


@login_required
@require_GET
def closing(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(request, slug)
    page = paginate(request, selectors.pairs_to_close(request.user, programme))
    return render(
        request,
        "certificates/closing.html",
        {
            "programme": programme,
            "page": page,
            "pairs": list(page),
            "outcomes": [(status, PairStatus(status).label) for status in CLOSED_PAIR_STATUSES],
            "open_count": selectors.open_pairs(programme).count(),
            "closed": programme.status == ProgrammeStatus.CLOSED,
            "certificates": list(selectors.certificates_of_programme(programme)),
            "missing_count": selectors.missing_certificates(programme).count(),
            "can_manage": True,
        },
    )


@login_required
@require_POST
def close_pairs(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = _programme(request, slug)
    form = ClosePairsForm(request.POST, pairs=selectors.open_pairs(programme))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect("programmes:closing", slug=programme.slug)
    chosen = list(form.cleaned_data["pair"])
    run_with_messages(
        request,
        lambda: programmes.close_pairs(
            programme=programme,
            pairs=chosen,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
        ),
        success=ngettext("%(count)d pair closed out.", "%(count)d pairs closed out.", len(chosen))
        % {"count": len(chosen)},
    )
    return redirect("programmes:closing", slug=programme.slug)


@login_required
@require_POST
def close_programme(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = _programme(request, slug)
    run_with_messages(
        request,
        lambda: services.close_programme(programme=programme),
        success=_(
            "The programme is closed and archived; the exit survey went out to its participants."
        ),
    )
    return redirect("programmes:closing", slug=programme.slug)


@writes_after_closing
@login_required
@require_POST
def issue_certificates(request: HttpRequest, slug: str) -> HttpResponseBase:
    programme = _programme(request, slug)
    try:
        issued = services.issue_certificates(
            programme=programme,
            issued_by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)d certificate issued.", "%(count)d certificates issued.", len(issued))
            % {"count": len(issued)},
        )
    return redirect("programmes:closing", slug=programme.slug)


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.get_verified_certificate(code=code)
    return render(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "programme": certificate.participation.programme},
    )


@login_required
@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.get_own_certificate(user=request.user, code=code)
    filename, content_type, content = pdf.render_pdf(certificate)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
