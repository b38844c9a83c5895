"""The calendar's and missions' list pages cost the same queries for 1 item as for 3."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterbridge.meetings import services as meetings
from clusterbridge.meetings.models import Absence, MeetingChange
from clusterbridge.missions import services as missions
from tests.factories import (
    InvitationFactory,
    MeetingFactory,
    PairFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    country,
)

pytestmark = pytest.mark.django_db
FUTURE = datetime(2099, 6, 1, 8, tzinfo=UTC)


class Setup:
    """A programme whose manager is also the signed-in person, plus one meeting and mission."""

    def __init__(self) -> None:
        self.programme = ProgrammeFactory()
        self.user = UserFactory()
        self.person = PersonFactory(user=self.user)
        ParticipationFactory(programme=self.programme, role="manager", person=self.person)
        self.meeting = MeetingFactory(programme=self.programme, starts_at=FUTURE)
        InvitationFactory(meeting=self.meeting, person=self.person)
        self.mission = missions.create_mission(
            programme=self.programme,
            title="B2B",
            starts_at=FUTURE,
            slot_minutes=30,
            slot_count=8,
            table_count=10,
            time_zone="Europe/Paris",
        )
        self.me = missions.join_mission(mission=self.mission, person=self.person)
        self.client = Client()
        self.client.force_login(self.user)


def _other_participant(setup: Setup):
    person = ParticipationFactory(programme=setup.programme).person
    return missions.join_mission(mission=setup.mission, person=person, offer="x", seek="y")


def _add_my_meetings(setup: Setup, count: int) -> None:
    for index in range(count):
        meeting = MeetingFactory(
            programme=setup.programme, starts_at=FUTURE + timedelta(days=index)
        )
        InvitationFactory(meeting=meeting, person=setup.person)


def _add_pair_sessions(setup: Setup, count: int) -> None:
    """Generated bilateral sessions: each title names its pair, read with the meeting."""
    for index in range(count):
        meeting = MeetingFactory(
            programme=setup.programme,
            kind="bilateral_session",
            generated_name="bilateral",
            title_number=index + 1,
            pair=PairFactory(programme=setup.programme),
            starts_at=FUTURE + timedelta(days=index),
        )
        InvitationFactory(meeting=meeting, person=setup.person)


def _add_missions(setup: Setup, count: int) -> None:
    for _ in range(count):
        missions.create_mission(
            programme=setup.programme,
            title="Another",
            starts_at=FUTURE,
            slot_minutes=30,
            slot_count=4,
            table_count=2,
            time_zone="UTC",
        )


def _add_requests(setup: Setup, count: int) -> None:
    for _ in range(count):
        other = _other_participant(setup)
        request = missions.request_meeting(requester=other, requested=setup.me)
        missions.answer_request(request=request, by=setup.me, accept=True)


def _add_agenda(setup: Setup, count: int) -> None:
    _add_requests(setup, count)
    missions.schedule(mission=setup.mission, time_limit_seconds=1)


def _add_invitees_and_history(setup: Setup, count: int) -> None:
    for _ in range(count):
        InvitationFactory(
            meeting=setup.meeting, person=ParticipationFactory(programme=setup.programme).person
        )
        MeetingChange.objects.create(
            meeting=setup.meeting, kind="updated", sequence=1, changed_by=setup.user
        )


def _add_meetings_abroad(setup: Setup, count: int) -> None:
    """Meetings with the signed-in person and someone in another country and zone each."""
    for index, code in zip(range(count), ("EG", "JO", "TN"), strict=False):
        meeting = MeetingFactory(
            programme=setup.programme, starts_at=FUTURE + timedelta(days=index)
        )
        InvitationFactory(meeting=meeting, person=setup.person)
        InvitationFactory(
            meeting=meeting,
            person=ParticipationFactory(
                programme=setup.programme,
                person=PersonFactory(
                    country=country(code), time_zone=country(code).default_time_zone
                ),
            ).person,
        )


def _add_availability(setup: Setup, count: int) -> None:
    for index in range(count):
        meetings.add_weekly_window(
            person=setup.person, weekday=index, starts=time(9), ends=time(12)
        )
        Absence.objects.create(
            person=setup.person,
            starts_at=FUTURE + timedelta(days=index),
            ends_at=FUTURE + timedelta(days=index + 1),
        )


PAGES: list[tuple[str, Callable[[Setup], str], Callable[[Setup, int], None]]] = [
    ("my calendar", lambda s: "/calendar/", _add_my_meetings),
    ("my month", lambda s: "/calendar/month/?on=2099-06-01", _add_meetings_abroad),
    ("my week", lambda s: "/calendar/week/?on=2099-06-01", _add_meetings_abroad),
    (
        "programme month",
        lambda s: f"/programmes/{s.programme.slug}/meetings/calendar/?on=2099-06-01",
        _add_meetings_abroad,
    ),
    (
        "programme week",
        lambda s: f"/programmes/{s.programme.slug}/meetings/calendar/week/?on=2099-06-01",
        _add_meetings_abroad,
    ),
    ("my calendar, pair sessions", lambda s: "/calendar/", _add_pair_sessions),
    (
        "meeting list, pair sessions",
        lambda s: f"/programmes/{s.programme.slug}/meetings/",
        _add_pair_sessions,
    ),
    ("availability", lambda s: "/calendar/availability/", _add_availability),
    (
        "meeting detail",
        lambda s: f"/programmes/{s.programme.slug}/meetings/{s.meeting.pk}/",
        _add_invitees_and_history,
    ),
    (
        "meeting invitees",
        lambda s: f"/programmes/{s.programme.slug}/meetings/{s.meeting.pk}/invitees/",
        _add_invitees_and_history,
    ),
    (
        "meeting attendance",
        lambda s: f"/programmes/{s.programme.slug}/meetings/{s.meeting.pk}/attendance/",
        _add_invitees_and_history,
    ),
    ("missions", lambda s: f"/programmes/{s.programme.slug}/missions/", _add_missions),
    (
        "mission detail",
        lambda s: f"/programmes/{s.programme.slug}/missions/{s.mission.pk}/",
        _add_requests,
    ),
    (
        "agenda",
        lambda s: f"/programmes/{s.programme.slug}/missions/{s.mission.pk}/agenda/{s.me.pk}/",
        _add_agenda,
    ),
]


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("page", "url", "add"), PAGES, ids=[row[0] for row in PAGES])
def test_list_page_queries_do_not_grow_with_items(page, url, add) -> None:
    counts = []
    for items in (1, 3):
        setup = Setup()
        add(setup, items)
        counts.append(_queries(setup.client, url(setup)))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries for 1 item, {counts[1]} for 3"
