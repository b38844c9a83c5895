"""Mission e-mails over a real SMTP server: requests, answers and agendas, after the commit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import transaction

from clusterbridge.missions import services
from clusterbridge.missions.models import MeetingRequest, MissionMeeting
from tests.conftest import World
from tests.meetings import ical_reader
from tests.smtp import Inbox


@pytest.fixture
def mission(world: World):
    return services.create_mission(
        programme=world.reloaded,
        title="Barcelona B2B",
        starts_at=datetime(2030, 6, 4, 7, 30, tzinfo=UTC),
        slot_minutes=30,
        slot_count=3,
        table_count=2,
        time_zone="Europe/Madrid",
    )


def _join(world: World, mission, name: str):
    return services.join_mission(mission=mission, person=world.people[name], offer=f"{name} offers")


def _body(message) -> str:
    return str(message.get_body(preferencelist=("plain",)).get_content())


def test_a_request_mails_the_person_asked_in_their_language_with_a_link(
    world: World, mission, smtp: Inbox, settings, django_capture_on_commit_callbacks
) -> None:
    settings.BASE_URL = "https://cb.example.org"
    world.users["marc"].language = "fr"
    world.users["marc"].save()
    marc, amina = _join(world, mission, "marc"), _join(world, mission, "amina")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_meeting(requester=amina, requested=marc, message="Clusters agro ?")

    [message] = smtp.messages
    body = _body(message)
    assert message["To"] == "marc@example.org"
    assert message["Subject"] == "Amina souhaite vous rencontrer lors de Barcelona B2B"
    assert "Clusters agro ?" in body
    assert f"https://cb.example.org/programmes/reloaded/missions/{mission.pk}/" in body


@pytest.mark.parametrize(("accept", "word"), [(True, "accepted"), (False, "declined")])
def test_the_answer_mails_the_requester(
    world: World, mission, smtp: Inbox, django_capture_on_commit_callbacks, accept, word
) -> None:
    marc, amina = _join(world, mission, "marc"), _join(world, mission, "amina")
    request = services.request_meeting(requester=amina, requested=marc, notify=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_request(request=request, by=marc, accept=accept)

    [message] = smtp.messages
    assert message["To"] == "amina@example.org"
    assert message["Subject"] == f"Marc {word} your meeting request · Barcelona B2B"


def test_scheduling_mails_each_participant_their_agenda_with_an_ics(
    world: World, mission, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    marc, amina, paola = (_join(world, mission, name) for name in ("marc", "amina", "paola"))
    for requester in (amina, paola):
        request = services.request_meeting(requester=requester, requested=marc, notify=False)
        services.answer_request(request=request, by=marc, accept=True, notify=False)
    karim = _join(world, mission, "karim")  # nothing requested: told so

    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(mission=mission, time_limit_seconds=1)

    events = {}
    for message in smtp.messages:
        method, text = Inbox.calendar_part(message)
        assert method == "PUBLISH"
        events[message["To"]] = sorted(
            e.summary.value for e in getattr(ical_reader.read_vobject(text), "vevent_list", [])
        )
    assert events == {
        "marc@example.org": ["Barcelona B2B: Amina", "Barcelona B2B: Paola"],
        "amina@example.org": ["Barcelona B2B: Marc"],
        "paola@example.org": ["Barcelona B2B: Marc"],
        "karim@example.org": [],
    }
    assert MissionMeeting.objects.filter(mission=mission).count() == 2
    [to_karim] = smtp.to(karim.person.email)
    assert "none of your meeting requests could be placed" in _body(to_karim)
    [to_amina] = smtp.to("amina@example.org")
    assert "Table" in _body(to_amina)
    # On site in Madrid: Amina (Casablanca) reads the venue's times, the first slot at 09:30.
    assert "Times at the venue (Madrid)." in _body(to_amina)
    assert "Tue 4 Jun, 09:" in _body(to_amina)


def _request_then_fail(requester, requested) -> None:
    with transaction.atomic():
        services.request_meeting(requester=requester, requested=requested)
        raise RuntimeError("the surrounding work failed")


def test_a_request_that_rolls_back_mails_nobody(
    world: World, mission, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    marc, amina = _join(world, mission, "marc"), _join(world, mission, "amina")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        _request_then_fail(amina, marc)

    assert smtp.messages == []
    assert not MeetingRequest.objects.exists()


def test_names_and_titles_with_ampersands_and_quotes_arrive_unescaped_in_subjects(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    amina_person = world.people["amina"]
    amina_person.full_name = "Amina O'Neil & Co"
    amina_person.save()
    mission = services.create_mission(
        programme=world.reloaded,
        title="R&D 'Days'",
        starts_at=datetime(2030, 6, 4, 7, 30, tzinfo=UTC),
        slot_minutes=30,
        slot_count=3,
        table_count=2,
        time_zone="Europe/Madrid",
    )
    marc, amina = _join(world, mission, "marc"), _join(world, mission, "amina")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_meeting(requester=amina, requested=marc)

    [message] = smtp.messages
    assert message["Subject"] == "Amina O'Neil & Co asks to meet you at R&D 'Days'"
