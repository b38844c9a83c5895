"""The month and week views of one's meetings and of a programme's (managers)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.utils import timezone

from clusterbridge.meetings import calendar_grid
from clusterbridge.meetings.models import MeetingStatus
from clusterbridge.meetings.working_time import country_holidays
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


def _client_of(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _person(code: str, zone: str | None = None, **kwargs):
    return PersonFactory(
        user=UserFactory(),
        country=country(code),
        time_zone=zone or country(code).default_time_zone,
        **kwargs,
    )


def _meeting(programme, *people, **kwargs):
    meeting = MeetingFactory(programme=programme, **kwargs)
    for person in people:
        InvitationFactory(meeting=meeting, person=person)
    return meeting


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_meeting_late_in_utc_falls_on_the_next_day_of_a_viewer_further_east() -> None:
    programme = ProgrammeFactory()
    mentee = _person("JO", "Asia/Amman")
    mentor = _person("FR", "Europe/Paris")
    _meeting(
        programme,
        mentee,
        mentor,
        title="Late call",
        starts_at=datetime(2030, 3, 4, 22, 30, tzinfo=UTC),
    )
    month = _text(_client_of(mentee).get("/calendar/week/?on=2030-03-05"))
    # Amman is UTC+3: 22:30 UTC on the 4th is 01:30 on Tuesday 5 March.
    assert re.search(r"Tuesday 5 March</h3>(?:(?!</h3>).)*Late call", month)
    paris = _text(_client_of(mentor).get("/calendar/week/?on=2030-03-05"))
    assert re.search(r"Monday 4 March</h3>(?:(?!</h3>).)*Late call", paris)


def test_the_week_view_shows_the_same_time_in_the_other_invitees_zones() -> None:
    programme = ProgrammeFactory()
    mentee = _person("EG", "Africa/Cairo")
    mentor = _person("ES", "Europe/Madrid")
    _meeting(programme, mentee, mentor, starts_at=datetime(2030, 3, 5, 9, tzinfo=UTC))
    page = _text(_client_of(mentee).get("/calendar/week/?on=2030-03-05"))
    times = re.search(
        r'<a href[^>]*><time datetime="2030-03-05T09:00:00\+00:00">([^<]*)</time>.*?'
        r'<time datetime="2030-03-05T09:00:00\+00:00">([^<]*)</time> <bdi dir="ltr">Europe/Madrid',
        page,
    )
    assert times is not None
    cairo, madrid = times.groups()
    assert cairo == "11:00"
    assert madrid == "Tue 10:00"


def test_an_egyptian_week_starts_on_sunday_and_shows_both_weekends() -> None:
    programme = ProgrammeFactory()
    mentee = _person("EG", "Africa/Cairo")
    mentor = _person("FR", "Europe/Paris")
    _meeting(programme, mentee, mentor, starts_at=datetime(2030, 3, 5, 9, tzinfo=UTC))
    page = _text(_client_of(mentee).get("/calendar/month/?on=2030-03-05"))
    headers = re.findall(r'<th scope="col"[^>]*><abbr title="(\w+)">', page)
    assert headers[:2] == ["Sunday", "Monday"]
    friday = re.search(r'<abbr title="Friday">.*?</th>', page)
    sunday = re.search(r'<abbr title="Sunday">.*?</th>', page)
    assert friday
    assert "EG" in friday.group()
    assert "FR" not in friday.group()
    assert sunday
    assert "FR" in sunday.group()
    assert "EG" not in sunday.group()
    assert '<th scope="col" class="weekend"><abbr title="Friday">' in page
    assert "Friday–Saturday" in page
    assert "Saturday–Sunday" in page


def test_a_french_week_starts_on_monday() -> None:
    mentor = _person("FR", "Europe/Paris")
    page = _text(_client_of(mentor).get("/calendar/month/?on=2030-03-05"))
    headers = re.findall(r'<th scope="col"[^>]*><abbr title="(\w+)">', page)
    assert headers == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def test_the_month_view_links_to_the_previous_and_next_months_and_today_without_script() -> None:
    mentor = _person("FR")
    page = _client_of(mentor).get("/calendar/month/?on=2030-01-31").content.decode()
    assert 'rel="prev" href="?on=2029-12-31"' in page
    assert 'rel="next" href="?on=2030-02-28"' in page
    assert 'href="?">Today</a>' in page
    assert "<script" not in page.split("</head>")[1]


def test_a_date_that_is_not_one_shows_today_with_a_message() -> None:
    mentor = _person("FR")
    for value in ("2030-02-30", "yesterday", "0001-01-01", "9999-12-31"):
        response = _client_of(mentor).get("/calendar/month/", {"on": value})
        assert response.status_code == 200
        assert "is not a date" in response.content.decode()
        assert response.context["period"].anchor == timezone.localdate()


def test_a_visitor_is_sent_to_sign_in_and_a_login_without_profile_gets_404() -> None:
    assert Client().get("/calendar/month/").status_code == 302
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/calendar/week/").status_code == 404


def test_drafts_show_on_the_programme_calendar_to_its_managers_only() -> None:
    programme = ProgrammeFactory()
    manager = _person("ES")
    ParticipationFactory(programme=programme, person=manager, role="manager")
    mentee = _person("PS", "Asia/Hebron")
    ParticipationFactory(programme=programme, person=mentee, role="mentee")
    _meeting(
        programme,
        mentee,
        title="Draft kick-off",
        status=MeetingStatus.DRAFT,
        starts_at=datetime(2030, 3, 5, 9, tzinfo=UTC),
    )
    url = f"/programmes/{programme.slug}/meetings/calendar/?on=2030-03-05"
    page = _text(_client_of(manager).get(url))
    assert "Draft kick-off" in page
    assert "Asia/Hebron" in page
    assert "Draft kick-off" not in _text(_client_of(mentee).get("/calendar/month/?on=2030-03-05"))
    assert _client_of(mentee).get(url).status_code == 404
    stranger = _person("FR")
    ParticipationFactory(programme=ProgrammeFactory(), person=stranger, role="manager")
    assert _client_of(stranger).get(url).status_code == 404


@pytest.mark.parametrize(
    ("weekend", "first"), [((4, 5), 6), ((5, 6), 0), ((), 0), ((6, 0), 1), ((4,), 5)]
)
def test_the_week_starts_the_day_after_the_weekend(weekend, first) -> None:
    assert calendar_grid.first_weekday(weekend) == first


def test_a_month_grid_is_whole_weeks_and_steps_to_the_last_day_of_a_shorter_month() -> None:
    period = calendar_grid.build(
        "month",
        date(2030, 1, 31),
        today=date(2030, 1, 2),
        viewer_weekend=(5, 6),
        groups=[calendar_grid.WeekendGroup("EG", frozenset({4, 5}))],
        items=[date(2030, 1, 3), date(2030, 1, 3), date(2030, 2, 1)],
        day_of=lambda item: item,
    )
    assert period.first == date(2029, 12, 31)
    assert period.last == date(2030, 2, 3)
    assert all(len(week) == 7 for week in period.weeks)
    assert period.previous == date(2029, 12, 31)
    assert period.following == date(2030, 2, 28)
    assert [(d.day, len(d.items)) for d in period.busy_days] == [(date(2030, 1, 3), 2)]
    friday = period.weeks[0][4]
    assert friday.off_for == ("EG",)
    assert not friday.viewer_off
    assert period.weeks[0][5].viewer_off
    assert period.weeks[0][5].off_for == ("EG",)
    assert [d.is_today for d in period.days].count(True) == 1


def test_the_partners_weekends_and_public_holidays_show_on_weeks_without_meetings() -> None:
    programme = ProgrammeFactory()
    mentee = _person("EG", "Africa/Cairo")
    mentor = _person("FR", "Europe/Paris")
    PairFactory(
        programme=programme,
        status="confirmed",
        mentor=ParticipationFactory(programme=programme, person=mentor, role="mentor"),
        mentee=ParticipationFactory(programme=programme, person=mentee, role="mentee"),
    )
    page = _text(_client_of(mentee).get("/calendar/week/?on=2030-07-14"))
    # 14 July is France's national day, not Egypt's.
    assert re.search(r"Sunday 14 July</h3>(?:(?!</h3>).)*Public holiday in: France", page)
    assert not re.search(r"Sunday 14 July</h3>(?:(?!</h3>).)*Public holiday in: Egypt", page)
    month = _text(_client_of(mentee).get("/calendar/month/?on=2030-07-01"))
    egypt = sorted(d for d in country_holidays("EG", years=[2030]) if d.month == 7)
    assert egypt
    for day in egypt:
        assert f'>{day.day}</a> <span class="holiday-note">public holiday: EG</span>' in month
