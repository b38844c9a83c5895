from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError

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
