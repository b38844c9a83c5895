"""The e-mails consent governs news and community notifications, never service mail.

Every message goes through a real SMTP server on loopback. Nobody in the `world` fixture has
given the e-mails consent unless a test gives it.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterbridge.community import services as community
from clusterbridge.community.models import Notification, Opportunity
from clusterbridge.directory import mailing
from clusterbridge.directory import services as directory
from clusterbridge.directory.models import Person
from clusterbridge.journeys import services as journeys
from clusterbridge.journeys.models import HealthReminder
from clusterbridge.matching import mail as matching_mail
from clusterbridge.meetings import services as meetings
from clusterbridge.missions import services as missions
from tests.conftest import World
from tests.factories import InvitationFactory, MeetingFactory
from tests.smtp import Inbox


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


TODAY = date(2030, 3, 1)
NOW = datetime(2030, 3, 1, 8, tzinfo=UTC)


def _consent_to_emails(person: Person, given: bool) -> None:
    directory.update_person(person=person, emails_consent=given)


def _withdraw_on_profile_page(world: World, name: str) -> None:
    """Submit the profile form with the e-mails box unticked, as the person would."""
    person = world.people[name]
    response = world.client_for(name).post(
        "/profile/",
        {
            "full_name": person.full_name,
            "time_zone": person.time_zone,
            "visibility": person.visibility,
        },
    )
    assert response.status_code == 302


def _opportunity_of(person: Person) -> Opportunity:
    return community.post_opportunity(
        author=person,
        kind="call_for_partners",
        title="Partners for an e-health pilot",
        body="Two clusters wanted.",
        today=TODAY,
    )


def _interest(opportunity: Opportunity, person: Person, capture) -> None:
    with capture(execute=True):
        community.express_interest(opportunity=opportunity, person=person, today=TODAY)


def test_a_member_who_consented_gets_the_interest_notification_by_mail(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    carla = world.people["carla"]
    _consent_to_emails(carla, True)
    post = _opportunity_of(carla)

    _interest(post, world.people["marc"], django_capture_on_commit_callbacks)

    [message] = smtp.to("carla@example.org")
    assert message["Subject"] == "New interest in your opportunity"
    assert Notification.objects.filter(recipient=carla).count() == 1


def test_a_notification_mail_is_written_in_the_recipients_language(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    carla = world.people["carla"]
    _set_language(carla, "fr")
    _consent_to_emails(carla, True)

    _interest(_opportunity_of(carla), world.people["marc"], django_capture_on_commit_callbacks)

    [message] = smtp.to("carla@example.org")
    assert message["Subject"].strip() == "Nouvelle marque d’intérêt pour votre opportunité"


def test_mail_falls_back_to_the_site_language_for_a_language_the_site_no_longer_offers(
    world: World,
) -> None:
    carla = world.people["carla"]
    _set_language(carla, "de")

    assert mailing.language_of(carla) == "en"


def test_mail_to_a_person_without_a_login_is_in_the_site_language(world: World) -> None:
    person = Person(full_name="No Login", email="nologin@example.org")

    assert mailing.language_of(person) == "en"


def _set_language(person: Person, language: str) -> None:
    assert person.user is not None
    person.user.language = language
    person.user.save(update_fields=["language"])


def test_withdrawing_on_the_profile_stops_the_next_mail_but_not_the_in_app_notification(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    carla = world.people["carla"]
    _consent_to_emails(carla, True)
    post = _opportunity_of(carla)
    _interest(post, world.people["marc"], django_capture_on_commit_callbacks)

    _withdraw_on_profile_page(world, "carla")
    _interest(post, world.people["amina"], django_capture_on_commit_callbacks)

    assert len(smtp.to("carla@example.org")) == 1
    assert list(
        Notification.objects.filter(recipient=carla)
        .order_by("pk")
        .values_list("message", flat=True)
    ) == [
        "Marc is interested in “Partners for an e-health pilot”.",
        "Amina is interested in “Partners for an e-health pilot”.",
    ]


def test_an_answer_to_an_interest_is_not_mailed_without_the_consent(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    post = _opportunity_of(world.people["carla"])
    community.express_interest(opportunity=post, person=world.people["marc"], today=TODAY)
    interest = post.interests.get()

    with django_capture_on_commit_callbacks(execute=True):
        community.answer_interest(interest=interest, author=world.people["carla"], answer="Yes")

    assert smtp.to("marc@example.org") == []
    assert Notification.objects.filter(recipient=world.people["marc"]).count() == 1


def test_people_without_the_consent_still_get_their_meeting_invitation(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    _consent_to_emails(world.people["amina"], True)
    _withdraw_on_profile_page(world, "amina")

    with django_capture_on_commit_callbacks(execute=True):
        meetings.create_meeting(
            programme=world.reloaded,
            kind="bilateral_session",
            title="Session 2",
            starts_at=datetime(2030, 3, 4, 9, tzinfo=UTC),
            duration_minutes=60,
            invitees=[world.people["marc"], world.people["amina"]],
        )

    for address in ("amina@example.org", "marc@example.org"):
        [message] = smtp.to(address)
        assert Inbox.calendar_part(message)[0] == "REQUEST"


def test_people_without_the_consent_still_get_their_meeting_reminder(
    world: World, smtp: Inbox
) -> None:
    meeting = MeetingFactory(programme=world.reloaded, starts_at=NOW + timedelta(hours=20))
    InvitationFactory(meeting=meeting, person=world.people["karim"])

    with time_machine.travel(NOW, tick=False):
        sent = meetings.send_due_reminders()

    assert sent == 1
    assert [message["To"] for message in smtp.messages] == ["karim@example.org"]


def test_people_without_the_consent_still_get_their_pair_confirmation(
    world: World, smtp: Inbox
) -> None:
    sent = matching_mail.send_pair_confirmations([world.pair.pk])

    assert sent == 2
    assert sorted(message["To"] for message in smtp.messages) == [
        "amina@example.org",
        "marc@example.org",
    ]


def test_people_without_the_consent_still_get_their_pair_health_reminders(
    world: World, smtp: Inbox
) -> None:
    # The world's programme ended in 2021, so its pairs' end assessments are overdue.
    sent = journeys.send_health_reminders(now=NOW)

    assert sent >= 1
    assert sorted(message["To"] for message in smtp.messages) == sorted(
        reminder.recipient.email for reminder in HealthReminder.objects.select_related("recipient")
    )


def test_people_without_the_consent_still_get_mission_requests(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    mission = missions.create_mission(
        programme=world.reloaded,
        title="Barcelona B2B",
        starts_at=datetime(2030, 6, 4, 7, 30, tzinfo=UTC),
        slot_minutes=30,
        slot_count=3,
        table_count=2,
        time_zone="Europe/Madrid",
    )
    marc = missions.join_mission(mission=mission, person=world.people["marc"], offer="Agri")
    amina = missions.join_mission(mission=mission, person=world.people["amina"], offer="Food")

    with django_capture_on_commit_callbacks(execute=True):
        missions.request_meeting(requester=amina, requested=marc, message="Meet?")

    assert [message["To"] for message in smtp.messages] == ["marc@example.org"]


def test_news_goes_only_to_people_with_an_open_consent_service_mail_to_everyone(
    world: World,
) -> None:
    consenting, withdrawn, never = (world.people[name] for name in ("carla", "marc", "amina"))
    _consent_to_emails(consenting, True)
    _consent_to_emails(withdrawn, True)
    _consent_to_emails(withdrawn, False)
    people = [never, withdrawn, consenting]

    assert mailing.recipients(people, mailing.MailCategory.NEWS) == [consenting]
    assert mailing.recipients(people, mailing.MailCategory.SERVICE) == people


def _queries_to_filter(people: list[Person], category: mailing.MailCategory) -> int:
    with CaptureQueriesContext(connection) as queries:
        mailing.recipients(people, category)
    return len(queries)


def test_the_recipient_filter_reads_consents_in_one_query_whatever_the_number_of_people(
    world: World,
) -> None:
    for name in ("carla", "marc", "amina"):
        _consent_to_emails(world.people[name], True)
    one = [world.people["carla"]]
    three = [world.people[name] for name in ("carla", "marc", "amina")]

    news = mailing.MailCategory.NEWS
    service = mailing.MailCategory.SERVICE
    assert _queries_to_filter(one, news) == _queries_to_filter(three, news) == 1
    assert _queries_to_filter(one, service) == _queries_to_filter(three, service) == 0


def test_the_profile_form_says_which_emails_come_whatever_the_consent(world: World) -> None:
    page = world.client_for("carla").get("/profile/").content.decode()

    assert "Send me news and community notifications by e-mail" in page
    assert "Whatever you choose, you receive the e-mails you need to take part" in page


def test_erased_people_are_sent_nothing_not_even_service_mail(world: World) -> None:
    erased = directory.erase_person(person=world.people["amina"])
    marc = world.people["marc"]

    assert mailing.recipients([erased, marc], mailing.MailCategory.SERVICE) == [marc]
