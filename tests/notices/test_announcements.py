"""Announcements: who receives them, in which language, by e-mail with one-click unsubscribe."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from clusterbridge.directory import services as directory
from clusterbridge.notices import services
from clusterbridge.notices.models import Announcement, AnnouncementRecipient, Delivery
from clusterbridge.programmes.models import ProgrammeStatus
from tests.conftest import World
from tests.smtp import Inbox, free_port


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


NOW = datetime(2030, 3, 2, 8, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _consent(world: World, *names: str) -> None:
    for name in names:
        directory.update_person(person=world.people[name], emails_consent=True)


def _announce(world: World, capture, **extra):
    fields = {
        "programme": world.reloaded,
        "author": world.people["mona"],
        "audience": "everyone",
        "language": "en",
        "subject": "Second joint meeting",
        "body": "We meet online on 26 May.",
        **extra,
    }
    with capture(execute=True):
        return services.send_announcement(**fields)


def _received(announcement: Announcement) -> set[str]:
    return set(
        AnnouncementRecipient.objects.filter(announcement=announcement).values_list(
            "person__full_name", flat=True
        )
    )


def test_everyone_mentors_mentees_and_picked_pairs_reach_the_right_people(
    world: World, frozen, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    everyone = _announce(world, capture)
    mentors = _announce(world, capture, audience="mentors")
    mentees = _announce(world, capture, audience="mentees")
    pair = _announce(world, capture, audience="pairs", pairs=[world.second_pair])

    assert _received(everyone) == {"Mona", "Marc", "Amina", "Paola", "Karim"}
    assert _received(mentors) == {"Marc", "Paola"}
    assert _received(mentees) == {"Amina", "Karim"}
    assert _received(pair) == {"Paola", "Karim"}


def test_e_mail_goes_only_to_consenting_people_with_unsubscribe_headers(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    _consent(world, "amina", "karim")

    _announce(world, django_capture_on_commit_callbacks, audience="mentees")

    assert sorted(m["To"] for m in smtp.messages) == ["amina@example.org", "karim@example.org"]
    message = smtp.to("amina@example.org")[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].strip().strip("<>")
    assert link.startswith("http")
    assert "/notifications/unsubscribe/" in link
    assert "We meet online on 26 May." in _text(message)


def test_each_reader_gets_the_version_in_their_language(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    _consent(world, "amina", "karim")
    world.users["karim"].language = "fr"
    world.users["karim"].save()
    world.users["amina"].language = "ar"
    world.users["amina"].save()

    _announce(
        world,
        django_capture_on_commit_callbacks,
        audience="mentees",
        versions={"fr": ("Deuxième réunion", "Nous nous retrouvons en ligne le 26 mai.")},
    )

    french = smtp.to("karim@example.org")[0]
    assert "Deuxième réunion" in french["Subject"]
    assert "Nous nous retrouvons" in _text(french)
    # No Arabic version: the Arabic reader gets the original, as it was written.
    original = smtp.to("amina@example.org")[0]
    assert "Second joint meeting" in original["Subject"]


def test_people_who_chose_the_digest_or_never_get_no_immediate_mail(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    _consent(world, "amina", "karim")
    services.save_preferences(
        person=world.people["amina"], frequency="weekly", deliveries={"announcements": "digest"}
    )
    services.save_preferences(
        person=world.people["karim"], frequency="weekly", deliveries={"announcements": "never"}
    )

    announcement = _announce(world, django_capture_on_commit_callbacks, audience="mentees")

    assert smtp.messages == []
    assert _received(announcement) == {"Amina", "Karim"}


def test_picking_pairs_without_a_pair_or_of_another_programme_is_refused(
    world: World, frozen, django_capture_on_commit_callbacks
) -> None:
    with pytest.raises(ValidationError):
        _announce(world, django_capture_on_commit_callbacks, audience="pairs", pairs=[])
    with pytest.raises(ValidationError):
        _announce(
            world, django_capture_on_commit_callbacks, audience="pairs", pairs=[world.other_pair]
        )
    assert not Announcement.objects.exists()


def test_a_closed_programme_takes_no_announcement(
    world: World, frozen, django_capture_on_commit_callbacks
) -> None:
    world.reloaded.status = ProgrammeStatus.CLOSED
    world.reloaded.save()

    with pytest.raises(ValidationError):
        _announce(world, django_capture_on_commit_callbacks)


def _form(**extra: object) -> dict[str, object]:
    return {
        "audience": "everyone",
        "language": "en",
        "subject": "Welcome",
        "body": "Welcome to the programme.",
        **extra,
    }


def test_the_manager_sends_from_the_page_and_participants_read_it_there(
    world: World, frozen
) -> None:
    slug = world.reloaded.slug
    response = world.client_for("mona").post(
        f"/programmes/{slug}/announcements/new/",
        _form(subject_ar="أهلا", body_ar="أهلا بكم في البرنامج."),
    )
    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert announcement.versions.get().language == "ar"

    amina = world.client_for("amina")
    assert "Welcome" in amina.get(f"/programmes/{slug}/announcements/").content.decode()
    page = amina.get(f"/programmes/{slug}/announcements/{announcement.pk}/")
    assert "Welcome to the programme." in page.content.decode()
    world.users["amina"].language = "ar"
    world.users["amina"].save()
    arabic = amina.get(f"/programmes/{slug}/announcements/{announcement.pk}/")
    assert "أهلا بكم في البرنامج." in arabic.content.decode()


def test_a_version_with_a_subject_but_no_message_is_refused_with_a_message(
    world: World, frozen
) -> None:
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/announcements/new/", _form(subject_fr="Bienvenue")
    )

    assert response.status_code == 200
    assert "Give both the subject and the message of this version" in response.content.decode()
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("role", ["olga", "marc", "carla", "anonymous"])
def test_only_the_programmes_managers_may_send(world: World, frozen, role: str) -> None:
    response = world.client_for(role).post(
        f"/programmes/{world.reloaded.slug}/announcements/new/", _form()
    )

    assert response.status_code == (302 if role == "anonymous" else 404)
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert not Announcement.objects.exists()


def test_an_announcement_to_other_people_is_not_found(
    world: World, frozen, django_capture_on_commit_callbacks
) -> None:
    announcement = _announce(world, django_capture_on_commit_callbacks, audience="mentors")
    url = f"/programmes/{world.reloaded.slug}/announcements/{announcement.pk}/"

    assert world.client_for("marc").get(url).status_code == 200
    assert world.client_for("amina").get(url).status_code == 404
    assert world.client_for("olga").get(url).status_code == 404


def test_one_click_unsubscribe_works_without_login_or_csrf(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    _consent(world, "amina")
    _announce(world, django_capture_on_commit_callbacks, audience="mentees")
    link = smtp.to("amina@example.org")[0]["List-Unsubscribe"].strip().strip("<>")
    path = urlsplit(link).path

    confirmation = Client().get(path)
    assert confirmation.status_code == 200
    assert "Announcements of your programmes" in confirmation.content.decode()
    assert world.people["amina"].delivery_preferences.count() == 0

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert world.people["amina"].delivery_preferences.get().delivery == Delivery.NEVER

    _announce(world, django_capture_on_commit_callbacks, audience="mentees")
    assert len(smtp.to("amina@example.org")) == 1


def test_a_damaged_unsubscribe_link_says_so_and_changes_nothing(world: World) -> None:
    response = Client().post("/notifications/unsubscribe/not-a-token/")

    assert response.status_code == 404
    assert "This unsubscribe link is not valid" in response.content.decode()


def test_a_dead_mail_server_keeps_the_announcement(
    world: World, smtp: Inbox, frozen, settings, django_capture_on_commit_callbacks
) -> None:
    _consent(world, "amina")
    settings.EMAIL_PORT = free_port()  # nothing listens there

    announcement = _announce(world, django_capture_on_commit_callbacks, audience="mentees")

    assert _received(announcement) == {"Amina", "Karim"}
    assert not AnnouncementRecipient.objects.filter(emailed=True).exists()
