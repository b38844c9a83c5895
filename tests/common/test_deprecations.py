"""Starting clusterbridge and building its admin forms warns of nothing Django 6 removes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.contrib import admin
from django.test import RequestFactory

from clusterbridge.directory.models import Organisation
from clusterbridge.meetings.models import Meeting


def test_the_command_starts_without_a_django_6_deprecation_warning() -> None:
    result = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-m", "clusterbridge", "check"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert "RemovedInDjango60Warning" not in result.stderr
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Organisation, Meeting])
def test_admin_link_fields_take_links_without_a_scheme_as_https(model, admin_user) -> None:
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = admin.site._registry[model].get_form(request)

    link_field = next(
        field for field in form_class.base_fields.values() if field.__class__.__name__ == "URLField"
    )

    assert link_field.clean("example.org") == "https://example.org"
