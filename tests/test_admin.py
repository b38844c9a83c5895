"""Every model of ours has a working admin: list, search, add form and change form; and the
admin writes through the same services as the pages."""

from __future__ import annotations

import copy

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from clusterbridge.directory import services as directory_services
from clusterbridge.directory.models import Person
from clusterbridge.meetings.models import Meeting, MeetingChange
from tests.conftest import World


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


OUR_MODELS = [
    model for model in admin.site._registry if model.__module__.startswith("clusterbridge.")
]


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda model: model.__name__)
def test_site_admin_can_list_search_and_add(world: World, model) -> None:
    client = world.client_for("ada")
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "a"}).status_code == 200
    # An admin that leaves adding to a service's page (meetings) refuses the add form.
    request = RequestFactory().get("/admin/")
    request.user = world.users["ada"]
    adds = admin.site._registry[model].has_add_permission(request)
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == (
        200 if adds else 403
    )
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


# --- the admin goes through the services ------------------------------------------------------


def _meeting_post(world: World, **changes: object) -> dict[str, object]:
    meeting = world.meeting
    data: dict[str, object] = {
        "programme": meeting.programme_id,
        "kind": meeting.kind,
        "title": "Renamed in the admin",
        "description": "",
        "starts_at_0": "2030-03-09",
        "starts_at_1": "15:00:00",
        "duration_minutes": 90,
        "online_url": "",
        "venue": "",
        "pair": "",
        "status": "cancelled",
        "sequence": meeting.sequence,
        "invitations-TOTAL_FORMS": "1",
        "invitations-INITIAL_FORMS": "0",
        "invitations-0-person": world.people["karim"].pk,
        "invitations-0-attendance": "invited",
    }
    data.update(changes)
    return data


def test_admin_cannot_move_cancel_or_reinvite_a_scheduled_meeting_behind_its_history(
    world: World,
) -> None:
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])

    response = world.client_for("ada").post(url, _meeting_post(world))

    assert response.status_code == 302
    fresh = Meeting.objects.get(pk=meeting.pk)
    assert fresh.title == "Renamed in the admin"
    assert (fresh.starts_at, fresh.duration_minutes, fresh.status, fresh.sequence) == (
        meeting.starts_at,
        meeting.duration_minutes,
        "scheduled",
        meeting.sequence,
    )
    assert set(fresh.invitations.values_list("person__full_name", flat=True)) == {"Marc", "Amina"}
    assert MeetingChange.objects.filter(meeting=meeting).count() == 0


def test_admin_meeting_page_points_to_the_meeting_page_for_time_status_and_invitees(
    world: World,
) -> None:
    url = reverse("admin:meetings_meeting_change", args=[world.meeting.pk])

    text = world.client_for("ada").get(url).content.decode()

    assert f'href="/programmes/reloaded/meetings/{world.meeting.pk}/"' in text


def _person_post(person: Person, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "full_name": person.full_name,
        "email": person.email,
        "country": person.country_id,
        "time_zone": person.time_zone,
        "visibility": person.visibility,
        "directory_consent_at_0": "",
        "directory_consent_at_1": "",
        "languages-TOTAL_FORMS": "0",
        "languages-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_cannot_make_a_profile_public_without_its_consent(world: World) -> None:
    person = world.people["amina"]
    url = reverse("admin:directory_person_change", args=[person.pk])

    response = world.client_for("ada").post(url, _person_post(person, visibility="public"))

    assert response.status_code == 302
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.visibility == "public"
    assert fresh.directory_consent_at is not None
    assert fresh.consents.filter(purpose="directory", withdrawn_at__isnull=True).count() == 1


def test_admin_cannot_clear_the_consent_of_a_listed_profile(world: World) -> None:
    person = directory_services.update_person(person=world.people["amina"], visibility="public")
    url = reverse("admin:directory_person_change", args=[person.pk])

    response = world.client_for("ada").post(url, _person_post(person, bio="Edited"))

    assert response.status_code == 302
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.bio, fresh.visibility) == ("Edited", "public")
    assert fresh.directory_consent_at == person.directory_consent_at


def test_admin_choosing_programme_only_withdraws_the_consent(world: World) -> None:
    person = directory_services.update_person(person=world.people["amina"], visibility="public")
    url = reverse("admin:directory_person_change", args=[person.pk])

    response = world.client_for("ada").post(url, _person_post(person, visibility="programme"))

    assert response.status_code == 302
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.visibility, fresh.directory_consent_at) == ("programme", None)
    assert fresh.consents.filter(purpose="directory", withdrawn_at__isnull=True).count() == 0


def test_admin_cannot_enrol_a_mentor_as_mentee_of_the_same_programme(world: World) -> None:
    marc = world.people["marc"]

    response = world.client_for("ada").post(
        reverse("admin:programmes_participation_add"),
        {
            "programme": world.reloaded.pk,
            "person": marc.pk,
            "role": "mentee",
            "status": "accepted",
            "motivation": "",
            "needs_or_offer": "",
        },
    )

    assert response.status_code == 200
    assert "nobody can be mentee and mentor" in response.content.decode()
    assert list(marc.participations.values_list("role", flat=True)) == ["mentor"]
