"""Applying through /programmes/<slug>/apply/: the form's contract, and every refusal."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from clusterbridge.applications.models import Application, Call
from clusterbridge.competences.models import PersonCompetence
from clusterbridge.directory.models import Person
from clusterbridge.programmes.models import Participation
from tests.applications.conftest import APPLY, form_data, open_call
from tests.conftest import World
from tests.smtp import Inbox

CONTRACT_FIELDS = (
    "name",
    "email",
    "country",
    "organisation",
    "position",
    "role",
    "languages",
    "time_zone",
    "motivation",
    "consent_privacy",
)


def _counts() -> tuple[int, int, int]:
    return Person.objects.count(), Participation.objects.count(), Application.objects.count()


def test_the_form_offers_the_contract_fields_to_a_visitor(call: Call) -> None:
    response = Client().get(APPLY)
    page = response.content.decode()
    assert response.status_code == 200
    for field in CONTRACT_FIELDS:
        assert f'name="{field}"' in page
    assert 'value="mentee"' in page
    assert 'value="mentor"' in page
    assert 'name="area_strategy"' in page


def test_a_programme_without_a_call_has_no_form(world: World) -> None:
    assert Client().get(APPLY).status_code == 404


def test_a_valid_application_creates_the_person_and_an_applied_participation(
    call: Call, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(APPLY, form_data())
    assert response.status_code == 302
    assert response["Location"] == "/programmes/reloaded/apply/sent/"
    person = Person.objects.get(email="salma@example.org")
    participation = Participation.objects.get(person=person, programme=call.programme)
    assert (participation.role, participation.status) == ("mentee", "applied")
    assert participation.motivation == "To grow our members' exports."
    assert (person.country.code, person.time_zone) == ("JO", "Asia/Amman")
    assert dict(person.languages.values_list("language", "level")) == {
        "ar": "native",
        "en": "C1",
        "fr": "B1",
    }
    needs = PersonCompetence.objects.filter(person=person, kind="need")
    assert dict(needs.values_list("area__code", "level")) == {
        "strategy": 5,
        "internationalisation": 4,
    }
    assert participation.application.profile_pending is False
    [confirmation] = smtp.to("salma@example.org")
    assert confirmation["Subject"] == "Your application to Reloaded"


def test_the_confirmation_is_written_in_the_language_of_the_form(
    call: Call, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    client.cookies["clusterbridge_language"] = "fr"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(APPLY, form_data())
    [confirmation] = smtp.to("salma@example.org")
    assert confirmation["Subject"] == "Votre candidature à Reloaded"


def test_a_country_outside_the_role_s_eligibility_is_refused_with_the_reason(
    call: Call,
) -> None:
    before = _counts()
    response = Client().post(APPLY, form_data(country="FR"))
    assert response.status_code == 200
    assert response.context["form"].errors["country"] == [
        "This call takes mentee applicants from Egypt, Jordan, Morocco, Palestine, Tunisia "
        "only, not from France."
    ]
    assert _counts() == before


def test_a_role_the_call_does_not_seek_is_refused(world: World) -> None:
    open_call(world, seeks_mentors=False)
    before = _counts()
    response = Client().post(APPLY, form_data(role="mentor", country="FR"))
    assert "role" in response.context["form"].errors
    assert _counts() == before


def test_a_late_application_is_refused_and_stores_nothing(world: World) -> None:
    open_call(world, deadline=timezone.now() - timedelta(minutes=1))
    before = _counts()
    response = Client().post(APPLY, form_data())
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("The call for applications closed on ")
    assert _counts() == before


def test_a_closed_call_shows_why_instead_of_the_form(world: World) -> None:
    open_call(world, deadline=timezone.now() - timedelta(days=1))
    page = Client().get(APPLY).content.decode()
    assert "The call for applications closed on" in page
    assert 'name="motivation"' not in page


def test_an_application_to_a_closed_programme_is_refused(call: Call) -> None:
    call.programme.status = "closed"
    call.programme.save()
    before = _counts()
    response = Client().post(APPLY, form_data())
    assert response.context["form"].non_field_errors() == [
        "This programme is closed: it takes no more applications."
    ]
    assert _counts() == before


def test_a_second_application_with_the_same_address_is_refused(call: Call) -> None:
    Client().post(APPLY, form_data())
    before = _counts()
    response = Client().post(
        APPLY, form_data(role="mentor", country="PS", email="SALMA@example.org")
    )
    assert response.context["form"].errors["email"] == [
        "An application or a participation with this e-mail address already exists in this "
        "programme."
    ]
    assert _counts() == before


def test_a_participant_of_the_programme_cannot_apply_again(world: World, call: Call) -> None:
    before = _counts()
    response = Client().post(APPLY, form_data(email="amina@example.org"))
    assert "email" in response.context["form"].errors
    assert _counts() == before


def test_the_privacy_consent_and_a_readable_language_list_are_required(call: Call) -> None:
    data = form_data(languages="arabic:fluent")
    del data["consent_privacy"]
    response = Client().post(APPLY, data)
    errors = response.context["form"].errors
    assert errors["consent_privacy"] == ["This field is required."]
    assert errors["languages"] == ["“arabic” is not a language code such as ar"]
    assert not Application.objects.exists()


def test_a_filled_honeypot_looks_accepted_but_stores_and_sends_nothing(
    call: Call, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(APPLY, form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert _counts() == before
    assert smtp.messages == []


def test_one_address_is_limited_to_five_attempts_an_hour(call: Call) -> None:
    client = Client()
    for _attempt in range(5):
        client.post(APPLY, form_data(consent_privacy=""))
    response = client.post(APPLY, form_data())
    assert response.status_code == 429
    assert not Application.objects.exists()


def test_one_ip_address_is_limited_to_twenty_attempts_an_hour(call: Call) -> None:
    client = Client()
    for attempt in range(20):
        client.post(APPLY, form_data(email=f"robot{attempt}@example.org", consent_privacy=""))
    response = client.post(APPLY, form_data())
    assert response.status_code == 429
    assert not Application.objects.exists()


def test_typing_someone_else_s_address_does_not_change_their_profile(
    world: World, call: Call
) -> None:
    carla = world.people["carla"]
    response = Client().post(
        APPLY,
        form_data(email="carla@example.org", name="Impostor", country="MA", languages="es:C2"),
    )
    assert response.status_code == 302
    carla.refresh_from_db()
    assert (carla.full_name, carla.country.code) == ("Carla", "FR")
    assert not carla.languages.exists()
    application = Application.objects.get(participation__person=carla)
    assert application.profile_pending is True
    assert application.answers["name"] == "Impostor"


def test_the_waiting_answers_are_applied_once_the_address_is_verified(
    world: World, call: Call
) -> None:
    Client().post(APPLY, form_data(email="carla@example.org", name="Carla Rossi", country="MA"))
    address = EmailAddress.objects.get(email="carla@example.org")
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    carla = Person.objects.get(pk=world.people["carla"].pk)
    assert (carla.full_name, carla.country.code, carla.time_zone) == (
        "Carla Rossi",
        "MA",
        "Asia/Amman",
    )
    assert Application.objects.get(participation__person=carla).profile_pending is False


def test_a_signed_in_member_finds_the_form_filled_and_updates_her_own_profile(
    world: World, call: Call
) -> None:
    client = world.client_for("carla")
    page = client.get(APPLY).content.decode()
    assert 'value="carla@example.org"' in page
    client.post(APPLY, form_data(email="carla@example.org", name="Carla Rossi", country="PS"))
    carla = Person.objects.get(pk=world.people["carla"].pk)
    assert (carla.full_name, carla.country.code) == ("Carla Rossi", "PS")


@pytest.mark.parametrize("role", ["anonymous", "carla", "marc", "olga"])
def test_the_programme_page_shows_an_open_call_with_a_link_to_apply(
    world: World, call: Call, role: str
) -> None:
    page = world.client_for("amina").get("/programmes/reloaded/").content.decode()
    assert 'href="/programmes/reloaded/apply/"' in page
    assert world.client_for(role).get(APPLY).status_code == 200


def test_applying_opens_neither_the_programme_nor_its_people_to_the_applicant(
    world: World, call: Call
) -> None:
    client = world.client_for("carla")
    client.post(APPLY, form_data(email="carla@example.org", country="PS"))
    assert Participation.objects.get(person=world.people["carla"]).status == "applied"
    assert client.get("/programmes/reloaded/").status_code == 404
    assert client.get("/programmes/reloaded/participants/").status_code == 404
    assert client.get(f"/people/{world.people['amina'].pk}/").status_code == 404


def test_the_applicant_is_in_the_programme_s_export_as_applied(call: Call, capsysbinary) -> None:
    Client().post(APPLY, form_data())
    call_command("export_programme", "reloaded")
    exported = json.loads(capsysbinary.readouterr().out)
    [salma] = [row for row in exported["participants"] if row["email"] == "salma@example.org"]
    assert (salma["role"], salma["status"]) == ("mentee", "applied")


def test_a_mentor_s_levels_are_recorded_as_expertise(call: Call) -> None:
    Client().post(
        APPLY,
        form_data(role="mentor", country="FR", email="luc@example.org", time_zone="Europe/Paris"),
    )
    person = Person.objects.get(email="luc@example.org")
    assert set(PersonCompetence.objects.filter(person=person).values_list("kind", flat=True)) == {
        "expertise"
    }
    assert Participation.objects.get(person=person).role == "mentor"
