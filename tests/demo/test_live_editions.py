"""The demo's live editions: one running around the day it is built, the next one recruiting."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from clusterbridge.applications.models import Application
from clusterbridge.demo.live import NEXT_SLUG, RUNNING_SLUG
from clusterbridge.demo.programme import PASSWORD, SLUG, build_demo
from clusterbridge.directory.models import Person
from clusterbridge.journeys import selectors
from clusterbridge.journeys.models import Assessment, SessionLog
from clusterbridge.meetings.models import Meeting
from clusterbridge.programmes.models import Pair, Programme
from tests.applications.conftest import form_data

pytestmark = pytest.mark.django_db

# A Wednesday in spring, far from the day the tests run: only the given day may count.
TODAY = date(2031, 4, 16)
NOON = datetime.combine(TODAY, time(12), tzinfo=UTC)


@pytest.fixture
def frozen_demo() -> None:
    build_demo(today=TODAY)


def _programme(slug: str) -> Programme:
    return Programme.objects.get(slug=slug)


def test_the_demo_has_2021_closed_an_edition_running_today_and_the_next_recruiting(
    frozen_demo: None,
) -> None:
    history, running, following = (_programme(s) for s in (SLUG, RUNNING_SLUG, NEXT_SLUG))

    assert (history.status, running.status, following.status) == ("closed", "running", "recruiting")
    assert (history.starts_on, history.ends_on) == (date(2021, 1, 20), date(2021, 10, 31))
    assert running.starts_on < TODAY < running.ends_on
    assert following.starts_on > TODAY
    assert following.call.deadline > NOON


def test_the_running_edition_has_pairs_in_progress_and_meetings_ahead(frozen_demo: None) -> None:
    running = _programme(RUNNING_SLUG)
    upcoming = Meeting.objects.filter(programme=running, starts_at__gt=NOON)

    assert Pair.objects.filter(programme=running, status="confirmed").count() == 4
    assert upcoming.filter(kind="joint_meeting", starts_at__lt=NOON + timedelta(days=14)).exists()
    assert upcoming.filter(kind="bilateral_session").exists()
    logged = SessionLog.objects.filter(pair__programme=running).values("pair").distinct()
    assert logged.count() == 4


def test_one_running_pair_is_flagged_for_no_recent_session(frozen_demo: None) -> None:
    pairs = selectors.pairs_with_health_data(Pair.objects.filter(programme__slug=RUNNING_SLUG))
    flags = {
        health.pair.mentee.person.full_name: [flag.kind for flag in health.flags]
        for health in selectors.health_of_pairs(pairs, now=NOON).values()
    }

    assert flags == {
        "Mona Abdelaziz": [],
        "Rim Ayari": [],
        "Tariq Jaber": [],
        "Zaid Odeh": ["no_session"],
    }


def test_the_running_edition_s_mid_term_assessment_is_due_but_not_overdue(
    frozen_demo: None,
) -> None:
    running = _programme(RUNNING_SLUG)
    due = selectors.assessment_due_dates(running)["midterm"]
    done = Assessment.objects.filter(programme=running, stage="midterm", rater="self").count()

    assert TODAY < due <= TODAY + timedelta(days=21)
    assert done == 1  # one mentee of four has answered; three still have it to do


def test_demo_data_prints_each_programme_and_the_open_call(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("demo_data")
    lines = capsys.readouterr().out.splitlines()

    site = "http://127.0.0.1:8000/programmes"
    assert [line for line in lines if line.startswith(("programme: ", "apply: "))] == [
        f"programme: {SLUG} (closed) {site}/{SLUG}/",
        f"programme: {RUNNING_SLUG} (running) {site}/{RUNNING_SLUG}/",
        f"programme: {NEXT_SLUG} (recruiting) {site}/{NEXT_SLUG}/",
        f"apply: {site}/{NEXT_SLUG}/apply/",
    ]
    assert any(line.split()[:2] == ["programme", "manager"] for line in lines)


def test_the_open_call_takes_a_mentee_from_tunisia_and_refuses_brazil_and_algeria() -> None:
    build_demo()
    apply = f"/programmes/{NEXT_SLUG}/apply/"

    # Brazil is no country of the directory at all; Algeria is, but outside the call.
    from_brazil = Client().post(apply, form_data(email="ana@example.org", country="BR"))
    from_algeria = Client().post(apply, form_data(email="yacine@example.org", country="DZ"))
    from_tunisia = Client().post(apply, form_data(email="amel@example.org", country="TN"))

    assert from_brazil.status_code == 200
    assert "country" in from_brazil.context["form"].errors
    assert from_algeria.status_code == 200
    assert from_algeria.context["form"].errors["country"] == [
        "This call takes mentee applicants from Egypt, Jordan, Morocco, Palestine, Tunisia "
        "only, not from Algeria."
    ]
    assert from_tunisia.status_code == 302
    assert list(Application.objects.values_list("participation__person__email", flat=True)) == [
        "amel@example.org"
    ]


def test_the_open_call_takes_mentors_from_the_eu_and_palestine_only(frozen_demo: None) -> None:
    call = _programme(NEXT_SLUG).call
    mentor_countries = set(call.mentor_countries.values_list("code", flat=True))

    assert {"FR", "IT", "ES", "PS", "DE"} <= mentor_countries
    assert not mentor_countries & {"MA", "TN", "EG", "JO", "BR", "GB"}
    assert set(call.mentee_countries.values_list("code", flat=True)) == {
        "EG",
        "JO",
        "MA",
        "PS",
        "TN",
    }


def test_every_demo_person_signs_in_with_the_demo_password(frozen_demo: None, settings) -> None:
    settings.CLUSTERBRIDGE_REQUIRE_MFA = False
    people = list(Person.objects.order_by("pk"))
    in_live_editions = Person.objects.filter(
        participations__programme__slug__in=[RUNNING_SLUG, NEXT_SLUG]
    )

    assert in_live_editions.count() > 10
    for number, person in enumerate(people):
        # One address per person: the sign-in form's rate limit counts per address.
        client = Client(REMOTE_ADDR=f"10.0.{number // 200}.{number % 200 + 1}")
        response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
        assert response.status_code == 302, person.email


def test_the_running_editions_meetings_are_online_each_in_its_own_room(frozen_demo: None) -> None:
    links = list(
        Meeting.objects.filter(programme__slug=RUNNING_SLUG).values_list("online_url", flat=True)
    )

    assert links
    assert all(link.startswith("https://meet.jit.si/clusterbridge-") for link in links)
    assert len(set(links)) == len(links)


def test_the_running_edition_has_an_announcement_in_three_languages(frozen_demo: None) -> None:
    running = _programme(RUNNING_SLUG)
    [announcement] = running.announcements.all()

    assert {version.language for version in announcement.versions.all()} == {"fr", "ar"}
    assert (
        announcement.recipients.count() == running.participations.filter(status="accepted").count()
    )
