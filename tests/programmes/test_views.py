"""Forms answer bad input with a clear message and a 200, never a 500, and keep what was saved."""

from __future__ import annotations

import copy

import pytest

from clusterbridge.directory import services as directory_services
from clusterbridge.directory.models import Person
from clusterbridge.meetings.models import Meeting
from clusterbridge.programmes.models import Pair, Programme
from tests.conftest import World
from tests.factories import MeetingFactory, PersonFactory, country


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


def test_manager_home_shows_counts_by_role_and_country(world: World) -> None:
    response = world.client_for("mona").get("/home/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Programmes you manage" in text
    for code in ("ES", "FR", "IT", "MA", "TN"):
        assert f'href="/countries/{code}/">{code}</a>&nbsp;1' in text
    assert "<dt>Mentees</dt><dd>2</dd>" in text


def test_manager_home_and_programme_page_list_the_next_scheduled_meetings(world: World) -> None:
    MeetingFactory(programme=world.reloaded, title="Kick-off", status="scheduled")
    MeetingFactory(programme=world.reloaded, title="Plan still a draft", status="draft")
    client = world.client_for("mona")

    pages = [
        client.get(url).content.decode() for url in ("/home/", world.reloaded.get_absolute_url())
    ]

    for text in pages:
        assert "Upcoming meetings" in text
        assert "– <bdi>Kick-off</bdi></li>" in text
        assert "Plan still a draft" not in text


def test_mentee_home_shows_their_mentor(world: World) -> None:
    text = world.client_for("amina").get("/home/").content.decode()
    assert "My mentor" in text
    assert "Marc" in text
    assert "Paola" not in text


def test_duplicate_email_in_the_person_form_is_a_clear_error(world: World) -> None:
    response = world.client_for("mona").post(
        "/people/new/",
        {"full_name": "Copy", "email": "AMINA@example.org", "country": "1", "time_zone": ""},
    )
    assert response.status_code == 200
    assert "is already registered" in response.content.decode()
    assert Person.objects.filter(email__iexact="amina@example.org").count() == 1


def test_unknown_time_zone_in_the_person_form_is_a_clear_error(world: World) -> None:
    country_id = world.people["amina"].country_id
    response = world.client_for("mona").post(
        "/people/new/",
        {
            "full_name": "New",
            "email": "new@example.org",
            "country": country_id,
            "time_zone": "Paris",
        },
    )
    assert response.status_code == 200
    assert "“Paris” is not a known time zone" in response.content.decode()
    assert not Person.objects.filter(email="new@example.org").exists()


def test_person_form_registers_a_person(world: World) -> None:
    country_id = world.people["amina"].country_id
    response = world.client_for("mona").post(
        "/people/new/",
        {"full_name": "New", "email": "new@example.org", "country": country_id, "time_zone": ""},
    )
    person = Person.objects.get(email="new@example.org")
    assert response.status_code == 302
    assert person.time_zone == "Africa/Casablanca"


def test_end_before_start_in_the_programme_form_is_a_clear_error(world: World) -> None:
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/edit/",
        {
            "name": "Reloaded",
            "starts_on": "2021-10-31",
            "ends_on": "2021-01-20",
            "modality": "online",
        },
    )
    assert response.status_code == 200
    assert "The end date must not be before the start date." in response.content.decode()
    world.reloaded.refresh_from_db()
    assert str(world.reloaded.ends_on) == "2021-10-31"


def test_illegal_status_jump_from_the_page_is_refused_with_a_message(world: World) -> None:
    client = world.client_for("mona")
    response = client.post(
        f"/programmes/{world.reloaded.slug}/status/", {"status": "draft"}, follow=True
    )
    assert response.status_code == 200
    assert "cannot go from “Running” to “Draft”" in response.content.decode()
    assert Programme.objects.get(pk=world.reloaded.pk).status == "running"


def test_status_form_offers_no_closing_but_links_to_the_closing_page(world: World) -> None:
    response = world.client_for("mona").get(f"/programmes/{world.reloaded.slug}/")
    choices = [value for value, _label in response.context["status_form"].fields["status"].choices]
    assert "closed" not in choices
    assert f'href="/programmes/{world.reloaded.slug}/closing/"' in response.content.decode()


def test_closing_from_the_status_form_is_refused(
    world: World,
) -> None:
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/status/", {"status": "closed"}, follow=True
    )
    assert "Select a valid choice. closed is not one of the available choices." in (
        response.content.decode()
    )
    assert Programme.objects.get(pk=world.reloaded.pk).status == "running"


def test_pair_with_a_participant_of_another_programme_is_refused(world: World) -> None:
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/pairs/new/",
        {"mentor": world.other_pair.mentor.pk, "mentee": world.pair.mentee.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Pair.objects.filter(programme=world.reloaded).count() == 2


def test_manager_schedules_a_meeting_in_their_own_time_zone(world: World) -> None:
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/meetings/new/",
        {
            "kind": "joint_meeting",
            "title": "Kick-off",
            "date": "2031-01-20",
            "time": "10:00",
            "time_zone": "Europe/Madrid",
            "end_time": "12:00",
            "invitees": [world.people["amina"].pk, world.people["marc"].pk],
        },
    )
    meeting = Meeting.objects.get(title="Kick-off")
    assert response.status_code == 302
    assert meeting.starts_at.isoformat() == "2031-01-20T09:00:00+00:00"
    assert meeting.invitations.count() == 2


@pytest.mark.parametrize(
    ("local_time", "message"),
    [("02:30", "does not exist in Europe/Paris"), ("02:30", "occurs twice in Europe/Paris")],
    ids=["spring-gap", "autumn-fold"],
)
def test_meeting_at_a_time_the_clock_change_skips_or_repeats_is_refused(
    world: World, local_time: str, message: str
) -> None:
    day = "2031-03-30" if "not exist" in message else "2031-10-26"
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/meetings/new/",
        {
            "kind": "group_session",
            "title": "Clock change",
            "date": day,
            "time": local_time,
            "time_zone": "Europe/Paris",
            "end_time": "03:30",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.filter(title="Clock change").exists()


def test_meeting_inviting_someone_outside_the_programme_is_refused(world: World) -> None:
    outsider = world.other_pair.mentee.person
    response = world.client_for("mona").post(
        f"/programmes/{world.reloaded.slug}/meetings/new/",
        {
            "kind": "joint_meeting",
            "title": "Too wide",
            "date": "2031-01-20",
            "time": "10:00",
            "time_zone": "Europe/Madrid",
            "duration_minutes": "60",
            "invitees": [outsider.pk],
        },
    )
    assert response.status_code == 200
    assert not Meeting.objects.filter(title="Too wide").exists()


def test_participants_filter_by_role_and_country(world: World) -> None:
    client = world.client_for("mona")
    url = f"/programmes/{world.reloaded.slug}/participants/"
    mentors = client.get(url, {"role": "mentor"}).content.decode()
    tunisians = client.get(url, {"country": "TN"}).content.decode()
    assert "Marc" in mentors
    assert "Amina" not in mentors
    assert "Karim" in tunisians
    assert "Marc" not in tunisians


def test_language_switch_remembers_the_choice_and_turns_the_page_right_to_left(
    world: World,
) -> None:
    client = world.client_for("amina")
    client.post("/language/", {"language": "ar", "next": "/home/"})
    page = client.get("/home/").content.decode()
    world.users["amina"].refresh_from_db()
    assert world.users["amina"].language == "ar"
    assert '<html lang="ar" dir="rtl">' in page


def test_language_switch_ignores_an_offsite_next_url(world: World) -> None:
    response = world.client_for("amina").post(
        "/language/", {"language": "fr", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


# --- the "add participant" picker and the manager role ------------------------------------------


def _listed_person() -> Person:
    return directory_services.create_person(
        full_name="Listed Lea",
        email="lea@example.org",
        country=country("FR"),
        visibility="community",
    )


def test_picker_offers_only_people_the_manager_may_see(world: World) -> None:
    hidden = PersonFactory(full_name="Hidden Hana")
    listed = _listed_person()

    form = world.client_for("mona").get("/programmes/reloaded/participants/add/").context["form"]

    offered = set(form.fields["person"].queryset)
    assert listed in offered
    assert hidden not in offered
    assert world.people["olga"] not in offered
    assert world.other_pair.mentee.person not in offered


@pytest.mark.parametrize("who", ["hidden", "other_programme"])
def test_enrolling_someone_the_manager_may_not_see_is_refused(world: World, who: str) -> None:
    person = PersonFactory() if who == "hidden" else world.other_pair.mentee.person

    response = world.client_for("mona").post(
        "/programmes/reloaded/participants/add/",
        {"person": person.pk, "role": "mentee", "status": "accepted"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["person"]
    assert not world.reloaded.participations.filter(person=person).exists()


def test_manager_appoints_a_co_manager_of_their_programme(world: World) -> None:
    listed = _listed_person()

    form_page = world.client_for("mona").get("/programmes/reloaded/participants/add/")
    response = world.client_for("mona").post(
        "/programmes/reloaded/participants/add/",
        {"person": listed.pk, "role": "manager", "status": "accepted"},
    )

    assert "manager" in dict(form_page.context["form"].fields["role"].choices)
    assert response.status_code == 302
    assert world.reloaded.participations.get(person=listed).role == "manager"


def test_manager_cannot_appoint_a_manager_of_another_programme(world: World) -> None:
    listed = _listed_person()

    response = world.client_for("mona").post(
        "/programmes/other/participants/add/",
        {"person": listed.pk, "role": "manager", "status": "accepted"},
    )

    assert response.status_code == 404
    assert not world.other.participations.filter(person=listed).exists()


def test_site_admin_makes_someone_a_manager(world: World) -> None:
    listed = _listed_person()

    response = world.client_for("ada").post(
        "/programmes/reloaded/participants/add/",
        {"person": listed.pk, "role": "manager", "status": "accepted"},
    )

    assert response.status_code == 302
    assert world.reloaded.participations.get(person=listed).role == "manager"


def test_enrolling_a_mentor_as_mentee_is_a_form_error(world: World) -> None:
    response = world.client_for("mona").post(
        "/programmes/reloaded/participants/add/",
        {"person": world.people["marc"].pk, "role": "mentee", "status": "accepted"},
    )

    assert response.status_code == 200
    assert "already takes part in this programme as Mentor" in response.content.decode()
    assert not world.reloaded.participations.filter(
        person=world.people["marc"], role="mentee"
    ).exists()
