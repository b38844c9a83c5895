"""The whole story of a new edition, walked as its people would, through the pages only.

Mia manages "Second edition" and Claire mentors in it; both exist before the story starts.
Salma applies on the public form, Mia accepts her, the invitation reaches Salma over the
loopback SMTP server, she sets her password and lands on her checklist; Mia runs the matcher
and confirms Salma with Claire, schedules their first session, closes the pair and the
programme and issues the certificates; Salma downloads hers and a visitor checks it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from clusterbridge.accounts.models import User
from clusterbridge.competences.models import CompetenceArea, PersonCompetence
from clusterbridge.directory import services as directory
from clusterbridge.directory.models import Person
from clusterbridge.programmes import services as programmes
from clusterbridge.programmes.models import Participation, Programme
from tests.factories import ProgrammeFactory, UserFactory, country
from tests.smtp import Inbox

SLUG = "second-edition"
PROGRAMME = f"/programmes/{SLUG}"
SALMA = "salma@example.org"
PASSWORD = "olive grove at dawn 42"
INVITATION_LINK = re.compile(r"/invitations/([A-Za-z0-9_-]+)/")

# pytest-django's django_capture_on_commit_callbacks: runs what a request left for after commit.
Capture = Callable[..., AbstractContextManager[object]]


@dataclass
class Edition:
    programme: Programme
    mia: Client  # the programme's manager, signed in


@pytest.fixture
def edition(db: None, settings) -> Edition:
    """The only rows made without the pages: the programme, its manager and one mentor."""
    settings.BASE_URL = "http://testserver"
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Second edition",
        slug=SLUG,
        status="matching",
        starts_on=today,
        ends_on=today + timedelta(days=180),
    )
    manager = _member(programme, "Mia", "ES", role="manager", languages={"es": "native"})
    claire = _member(programme, "Claire", "FR", role="mentor", languages={"fr": "native"})
    PersonCompetence.objects.create(
        person=claire.person,
        area=CompetenceArea.objects.get(code="strategy"),
        kind="expertise",
        level=5,
    )
    mia = Client()
    assert manager.person.user is not None
    mia.force_login(manager.person.user)
    return Edition(programme=programme, mia=mia)


def _member(
    programme: Programme, name: str, code: str, *, role: str, languages: dict[str, str]
) -> Participation:
    email = f"{name.lower()}@example.org"
    person = directory.create_person(
        full_name=name, email=email, country=country(code), languages=languages
    )
    person.user = UserFactory(email=email)
    person.save(update_fields=["user"])
    return programmes.add_participant(
        programme=programme, person=person, role=role, status="accepted"
    )


# The steps of the story, in order.


def mia_opens_the_call(edition: Edition) -> None:
    deadline = timezone.localtime() + timedelta(days=30)
    assert edition.mia.get(f"{PROGRAMME}/applications/call/").status_code == 200
    response = edition.mia.post(
        f"{PROGRAMME}/applications/call/",
        {
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
            "seeks_mentees": "on",
            "mentee_countries": [str(country("JO").pk)],
        },
    )
    assert response.status_code == 302


def salma_applies(capture: Capture, smtp: Inbox) -> None:
    visitor = Client()
    form = visitor.get(f"{PROGRAMME}/apply/")
    assert form.status_code == 200
    assert 'name="consent_privacy"' in form.content.decode()
    with capture(execute=True):
        response = visitor.post(
            f"{PROGRAMME}/apply/",
            {
                "name": "Salma Haddad",
                "email": SALMA,
                "country": "JO",
                "organisation": "Jordan ICT Cluster",
                "position": "Cluster manager",
                "role": "mentee",
                "languages": "ar:native, fr:C1, en:B2",
                "time_zone": "Asia/Amman",
                "motivation": "To grow our members' exports.",
                "consent_privacy": "on",
                "area_strategy": "5",
            },
        )
    assert response["Location"] == f"{PROGRAMME}/apply/sent/"
    assert [m["Subject"] for m in smtp.to(SALMA)] == ["Your application to Second edition"]


def mia_accepts_salma(edition: Edition, capture: Capture) -> None:
    review = edition.mia.get(f"{PROGRAMME}/applications/").content.decode()
    assert "To grow our members&#x27; exports." in review
    [application] = re.findall(
        r'name="applications" value="(\d+)"[^>]*><label[^>]*><bdi>Salma Haddad</bdi></label>',
        review,
    )
    with capture(execute=True):
        response = edition.mia.post(
            f"{PROGRAMME}/applications/decide/",
            {"applications": [application], "decision": "accept"},
        )
    assert response.status_code == 302


def invitation_token(smtp: Inbox) -> str:
    """The token of the link in the invitation that reached Salma over SMTP."""
    [invitation] = [m for m in smtp.to(SALMA) if m["Subject"].startswith("Your invitation")]
    [token] = INVITATION_LINK.findall(_text(invitation))
    return str(token)


def salma_sets_her_password(token: str) -> Client:
    salma = Client()
    page = salma.get(f"/invitations/{token}/")
    assert "invites <bdi>Salma Haddad</bdi> to <bdi>Second edition</bdi>" in page.content.decode()
    response = salma.post(f"/invitations/{token}/", {"password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == "/home/"
    return salma


def salma_sees_her_checklist(salma: Client) -> None:
    home = salma.get("/home/").content.decode()
    assert "What to do next" in home
    assert "Second edition" in home
    assert 'href="/calendar/availability/"' in home


def salma_gives_her_weekly_availability(salma: Client) -> None:
    """One step of the checklist, followed from its link, counts as done on her return."""
    before = _steps_done(salma)
    assert salma.get("/calendar/availability/").status_code == 200
    response = salma.post(
        "/calendar/availability/",
        {"form": "window", "window-weekday": "0", "window-starts": "09:00", "window-ends": "12:00"},
    )
    assert response["Location"] == "/calendar/availability/"
    assert _steps_done(salma) == before + 1


def mia_matches_salma_with_claire(edition: Edition, capture: Capture, smtp: Inbox) -> None:
    run = edition.mia.post(f"{PROGRAMME}/matching/run/", {"mode": "optimal"})
    assert run.status_code == 302
    proposals = edition.mia.get(f"{PROGRAMME}/matching/").content.decode()
    assert "Salma Haddad" in proposals
    [run_pk] = re.findall(r'name="run" value="(\d+)"', proposals)
    with capture(execute=True):
        edition.mia.post(f"{PROGRAMME}/matching/confirm/", {"run": run_pk})
    assert "Your pair in Second edition: Claire" in [m["Subject"] for m in smtp.to(SALMA)]
    edition.mia.post(f"{PROGRAMME}/status/", {"status": "running"})
    # The status page redirects whether or not the change was allowed.
    edition.programme.refresh_from_db()
    assert edition.programme.status == "running"


def salma_sees_her_mentor(salma: Client) -> None:
    home = salma.get("/home/").content.decode()
    assert "My mentor" in home
    assert "Claire" in home


def mia_schedules_the_first_session(edition: Edition, capture: Capture, smtp: Inbox) -> None:
    form = edition.mia.get(f"{PROGRAMME}/meetings/new/").content.decode()
    invitees = re.findall(r'<option value="(\d+)"[^>]*>(?:Salma Haddad|Claire)</option>', form)
    assert len(invitees) == 2
    day = timezone.localdate() + timedelta(days=14)
    with capture(execute=True):
        response = edition.mia.post(
            f"{PROGRAMME}/meetings/new/",
            {
                "kind": "bilateral_session",
                "title": "First session",
                "date": day.isoformat(),
                "time": "10:00",
                "time_zone": "Asia/Amman",
                "end_time": "11:00",
                "online_url": "https://meet.example.org/first",
                "invitees": invitees,
            },
        )
    assert response.status_code == 302
    method, calendar = Inbox.calendar_part(smtp.to(SALMA)[-1])
    assert method == "REQUEST"
    assert "First session" in calendar


def salma_sees_the_session_coming(salma: Client) -> None:
    assert "First session" in salma.get("/home/").content.decode()


def mia_closes_the_programme(edition: Edition, capture: Capture, smtp: Inbox) -> None:
    closing = edition.mia.get(f"{PROGRAMME}/closing/")
    # The pair's checkbox and its own row's button both name it.
    [pair_pk] = set(re.findall(r'name="pair" value="(\d+)"', closing.content.decode()))
    completed = edition.mia.post(
        f"{PROGRAMME}/closing/pairs/", {"pair": pair_pk, "outcome": "completed"}, follow=True
    )
    assert "1 pair closed out." in completed.content.decode()
    with capture(execute=True):
        closed = edition.mia.post(f"{PROGRAMME}/closing/close/", follow=True)
    assert "The programme is closed and archived" in closed.content.decode()
    assert f"{PROGRAMME}/journeys/surveys/" in _text(smtp.to(SALMA)[-1])
    issued = edition.mia.post(f"{PROGRAMME}/closing/certificates/", follow=True)
    assert "2 certificates issued." in issued.content.decode()


def salma_downloads_her_certificate(salma: Client) -> str:
    """The verification address printed on Salma's certificate."""
    home = salma.get("/home/").content.decode()
    [download] = re.findall(r'href="(/certificates/[A-Za-z0-9_-]+/pdf/)"', home)
    response = salma.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Salma Haddad" in text
    [printed] = re.findall(r"/certificates/[A-Za-z0-9_-]+/", text.replace("\n", ""))
    assert download.startswith(printed)
    return str(printed)


def a_visitor_verifies_it(edition: Edition, address: str) -> None:
    page = Client().get(address)
    html = page.content.decode()
    assert page.status_code == 200
    assert re.findall(r"<dt>(.*?)</dt>", html) == ["Name", "Programme", "Role", "Dates"]
    starts = date_format(edition.programme.starts_on, "DATE_FORMAT")
    assert all(fact in html for fact in ("Salma Haddad", "Second edition", "Mentee", starts))
    assert SALMA not in html
    assert "Jordan ICT Cluster" not in html
    assert "Claire" not in html


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _steps_done(client: Client) -> int:
    [done] = re.findall(r"(\d+) steps? done out of \d+\.", client.get("/home/").content.decode())
    return int(done)


def _people() -> tuple[int, int]:
    return Person.objects.count(), User.objects.count()


# The story, and the two ways its link can be misused.


def test_an_applicant_becomes_a_certified_mentee_through_the_pages(
    edition: Edition, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    mia_opens_the_call(edition)
    salma_applies(capture, smtp)
    mia_accepts_salma(edition, capture)
    salma = salma_sets_her_password(invitation_token(smtp))
    salma_sees_her_checklist(salma)
    salma_gives_her_weekly_availability(salma)
    mia_matches_salma_with_claire(edition, capture, smtp)
    salma_sees_her_mentor(salma)
    mia_schedules_the_first_session(edition, capture, smtp)
    salma_sees_the_session_coming(salma)
    mia_closes_the_programme(edition, capture, smtp)
    a_visitor_verifies_it(edition, salma_downloads_her_certificate(salma))


def test_a_tampered_invitation_link_is_refused_and_creates_no_login(
    edition: Edition, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    mia_opens_the_call(edition)
    salma_applies(django_capture_on_commit_callbacks, smtp)
    mia_accepts_salma(edition, django_capture_on_commit_callbacks)
    tampered = invitation_token(smtp)[:-1]
    before = _people()

    response = Client().post(
        f"/invitations/{tampered}/", {"password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 404
    assert "not one we sent" in response.content.decode()
    assert _people() == before
    assert not User.objects.filter(email=SALMA).exists()


def test_a_used_invitation_link_says_so_and_creates_nothing_more(
    edition: Edition, smtp: Inbox, django_capture_on_commit_callbacks
) -> None:
    mia_opens_the_call(edition)
    salma_applies(django_capture_on_commit_callbacks, smtp)
    mia_accepts_salma(edition, django_capture_on_commit_callbacks)
    token = invitation_token(smtp)
    salma_sets_her_password(token)
    before = _people()

    again = Client().post(
        f"/invitations/{token}/",
        {"password1": "an intruder's own words 7", "password2": "an intruder's own words 7"},
    )

    assert again.status_code == 200
    assert "already used" in again.content.decode()
    assert _people() == before
    assert User.objects.get(email=SALMA).check_password(PASSWORD)
