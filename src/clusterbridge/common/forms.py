from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

T = TypeVar("T")


def run_service(form: forms.BaseForm, service: Callable[[], T]) -> T | None:
    """Call a write service and turn its ValidationError into form errors instead of a 500."""
    try:
        return service()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def run_with_messages(request: HttpRequest, service: Callable[[], T], *, success: str) -> T | None:
    """For one-button actions without a form: the service's errors become error messages."""
    try:
        result = service()
    except ValidationError as error:
        messages.error(request, " ".join(str(message) for message in error.messages))
        return None
    messages.success(request, success)
    return result


# Django 6 takes typed links without a scheme as https; 5.2 warns unless each URL form field says
# so. Model URL fields reach forms only through the admin, whose ModelAdmins merge this in.
HTTPS_URL_FORM_FIELDS: dict[type[models.Field], dict[str, str]] = {
    models.URLField: {"assume_scheme": "https"}
}
