"""Operators and their staff: a site admin appoints staff; staff create their operator's
programmes and manage them; nobody reaches another operator's programmes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from clusterbridge.directory.models import Organisation
from clusterbridge.directory.services import erase_person
from clusterbridge.programmes import services
from clusterbridge.programmes.models import OperatorStaff, Programme
from tests.conftest import World
from tests.factories import OrganisationFactory, PersonFactory

NEW = "/programmes/new/"


def _staff(world: World, name: str, operator: Organisation) -> OperatorStaff:
    return services.add_staff_member(operator=operator, person=world.people[name])


def _programme_form(operator: Organisation, **changes: Any) -> dict[str, Any]:
    return {
        "name": "Reloaded 2027",
        "slug": "reloaded-2027",
        "kind": "mentoring",
        "operator": operator.pk,
        "starts_on": "2027-02-01",
        "ends_on": "2027-11-30",
        "modality": "online",
        **changes,
    }


def test_site_admin_makes_someone_an_operators_staff_member(world: World) -> None:
    accio = OrganisationFactory(name="ACCIÓ")

    response = world.client_for("ada").post(
        "/operators/", {"operator": accio.pk, "person": world.people["carla"].pk}
    )

    assert response.status_code == 302
    assert list(accio.staff.values_list("person__full_name", flat=True)) == ["Carla"]


@pytest.mark.parametrize("role", ["mona", "olga", "marc", "carla"])
def test_nobody_but_a_site_admin_appoints_staff(world: World, role: str) -> None:
    accio = OrganisationFactory()

    response = world.client_for(role).post(
        "/operators/", {"operator": accio.pk, "person": world.people[role].pk}
    )

    assert response.status_code == 404
    assert not OperatorStaff.objects.exists()


def test_a_person_without_a_login_cannot_be_staff(world: World) -> None:
    with pytest.raises(ValidationError, match="Only a person who can sign in"):
        services.add_staff_member(operator=OrganisationFactory(), person=PersonFactory())


def test_staff_create_a_programme_for_their_operator_and_manage_it(world: World) -> None:
    accio = OrganisationFactory(name="ACCIÓ")
    _staff(world, "carla", accio)
    client = world.client_for("carla")

    form = client.get(NEW).context["form"]
    response = client.post(NEW, _programme_form(accio))

    assert list(form.fields["operator"].queryset) == [accio]
    assert response.status_code == 302
    created = Programme.objects.get(slug="reloaded-2027")
    assert (created.operator, created.status) == (accio, "draft")
    assert list(created.participations.values_list("person__full_name", "role", "status")) == [
        ("Carla", "manager", "accepted")
    ]
    assert client.get("/programmes/reloaded-2027/edit/").status_code == 200


def test_staff_cannot_create_a_programme_for_another_operator(world: World) -> None:
    accio, anima = OrganisationFactory(), OrganisationFactory()
    _staff(world, "carla", accio)

    response = world.client_for("carla").post(NEW, _programme_form(anima))

    assert response.status_code == 200
    assert response.context["form"].errors["operator"]
    assert not Programme.objects.filter(slug="reloaded-2027").exists()


def test_the_service_refuses_a_programme_for_an_operator_one_does_not_work_for(
    world: World,
) -> None:
    accio = OrganisationFactory()

    with pytest.raises(ValidationError, match="only for your operator"):
        services.create_programme(
            name="Elsewhere",
            slug="elsewhere",
            operator=accio,
            starts_on=world.reloaded.starts_on,
            ends_on=world.reloaded.ends_on,
            by=world.users["mona"],
        )
    assert not Programme.objects.filter(slug="elsewhere").exists()


@pytest.mark.parametrize("role", ["mona", "marc", "anonymous"])
def test_who_is_no_operators_staff_cannot_open_the_new_programme_page(
    world: World, role: str
) -> None:
    response = world.client_for(role).get(NEW)

    assert response.status_code == (302 if role == "anonymous" else 404)


def test_staff_of_another_operator_still_find_no_programme_of_this_one(world: World) -> None:
    _staff(world, "carla", OrganisationFactory())
    _staff(world, "olga", world.reloaded.operator)

    carla, olga = world.client_for("carla"), world.client_for("olga")

    assert carla.get("/programmes/reloaded/").status_code == 404
    # Working for an operator opens none of its existing programmes: only those one manages.
    assert olga.get("/programmes/reloaded/edit/").status_code == 404


def test_removing_a_staff_member_keeps_the_programmes_they_manage(world: World) -> None:
    accio = OrganisationFactory()
    staff = _staff(world, "carla", accio)
    world.client_for("carla").post(NEW, _programme_form(accio))

    response = world.client_for("ada").post(f"/operators/staff/{staff.pk}/remove/")

    assert response.status_code == 302
    assert not OperatorStaff.objects.exists()
    assert world.client_for("carla").get(NEW).status_code == 404
    assert world.client_for("carla").get("/programmes/reloaded-2027/edit/").status_code == 200


def test_the_admin_refuses_a_staff_member_who_cannot_sign_in(world: World) -> None:
    newcomer = PersonFactory()

    response = world.client_for("ada").post(
        "/admin/programmes/operatorstaff/add/",
        {"operator": world.reloaded.operator.pk, "person": newcomer.pk},
    )

    assert response.status_code == 200
    assert "Only a person who can sign in" in response.content.decode()
    assert not OperatorStaff.objects.exists()


def test_an_erased_person_works_for_no_operator_any_more(world: World) -> None:
    _staff(world, "carla", OrganisationFactory())

    erase_person(person=world.people["carla"])

    assert not OperatorStaff.objects.exists()
