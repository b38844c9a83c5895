"""A closed programme is archived: its pages refuse every change, whichever app serves them.

The services refuse too (``services.ensure_writable``); this is the one place where the pages
of every app under ``/programmes/<slug>/`` learn it, so each view need not. Views that must
still write after the close (issuing certificates, answering the exit survey) say so with
``writes_after_closing``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusterbridge.programmes.models import ProgrammeStatus
from clusterbridge.programmes.selectors import visible_programmes

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
PROGRAMME_PAGES = "/programmes/"
ALLOWED_ATTRIBUTE = "writes_after_closing"

View = TypeVar("View", bound=Callable[..., Any])


def writes_after_closing(view: View) -> View:
    """Mark a view that may still write once its programme is closed."""
    setattr(view, ALLOWED_ATTRIBUTE, True)
    return view


class ArchivedProgrammeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        slug = view_kwargs.get("slug")
        if (
            request.method in SAFE_METHODS
            or not slug
            or not request.path_info.startswith(PROGRAMME_PAGES)
            or getattr(view_func, ALLOWED_ATTRIBUTE, False)
        ):
            return None
        # Only a programme the viewer may see: anyone else gets the view's own 404, so the
        # refusal does not reveal that a slug exists.
        closed = (
            visible_programmes(request.user)
            .filter(slug=slug, status=ProgrammeStatus.CLOSED)
            .first()
        )
        if closed is None:
            return None
        return render(request, "programmes/archived.html", {"programme": closed}, status=403)
