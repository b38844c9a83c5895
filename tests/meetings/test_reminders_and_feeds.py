"""Reminders (once per meeting and invitee, even with overlapping runs), feeds and the command."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from clusterbridge.journeys.models import HealthReminder
from clusterbridge.meetings import services
from clusterbridge.meetings.models import SentReminder
from tests.conftest import World
from tests.factories import (
    InvitationFactory,
    MeetingFactory,
    ParticipationFactory,
    ProgrammeFactory,
)
from tests.meetings import ical_reader
from tests.smtp import Inbox, free_port

NOW = datetime(2030, 3, 1, 8, tzinfo=UTC)


def _meeting_in(world: World, hours: float, **extra):
    meeting = MeetingFactory(
        programme=world.reloaded, starts_at=NOW + timedelta(hours=hours), **extra
    )
    for name in ("marc", "amina"):
        InvitationFactory(meeting=meeting, person=world.people[name])
    return meeting


def test_reminders_go_once_to_each_invitee_of_meetings_within_24_hours(
    world: World, smtp: Inbox
) -> None:
    soon = _meeting_in(world, 20, title="Soon")
    _meeting_in(world, 30, title="Later")
    _meeting_in(world, 5, title="Called off", status="cancelled")

    with time_machine.travel(NOW, tick=False):
        first = services.send_due_reminders()
        second = services.send_due_reminders()

    assert (first, second) == (2, 0)
    assert sorted(m["To"] for m in smtp.messages) == ["amina@example.org", "marc@example.org"]
    assert all(m["Subject"].strip().startswith("Tomorrow: Soon") for m in smtp.messages)
    assert SentReminder.objects.filter(meeting=soon, sent_at__isnull=False).count() == 2


def test_a_rescheduled_meeting_is_reminded_again_for_its_new_time(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    meeting = _meeting_in(world, 20)
    with time_machine.travel(NOW, tick=False):
        services.send_due_reminders()
        with django_capture_on_commit_callbacks(execute=True):
            services.change_meeting(
                meeting=meeting,
                title=meeting.title,
                starts_at=NOW + timedelta(hours=22),
                duration_minutes=60,
            )
        again = services.send_due_reminders()
    assert again == 2


def test_a_refused_reminder_is_retried_by_the_next_run(world: World, settings) -> None:
    _meeting_in(world, 20)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    with time_machine.travel(NOW, tick=False):
        sent = services.send_due_reminders()

    assert sent == 0
    assert SentReminder.objects.count() == 0


@pytest.mark.postgres_only
def test_two_overlapping_runs_never_send_two_reminders(
    seeded_transactional_db: None, smtp: Inbox
) -> None:
    """Two threads (two database connections) run the job at the same moment on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers: PostgreSQL")
    programme = ProgrammeFactory()
    people = [ParticipationFactory(programme=programme).person for _ in range(6)]
    for index in range(5):
        meeting = MeetingFactory(programme=programme, starts_at=NOW + timedelta(hours=index + 1))
        for person in people:
            InvitationFactory(meeting=meeting, person=person)
    start = threading.Barrier(2)
    counts: list[int] = []

    def run() -> None:
        start.wait()
        try:
            counts.append(services.send_due_reminders(now=NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == 30
    assert len(smtp.messages) == 30
    assert len({(m["To"], m["Subject"]) for m in smtp.messages}) == 30


def test_send_reminders_command_reports_what_it_sent(world: World, smtp: Inbox) -> None:
    _meeting_in(world, 3)
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("send_reminders", stdout=out)
    meeting_line, health_line = out.getvalue().strip().splitlines()
    assert meeting_line == "2 reminder(s) sent"
    assert health_line == f"{len(smtp.messages) - 2} pair-health reminder(s) sent"


def test_send_reminders_also_sends_the_pair_health_reminders(world: World, smtp: Inbox) -> None:
    # The world's programme ended in 2021, so both pairs' end assessments are overdue.
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("send_reminders", stdout=out)
    health = HealthReminder.objects.filter(pair=world.pair)
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        call_command("send_reminders", stdout=StringIO())

    assert health.count() >= 1
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        r.recipient.email for r in HealthReminder.objects.select_related("recipient")
    )
    assert out.getvalue().strip().splitlines()[1] == (
        f"{HealthReminder.objects.count()} pair-health reminder(s) sent"
    )


def test_send_reminders_exits_with_an_error_when_the_mail_server_is_down(
    world: World, settings
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens

    with time_machine.travel(NOW, tick=False), pytest.raises(CommandError) as raised:
        call_command("send_reminders", stdout=StringIO())

    assert "the next run retries" in str(raised.value)
    assert HealthReminder.objects.count() == 0


# Feeds --------------------------------------------------------------------------------------


def test_calendar_command_writes_the_persons_feed(world: World) -> None:
    out = StringIO()
    call_command("calendar", "AMINA@example.org", stdout=out)
    parsed = ical_reader.read_vobject(out.getvalue())
    own = ical_reader.read(out.getvalue())
    [event] = own.all("VEVENT")
    assert [e.summary.value for e in parsed.vevent_list] == ["Amina and Marc"]
    assert ical_reader.instant(own, event) == datetime(2030, 3, 2, 9, tzinfo=UTC)
    assert own.all("VTIMEZONE")[0].get("TZID") == "Africa/Casablanca"
    assert "METHOD" not in {k: v for k, _p, v in own.properties}


def test_the_feed_asks_clients_to_refresh_hourly_as_an_rfc_7986_duration(world: World) -> None:
    out = StringIO()

    call_command("calendar", "amina@example.org", stdout=out)

    own = ical_reader.read(out.getvalue())
    assert own.get("REFRESH-INTERVAL") == "PT1H"
    assert own.params("REFRESH-INTERVAL") == {"VALUE": "DURATION"}


def test_calendar_command_refuses_an_unknown_email_with_status_1(world: World) -> None:
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("calendar", "nobody@example.org", stderr=err)
    assert exit_info.value.code == 1
    assert err.getvalue() == (
        "clusterbridge calendar: nobody has the e-mail address 'nobody@example.org'\n"
    )


def test_feed_url_works_without_login_until_revoked(world: World) -> None:
    client = world.client_for("amina")
    client.post("/calendar/feed/")
    page = client.get("/calendar/")
    token = page.context["feed_url"].rsplit("/", 1)[1].removesuffix(".ics")

    anonymous = world.client_for("anonymous")
    feed = anonymous.get(f"/calendar/{token}.ics")
    client.post("/calendar/feed/revoke/")
    after = anonymous.get(f"/calendar/{token}.ics")

    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert [
        e.summary.value for e in ical_reader.read_vobject(feed.content.decode()).vevent_list
    ] == ["Amina and Marc"]
    assert after.status_code == 404
    assert client.get("/calendar/").context["feed_url"] is None  # shown once only


def test_a_new_feed_link_revokes_the_previous_one(world: World) -> None:
    person = world.people["amina"]
    old = services.create_calendar_feed(person=person)
    new = services.create_calendar_feed(person=person)
    anonymous = world.client_for("anonymous")
    assert anonymous.get(f"/calendar/{old}.ics").status_code == 404
    assert anonymous.get(f"/calendar/{new}.ics").status_code == 200


def test_the_feed_of_a_deactivated_login_answers_404(world: World) -> None:
    token = services.create_calendar_feed(person=world.people["amina"])
    amina = world.users["amina"]
    amina.is_active = False
    amina.save()

    response = world.client_for("anonymous").get(f"/calendar/{token}.ics")

    assert response.status_code == 404
