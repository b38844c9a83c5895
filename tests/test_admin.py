"""Every model of ours has a working admin: list, search, add form and change form."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from clusterbridge.directory.models import Person
from tests.conftest import World

OUR_MODELS = [
    model for model in admin.site._registry if model.__module__.startswith("clusterbridge.")
]


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model.__name__)
def test_site_admin_can_list_search_and_add(world: World, model) -> None:  # type: ignore[no-untyped-def]
    client = world.client_for("ada")
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "a"}).status_code == 200
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    first = model.objects.first()
    if first is not None:
        change = reverse("admin:{}_{}_change".format(*info), args=[first.pk])
        assert client.get(change).status_code == 200


def test_admin_refuses_an_unknown_time_zone_without_crashing(world: World) -> None:
    person = world.people["amina"]
    url = reverse("admin:directory_person_change", args=[person.pk])
    response = world.client_for("ada").post(
        url,
        {
            "full_name": person.full_name,
            "email": person.email,
            "country": person.country_id,
            "time_zone": "Casablanca",
            "languages-TOTAL_FORMS": "0",
            "languages-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "is not a known time zone" in response.content.decode()
    assert Person.objects.get(pk=person.pk).time_zone == "Africa/Casablanca"


def test_programme_manager_without_staff_rights_is_sent_to_the_admin_login(world: World) -> None:
    response = world.client_for("mona").get("/admin/programmes/programme/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_is_branded_and_translated(world: World) -> None:
    client = world.client_for("ada")
    english = client.get("/admin/").content.decode()
    client.post("/language/", {"language": "fr"})
    french = client.get("/admin/").content.decode()

    assert "clusterbridge administration" in english
    assert "Django administration" not in english
    assert "Administration de clusterbridge" in french
