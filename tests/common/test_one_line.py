"""Single-line texts lose line breaks, bidi overrides and zero-width characters, everywhere."""

from __future__ import annotations

import contextlib
import importlib

import pytest
from django import forms
from django.apps import apps

from clusterbridge.api.models import ApiToken
from clusterbridge.common.forms import OneLineFieldsMixin
from clusterbridge.common.text import one_line
from clusterbridge.directory import services
from tests.conftest import World
from tests.factories import country

HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff\u2060"


def test_one_line_removes_hidden_characters_and_joins_lines() -> None:
    assert one_line(f" Amina{HIDDEN} Ben\r\nAli\u2028Co ") == "Amina Ben Ali Co"


def _every_form_class() -> list[type[forms.BaseForm]]:
    for config in apps.get_app_configs():
        if config.name.startswith("clusterbridge."):
            for module in ("forms", "views", "import_views"):
                with contextlib.suppress(ModuleNotFoundError):
                    importlib.import_module(f"{config.name}.{module}")
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if (
            cls.__module__.startswith("clusterbridge.")
            and cls.__module__ != "clusterbridge.common.forms"
        ):
            found.append(cls)
    return found


def test_every_form_of_the_project_cleans_its_one_line_fields() -> None:
    forms_found = _every_form_class()
    assert len(forms_found) > 20
    assert [
        cls.__qualname__ for cls in forms_found if not issubclass(cls, OneLineFieldsMixin)
    ] == []


def test_a_page_form_saves_a_name_without_line_breaks_or_bidi_overrides(world: World) -> None:
    client = world.client_for("marc")

    client.post("/profile/tokens/", {"name": "lap\u202etop\u200b\nat home"})

    assert list(ApiToken.objects.values_list("name", flat=True)) == ["laptop at home"]


def test_the_api_saves_a_token_name_without_bidi_overrides(world: World) -> None:
    response = world.client_for("marc").post(
        "/api/v1/tokens", {"name": "lap\u202etop\ufeff"}, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["name"] == "laptop"


@pytest.mark.django_db
def test_imports_and_other_service_callers_get_one_line_names() -> None:
    person = services.create_person(
        full_name="Amina\u202e Ben\nAli\u200d",
        email="amina.import@example.org",
        country=country("TN"),
        position="Cluster\r\nmanager",
    )
    services.update_person(person=person, full_name="Amina\u2066 Ben Ali\u2069")

    person.refresh_from_db()
    assert (person.full_name, person.position) == ("Amina Ben Ali", "Cluster manager")
