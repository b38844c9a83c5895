"""Dates on the pages and e-mails people read: their language, zone and digits; the venue's
zone for an on-site mission; relative times where people plan; who sees which local time."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime

import pytest
import time_machine

from clusterbridge.meetings import services as meetings
from clusterbridge.missions import services as missions
from tests.conftest import World
from tests.smtp import Inbox

NOW = datetime(2030, 3, 1, 8, tzinfo=UTC)


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture
def frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _speaks(world: World, name: str, language: str, digits: str = "") -> None:
    world.users[name].language = language
    world.users[name].save()
    world.people[name].digits = digits
    world.people[name].save()


def _meeting(world: World, *, notify: bool = True):
    return meetings.create_meeting(
        programme=world.reloaded,
        kind="joint_meeting",
        title="Cluster finance",
        starts_at=datetime(2030, 3, 4, 9, tzinfo=UTC),
        duration_minutes=60,
        invitees=[world.people["marc"], world.people["amina"]],
        notify=notify,
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_meeting_list_says_how_soon_each_meeting_is(world: World, frozen) -> None:
    _meeting(world, notify=False)
    _speaks(world, "marc", "fr")

    page = _text(world.client_for("marc").get(f"/programmes/{world.reloaded.slug}/meetings/"))

    assert "4 mars 2030 à 10:00" in page  # Paris
    assert "dans 3 jours" in page


def test_the_home_page_says_how_soon_the_next_meetings_are(world: World, frozen) -> None:
    _meeting(world, notify=False)
    _speaks(world, "amina", "ar")

    page = _text(world.client_for("amina").get("/home/"))

    assert "٤ مارس ٢٠٣٠، ٠٩:٠٠" in page  # Casablanca, Arabic-Indic digits
    assert "خلال ٣ أيام" in page


def test_the_french_history_column_is_a_noun(world: World, frozen) -> None:
    meeting = _meeting(world, notify=False)
    _speaks(world, "mona", "fr")

    page = _text(
        world.client_for("mona").get(f"/programmes/{world.reloaded.slug}/meetings/{meeting.pk}/")
    )

    assert '<th scope="col">Modification</th>' in page
    assert "Changer</th>" not in page


def test_a_person_chooses_latin_digits_on_their_profile_and_arabic_pages_use_them(
    world: World, frozen
) -> None:
    _meeting(world, notify=False)
    _speaks(world, "amina", "ar")
    amina = world.people["amina"]
    client = world.client_for("amina")
    form = client.get("/profile/").context["form"]
    assert "digits" in form.fields
    data = {name: form[name].value() or "" for name in form.fields if not name.startswith("area")}
    data.update(digits="latin", sectors=[], photo="")

    response = client.post("/profile/", data)
    amina.refresh_from_db()
    page = _text(client.get("/home/"))

    assert response.status_code == 302
    assert amina.digits == "latin"
    assert "4 مارس 2030، 09:00" in page


def test_a_managers_copy_of_a_profile_leaves_the_digits_to_the_person(world: World) -> None:
    url = f"/programmes/reloaded/people/{world.people['amina'].pk}/edit/"
    form = world.client_for("mona").get(url).context["form"]
    assert "digits" not in form.fields


def test_meeting_mail_writes_dates_in_each_recipients_language_and_digits(
    world: World, smtp: Inbox, frozen, django_capture_on_commit_callbacks
) -> None:
    _speaks(world, "amina", "ar")
    _speaks(world, "marc", "ar", digits="latin")

    with django_capture_on_commit_callbacks(execute=True):
        _meeting(world)

    [to_amina] = smtp.to("amina@example.org")
    [to_marc] = smtp.to("marc@example.org")
    assert "٤ مارس ٢٠٣٠، ٠٩:٠٠" in to_amina["Subject"]
    assert "4 مارس 2030، 10:00" in to_marc["Subject"]
    body = to_amina.get_body(("plain",))
    assert body is not None
    assert "الاثنين ٤ مارس ٢٠٣٠، ٠٩:٠٠–١٠:٠٠ (الدار البيضاء)" in body.get_content()


def test_the_slot_finder_names_who_sees_which_local_time(world: World, frozen) -> None:
    week: dict[str, str | int | list[int]] = {
        "audience": "chosen",
        "people": [world.people["marc"].pk, world.people["amina"].pk, world.people["karim"].pk],
        "duration_minutes": 60,
        "starts_on": "2030-03-04",
        "days": 7,
    }
    page = _text(
        world.client_for("mona").get(f"/programmes/{world.reloaded.slug}/meetings/find/", week)
    )

    cells = re.findall(r'<span class="local-time">(.*?)</span>', page)
    assert cells
    assert all(re.fullmatch(r"\d\d:\d\d \w+.*: <bdi>.+</bdi>", cell) for cell in cells)
    assert any("Casablanca" in cell and "<bdi>Amina</bdi>" in cell for cell in cells)
    # Paris and Tunis read the same clock in March, but each person is named with their city.
    assert any("Paris" in cell and "<bdi>Marc</bdi>" in cell for cell in cells)
    assert any("Tunis" in cell and "<bdi>Karim</bdi>" in cell for cell in cells)


def test_an_on_site_mission_shows_the_venues_time_and_the_viewers_beside_it(
    world: World, frozen
) -> None:
    mission = missions.create_mission(
        programme=world.reloaded,
        title="Cairo B2B",
        starts_at=datetime(2030, 6, 4, 7, 30, tzinfo=UTC),
        slot_minutes=30,
        slot_count=4,
        table_count=1,
        time_zone="Africa/Cairo",
        venue="Cairo ICT park",
    )
    url = f"/programmes/{world.reloaded.slug}/missions/{mission.pk}/"

    from_paris = _text(world.client_for("marc").get(url))
    from_cairo_zone = world.people["karim"]
    from_cairo_zone.time_zone = "Africa/Cairo"
    from_cairo_zone.save()
    from_cairo = _text(world.client_for("karim").get(url))

    venue = "4 June 2030, 10:30–12:30 (Cairo)</time>"
    assert venue in from_paris
    assert '<span class="muted">(09:30–11:30 your time)</span>' in from_paris
    assert venue in from_cairo
    assert "your time)</span>" not in from_cairo
