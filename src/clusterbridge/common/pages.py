"""The two page shapes many apps share: one form that saves through a service, and the
confirmation before a delete. Views pass what differs; the flow and the markup stay alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render

from clusterbridge.common.forms import form_status, run_service


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[], object],
    success: str,
    success_url: str | Callable[[Any], str],
    heading: str | None = None,
    cancel_url: str | None = None,
    template: str = "common/form.html",
    **context: Any,
) -> HttpResponseBase:
    """On a valid POST, `save` (a write service, which reads `form.cleaned_data`); once it has
    saved, the `success` message and a redirect to `success_url` (or to what it returns for
    the saved object, e.g. the new object's page). Otherwise the form again, with its errors
    and those of the service, in `template` (common/form.html, which needs `heading` and
    `cancel_url`, or an app's own template with its `context`)."""
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, save)
        if saved is not None:
            messages.success(request, success)
            return redirect(success_url if isinstance(success_url, str) else success_url(saved))
    given = {"heading": heading, "cancel_url": cancel_url}
    page = {name: value for name, value in given.items() if value is not None}
    return render(request, template, {"form": form, **page, **context}, status=form_status(form))


def confirm_delete_page(
    request: HttpRequest,
    *,
    delete: Callable[[], object],
    success: str,
    success_url: str,
    heading: str,
    consequence: str,
    cancel_url: str,
    **context: Any,
) -> HttpResponseBase:
    """On POST, `delete`, the `success` message and a redirect to `success_url`; otherwise the
    page that asks first, saying the `consequence`."""
    if request.method == "POST":
        delete()
        messages.success(request, success)
        return redirect(success_url)
    return render(
        request,
        "common/confirm_delete.html",
        {"heading": heading, "consequence": consequence, "cancel_url": cancel_url, **context},
    )
