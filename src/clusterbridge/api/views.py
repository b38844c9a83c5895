"""A signed-in user's own API tokens: list, create (the key is shown once), revoke.

Another user's token is not found (404). The new key travels from the POST to the page after
the redirect in the session and is removed as it is shown, so a reload, the back button or a
shared URL never shows it again; it is never logged, audited or put in a URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clusterbridge.api import selectors, services
from clusterbridge.api.forms import TokenForm
from clusterbridge.common.forms import run_service
from clusterbridge.common.pagination import paginate

NEW_TOKEN_SESSION_KEY = "new_api_token"


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponseBase:
    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        created = run_service(
            form,
            lambda: services.create_api_token(
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
            ),
        )
        if created is not None:
            token, key = created
            # Redirect rather than render: reloading the page must not issue a second token.
            request.session[NEW_TOKEN_SESSION_KEY] = {"name": token.name, "key": key}
            return redirect("tokens:list")
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "page": paginate(request, selectors.tokens_of(request.user)),  # type: ignore[arg-type]
            "new_token": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
            "api_url": request.build_absolute_uri(reverse("api:api-root")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponseBase:
    token = get_object_or_404(selectors.tokens_of(request.user), pk=pk)  # type: ignore[arg-type]
    if request.method == "POST":
        services.revoke_api_token(token=token)
        messages.success(
            request,
            _("Token “%(name)s” revoked: calls with its key now answer 401.")
            % {"name": token.name},
        )
        return redirect("tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})


def not_found(request: HttpRequest) -> JsonResponse:
    """A path under /api/ that no route matches: the API's error body, not an HTML page."""
    detail = _("No such API path: the operations are listed in %(schema)s.") % {
        "schema": reverse("api:openapi-json")
    }
    return JsonResponse({"detail": detail}, status=404)
