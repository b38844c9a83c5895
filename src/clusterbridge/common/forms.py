from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import OperationalError, models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.text import one_line

T = TypeVar("T")

busy_log = logging.getLogger("clusterbridge.database")
DATABASE_BUSY = _(
    "The database is busy: nothing was saved, and what you typed is still here. "
    "Try again in a moment."
)


def is_one_line(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.Textarea | forms.PasswordInput
    )


class OneLineFieldsMixin:
    """Every single-line text field of the form is cleaned with `one_line` before it is used.

    Every form of the project derives from Form or ModelForm below (a test checks it), so no
    name, title or venue keeps a line break, a bidi override or a zero-width character.
    """

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if isinstance(value, str) and is_one_line(field):
                self.cleaned_data[name] = one_line(value)
        return cleaned


class Form(OneLineFieldsMixin, forms.Form):
    pass


class ModelForm(OneLineFieldsMixin, forms.ModelForm):
    pass


def run_service(form: forms.BaseForm, service: Callable[[], T]) -> T | None:
    """Call a write service and turn its ValidationError into form errors instead of a 500.

    A database that cannot take the write (another writer holds the lock past the timeout)
    is a form error too, so the page comes back with the input kept; `form_status` gives 503.
    """
    try:
        return service()
    except OperationalError:
        busy_log.warning("a form save found the database locked", exc_info=True)
        form.add_error(None, DATABASE_BUSY)
        form.database_busy = True  # type: ignore[attr-defined]
        return None
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def form_status(form: forms.BaseForm) -> int:
    """503 for a form shown again because the database was busy, so monitors count it."""
    return 503 if getattr(form, "database_busy", False) else 200


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
HTTPS_URL_FORM_FIELDS: dict[type[models.Field[Any, Any]], dict[str, str]] = {
    models.URLField: {"assume_scheme": "https"}
}
