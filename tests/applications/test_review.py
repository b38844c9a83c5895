"""The managers' review: decisions one by one and in bulk, their e-mails, and the waiting list."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from clusterbridge.applications import services
from clusterbridge.applications.models import Application, Call
from clusterbridge.invitations.models import Invitation
from clusterbridge.programmes.models import Participation
from tests.applications.conftest import APPLY, form_data, open_call
from tests.conftest import World
from tests.factories import country
from tests.smtp import Inbox

REVIEW = "/programmes/reloaded/applications/"
DECIDE = "/programmes/reloaded/applications/decide/"


def _apply(email: str, **changes: str) -> Application:
    Client().post(APPLY, form_data(email=email, **changes))
    return Application.objects.get(participation__person__email=email)


def _status(application: Application) -> str:
    return Participation.objects.get(pk=application.participation_id).status


def test_the_review_lists_each_application_with_its_answers(world: World, call: Call) -> None:
    _apply("salma@example.org")
    page = world.client_for("mona").get(REVIEW).content.decode()
    assert "Salma Haddad" in page
    assert "Jordan ICT Cluster" in page
    assert "To grow our members&#x27; exports." in page
    assert "Strategy" in page


def test_the_participants_page_links_the_managers_to_the_review(world: World) -> None:
    page = world.client_for("mona").get("/programmes/reloaded/participants/").content.decode()
    assert f'href="{REVIEW}"' in page


def test_accepting_one_applicant_e_mails_her(
    world: World, call: Call, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    salma = _apply("salma@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("mona").post(
            DECIDE, {"applications": [salma.pk], "decision": "accept"}
        )
    assert response.status_code == 302
    assert _status(salma) == "accepted"
    assert [m["Subject"] for m in smtp.to("salma@example.org")] == [
        "You are accepted in Reloaded",
        "Your invitation to Reloaded",
    ]


def test_an_accepted_applicant_without_a_login_is_invited_by_the_deciding_manager(
    world: World, call: Call, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    salma = _apply("salma@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("mona").post(DECIDE, {"applications": [salma.pk], "decision": "accept"})

    invitation = Invitation.objects.get(participation_id=salma.participation_id)
    assert invitation.invited_by == world.users["mona"]
    [mail] = [m for m in smtp.to("salma@example.org") if "invitation" in m["Subject"]]
    [token] = re.findall(r"/invitations/([A-Za-z0-9_-]+)/", mail.get_content())
    page = Client().get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()


def test_waitlisting_or_declining_sends_no_invitation(
    world: World, call: Call, django_capture_on_commit_callbacks
) -> None:
    salma = _apply("salma@example.org")
    omar = _apply("omar@example.org", country="EG", time_zone="Africa/Cairo")
    mona = world.client_for("mona")
    with django_capture_on_commit_callbacks(execute=True):
        mona.post(DECIDE, {"applications": [salma.pk], "decision": "waitlist"})
        mona.post(DECIDE, {"applications": [omar.pk], "decision": "decline"})

    assert not Invitation.objects.exists()


def test_declining_in_bulk_sends_each_applicant_the_message(
    world: World, call: Call, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    first = _apply("salma@example.org")
    second = _apply("omar@example.org", country="EG", time_zone="Africa/Cairo")
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("mona").post(
            DECIDE,
            {
                "applications": [first.pk, second.pk],
                "decision": "decline",
                "message": "We had many strong applications.",
            },
        )
    assert (_status(first), _status(second)) == ("declined", "declined")
    for address in ("salma@example.org", "omar@example.org"):
        [message] = smtp.to(address)
        assert "We had many strong applications." in message.get_content()


def test_a_decision_is_written_in_the_applicant_s_language(
    world: World, call: Call, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    client.cookies["clusterbridge_language"] = "ar"
    client.post(APPLY, form_data())
    salma = Application.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("mona").post(DECIDE, {"applications": [salma.pk], "decision": "waitlist"})
    [message] = smtp.to("salma@example.org")
    # A long non-ASCII subject is folded after "Subject:", which the parser keeps as a space.
    assert message["Subject"].strip() == "أنت على قائمة الانتظار في Reloaded"
    assert _status(salma) == "waitlisted"


def test_a_decision_the_status_does_not_allow_is_refused(world: World, call: Call) -> None:
    salma = _apply("salma@example.org")
    mona = world.client_for("mona")
    mona.post(DECIDE, {"applications": [salma.pk], "decision": "accept"})
    response = mona.post(DECIDE, {"applications": [salma.pk], "decision": "waitlist"}, follow=True)
    assert _status(salma) == "accepted"
    assert "Salma Haddad's application is accepted: it cannot be changed that way." in (
        response.content.decode().replace("&#x27;", "'")
    )


def test_a_freed_place_goes_to_the_first_waitlisted_applicant(
    world: World, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    # Amina and Karim already hold two of the three mentee places.
    open_call(world, mentee_places=3)
    salma = _apply("salma@example.org")
    omar = _apply("omar@example.org", country="EG", time_zone="Africa/Cairo")
    mona = world.client_for("mona")
    mona.post(DECIDE, {"applications": [salma.pk], "decision": "accept"})
    refused = mona.post(DECIDE, {"applications": [omar.pk], "decision": "accept"}, follow=True)
    assert "Not enough places are left for mentee applicants (0 left)" in refused.content.decode()
    mona.post(DECIDE, {"applications": [omar.pk], "decision": "waitlist"})
    with django_capture_on_commit_callbacks(execute=True):
        mona.post(DECIDE, {"applications": [salma.pk], "decision": "withdraw"})
    assert (_status(salma), _status(omar)) == ("withdrawn", "accepted")
    assert [m["Subject"] for m in smtp.to("omar@example.org")] == [
        "You are accepted in Reloaded",
        "Your invitation to Reloaded",
    ]


def test_more_places_on_the_call_move_the_waiting_list_up(world: World) -> None:
    open_call(world, mentee_places=2)
    omar = _apply("omar@example.org", country="EG", time_zone="Africa/Cairo")
    services.decide(
        programme=world.reloaded,
        applications=[omar],
        decision=services.Decision.WAITLIST,
        now=timezone.now(),
    )
    open_call(world, mentee_places=3)
    assert _status(omar) == "accepted"


def test_the_manager_opens_the_call_on_its_page(world: World) -> None:
    response = world.client_for("mona").post(
        "/programmes/reloaded/applications/call/",
        {
            "deadline": "2031-03-01T18:00",
            "seeks_mentees": "on",
            "mentee_countries": [str(country("JO").pk)],
            "mentee_places": "10",
        },
    )
    assert response.status_code == 302
    call = Call.objects.get(programme=world.reloaded)
    assert (call.seeks_mentees, call.seeks_mentors, call.mentee_places) == (True, False, 10)
    assert call.mentee_countries.count() == 1


@pytest.mark.parametrize("role", ["olga", "marc", "amina", "carla"])
def test_nobody_but_the_programme_s_managers_reviews_or_decides(
    world: World, call: Call, role: str
) -> None:
    salma = _apply("salma@example.org")
    client = world.client_for(role)
    assert client.get(REVIEW).status_code == 404
    assert client.get("/programmes/reloaded/applications/call/").status_code == 404
    response = client.post(DECIDE, {"applications": [salma.pk], "decision": "accept"})
    assert response.status_code == 404
    assert _status(salma) == "applied"


def test_a_visitor_is_sent_to_sign_in_and_decides_nothing(world: World, call: Call) -> None:
    salma = _apply("salma@example.org")
    response = Client().post(DECIDE, {"applications": [salma.pk], "decision": "accept"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert _status(salma) == "applied"


def test_another_programme_s_manager_cannot_decide_through_her_own_programme(
    world: World, call: Call
) -> None:
    salma = _apply("salma@example.org")
    world.client_for("olga").post(
        "/programmes/other/applications/decide/",
        {"applications": [salma.pk], "decision": "accept"},
    )
    assert _status(salma) == "applied"
