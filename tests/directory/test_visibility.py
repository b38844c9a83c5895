"""A profile is shown only to the viewers its visibility allows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from clusterbridge.directory import services
from clusterbridge.directory.models import Person
from tests.conftest import World
from tests.factories import PersonFactory


def _stranger(visibility: str) -> Person:
    return PersonFactory(
        full_name=f"Stranger {visibility}",
        visibility=visibility,
        directory_consent_at=timezone.now() if visibility != "programme" else None,
    )


@pytest.mark.parametrize(
    ("visibility", "role", "status"),
    [
        ("public", "anonymous", 200),
        ("community", "anonymous", 302),
        ("community", "carla", 200),
        ("programme", "carla", 404),
        ("programme", "mona", 404),
    ],
)
def test_profile_of_someone_outside_the_programmes(world: World, visibility, role, status) -> None:
    person = _stranger(visibility)
    assert world.client_for(role).get(f"/people/{person.pk}/").status_code == status


def test_a_programme_only_profile_is_seen_by_co_participants(world: World) -> None:
    karim = world.people["karim"]
    services.update_person(person=karim, visibility="programme")
    assert world.client_for("amina").get(f"/people/{karim.pk}/").status_code == 200
    assert world.client_for("carla").get(f"/people/{karim.pk}/").status_code == 404


def test_the_public_directory_lists_public_profiles_only(world: World) -> None:
    for visibility in ("public", "community", "programme"):
        _stranger(visibility)
    anonymous = world.client_for("anonymous").get("/directory/")
    member = world.client_for("carla").get("/directory/")
    assert [p.full_name for p in anonymous.context["page"]] == ["Stranger public"]
    assert "Stranger community" in [p.full_name for p in member.context["page"]]
    assert "Stranger programme" not in [p.full_name for p in member.context["page"]]


def test_visitors_do_not_see_contact_details_of_a_public_profile(world: World) -> None:
    person = _stranger("public")
    html = world.client_for("anonymous").get(f"/people/{person.pk}/").content.decode()
    assert person.full_name in html
    assert person.email not in html


def test_choosing_a_visibility_on_my_profile_sets_the_directory_consent(world: World) -> None:
    client = world.client_for("carla")
    client.post(
        "/profile/",
        {
            "full_name": "Carla",
            "time_zone": "Europe/Paris",
            "visibility": "public",
            "alternate_name": "كارلا",
        },
    )
    carla = Person.objects.get(pk=world.people["carla"].pk)
    assert (carla.visibility, carla.alternate_name) == ("public", "كارلا")
    assert carla.directory_consent_at is not None
    client.post(
        "/profile/",
        {"full_name": "Carla", "time_zone": "Europe/Paris", "visibility": "programme"},
    )
    carla.refresh_from_db()
    assert carla.directory_consent_at is None


def test_withdrawing_the_directory_consent_makes_a_profile_programme_only(db: None) -> None:
    person = PersonFactory(visibility="public", directory_consent_at=timezone.now())
    services.update_person(person=person, directory_consent=False)
    assert person.visibility == "programme"


def test_a_bio_with_html_and_script_is_shown_as_harmless_text(world: World) -> None:
    person = _stranger("public")
    services.update_person(
        person=person,
        bio='<script>alert("x")</script><img src=x onerror=alert(1)> I run a *cluster*.',
    )
    html = world.client_for("anonymous").get(f"/people/{person.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "<em>cluster</em>" in html
    person.refresh_from_db()
    assert person.bio.startswith("<script>")  # stored as typed: nothing is lost


def test_organisations_not_listed_publicly_ask_visitors_to_sign_in(world: World) -> None:
    organisation = world.organisation_of("amina")
    response = world.client_for("anonymous").get(f"/organisations/{organisation.pk}/")
    listing = world.client_for("anonymous").get("/organisations/")
    assert response.status_code == 302
    assert organisation not in list(listing.context["page"])


def test_country_page_shows_the_clustering_framework_and_its_clusters(world: World) -> None:
    response = world.client_for("carla").get("/countries/MA/")
    assert response.context["country"].clustering_framework in response.content.decode()
    assert world.people["amina"].organisation in list(response.context["organisations"])


def test_organisation_filters_do_not_reveal_a_hidden_member(world: World) -> None:
    hidden = _stranger("programme")
    hidden.languages.create(language="it", level="C1")
    url = "/organisations/"
    found = world.client_for("carla").get(url, {"language": "it"}).content.decode()
    seen_by_admin = world.client_for("ada").get(url, {"language": "it"}).content.decode()
    assert hidden.organisation is not None
    assert hidden.organisation.name not in found
    assert hidden.organisation.name in seen_by_admin


def test_a_profile_kept_after_a_members_visit_stays_hidden_from_visitors(world: World) -> None:
    person = _stranger("community")
    assert world.client_for("carla").get(f"/people/{person.pk}/").status_code == 200
    assert world.client_for("anonymous").get(f"/people/{person.pk}/").status_code == 302


def test_a_profile_kept_after_a_visit_shows_a_change_at_once(world: World) -> None:
    person = _stranger("public")
    url = f"/people/{person.pk}/"
    assert "Export strategist" not in world.client_for("carla").get(url).content.decode()

    services.update_person(person=person, position="Export strategist")

    assert "Export strategist" in world.client_for("carla").get(url).content.decode()


def test_a_profile_made_programme_only_disappears_at_once_for_the_community(world: World) -> None:
    karim = world.people["karim"]
    services.update_person(person=karim, visibility="community")
    assert world.client_for("carla").get(f"/people/{karim.pk}/").status_code == 200

    services.update_person(person=karim, visibility="programme")

    assert world.client_for("carla").get(f"/people/{karim.pk}/").status_code == 404
