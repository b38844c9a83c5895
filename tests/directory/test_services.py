from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from clusterbridge.directory import services
from clusterbridge.directory.models import Person
from tests.factories import PersonFactory, country

pytestmark = pytest.mark.django_db


def test_person_gets_the_country_time_zone_when_none_is_given() -> None:
    person = services.create_person(
        full_name="Lina", email="lina@example.org", country=country("JO")
    )
    assert person.time_zone == "Asia/Amman"


def test_duplicate_email_is_refused_whatever_its_case() -> None:
    PersonFactory(email="salma@example.org")
    with pytest.raises(ValidationError) as error:
        services.create_person(full_name="Salma", email="Salma@Example.ORG", country=country("MA"))
    assert "already registered" in str(error.value.message_dict["email"])
    assert Person.objects.filter(email__iexact="salma@example.org").count() == 1


def test_unknown_time_zone_is_refused_and_named() -> None:
    with pytest.raises(ValidationError) as error:
        services.create_person(
            full_name="Omar", email="omar@example.org", country=country("EG"), time_zone="Cairo"
        )
    assert error.value.message_dict["time_zone"] == [
        "“Cairo” is not a known time zone, e.g. Africa/Cairo."
    ]
    assert not Person.objects.filter(email="omar@example.org").exists()


def test_update_keeps_the_original_consent_date_while_consent_stays() -> None:
    person = services.create_person(
        full_name="Nadia", email="nadia@example.org", country=country("MA"), directory_consent=True
    )
    first = person.directory_consent_at
    services.update_person(person=person, directory_consent=True, position="Director")
    person.refresh_from_db()
    assert person.directory_consent_at == first
    services.update_person(person=person, directory_consent=False)
    person.refresh_from_db()
    assert person.directory_consent_at is None


def test_update_refuses_an_email_someone_else_has() -> None:
    PersonFactory(email="taken@example.org")
    person = PersonFactory(email="mine@example.org")
    with pytest.raises(ValidationError, match="already registered"):
        services.update_person(person=person, email="TAKEN@example.org")
    person.refresh_from_db()
    assert person.email == "mine@example.org"


def test_languages_with_an_unknown_level_are_refused() -> None:
    with pytest.raises(ValidationError, match="not a language level"):
        services.create_person(
            full_name="Karim",
            email="karim@example.org",
            country=country("TN"),
            languages={"fr": "fluent"},
        )


def test_languages_are_stored_with_their_level() -> None:
    person = services.create_person(
        full_name="Karim",
        email="karim@example.org",
        country=country("TN"),
        languages={"ar": "native", "FR": "C1"},
    )
    assert dict(person.languages.values_list("language", "level")) == {"ar": "native", "fr": "C1"}


def test_countries_are_seeded_with_their_weekends() -> None:
    assert country("EG").weekend_days == [4, 5]
    assert country("MA").weekend_days == [5, 6]
    assert country("PS").region == "south_med"
    assert country("ES").region == "eu"
    assert "22 industrial clusters" in country("EG").clustering_framework


def test_a_login_can_take_a_password_hashed_beforehand() -> None:
    person = PersonFactory()

    user = services.create_login(
        person=person, password=None, hashed_password=make_password("shared secret")
    )

    user.refresh_from_db()
    assert user.check_password("shared secret")
    assert person.user == user
