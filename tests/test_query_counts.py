"""Every list page costs the same number of queries for 1 item as for 3 (no N+1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clusterbridge.api.services import create_api_token, revoke_api_token
from clusterbridge.applications import services as applications
from clusterbridge.certificates import services as certificates
from clusterbridge.common.figures import forget_figures
from clusterbridge.invitations import services as invitations
from clusterbridge.outbox.models import OutboxMessage, OutboxStatus
from clusterbridge.outbox.services import queue_messages
from clusterbridge.programmes.models import Programme
from clusterbridge.programmes.services import add_staff_member
from tests.factories import (
    InvitationFactory,
    MeetingFactory,
    OrganisationFactory,
    PairFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    country,
)

pytestmark = pytest.mark.django_db


def _manager_client(programme) -> Client:
    user = UserFactory()
    ParticipationFactory(programme=programme, role="manager", person=PersonFactory(user=user))
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> int:
    client.get(url)  # warm caches shared by every page (demo notice, sessions)
    # The programme figures kept between visits would hide what computing them costs.
    forget_figures()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_participants(programme, count: int) -> None:
    for _ in range(count):
        ParticipationFactory(programme=programme, role="mentee")


def _add_pairs(programme, count: int) -> None:
    for _ in range(count):
        PairFactory(programme=programme)


def _add_meetings(programme, count: int) -> None:
    for _ in range(count):
        meeting = MeetingFactory(programme=programme)
        InvitationFactory(meeting=meeting, person=PersonFactory())


def _add_organisations(programme, count: int) -> None:
    for _ in range(count):
        organisation = OrganisationFactory()
        organisation.labels.create(kind="national", year=2014)


def _add_programmes(programme, count: int) -> None:
    manager = programme.participations.get(role="manager").person
    for _ in range(count):
        ParticipationFactory(programme=ProgrammeFactory(), role="manager", person=manager)


def _add_audit_entries(programme, count: int) -> None:
    for number in range(count):
        programme.description = f"Revision {number}"
        programme.save()


def _add_undelivered_mail(programme, count: int) -> None:
    for number in range(count):
        person = ParticipationFactory(programme=programme, role="mentee").person
        queue_messages(
            messages=[EmailMessage(subject=f"Mail {number}", body="b", to=[person.email])]
        )
    OutboxMessage.objects.update(status=OutboxStatus.FAILED, last_error="refused")


def _add_api_tokens(programme, count: int) -> None:
    user = programme.participations.get(role="manager").person.user
    for number in range(count):
        token, _key = create_api_token(user=user, name=f"Script {number}")
        token.last_used_at = timezone.now()
        token.save()
        if number % 2:
            revoke_api_token(token=token)


def _add_applications(programme: Programme, count: int) -> None:
    applications.save_call(
        programme=programme,
        deadline=timezone.now() + timedelta(days=1),
        seeks_mentees=True,
        seeks_mentors=True,
        now=timezone.now(),
    )
    for number in range(count):
        applications.submit_application(
            programme=programme,
            answers=applications.Answers(
                name=f"Applicant {number}",
                email=f"applicant{number}@example.org",
                country=country("TN"),
                organisation="A cluster",
                position="",
                role="mentee",
                languages={"ar": "native"},
                time_zone="Africa/Tunis",
                motivation="Growth",
                competences={"strategy": 4},
            ),
            language="en",
            now=timezone.now(),
        )


def _add_invited_participants(programme: Programme, count: int) -> None:
    """Mentees and mentors without a login, each invited; their checklists are read too."""
    for number in range(count):
        participation = ParticipationFactory(
            programme=programme, role="mentor" if number % 2 else "mentee"
        )
        invitations.invite_participants(
            programme=programme, participations=[participation], invited_by=None
        )


def _add_certificates(programme: Programme, count: int) -> None:
    """Completed pairs of a closed programme, their people's certificates issued."""
    for _ in range(count):
        PairFactory(programme=programme, status="completed")
    programme.status = "closed"
    programme.save()
    certificates.issue_certificates(programme=programme, issued_by=None)


def _add_staff(count: int) -> None:
    for _ in range(count):
        add_staff_member(operator=OrganisationFactory(), person=PersonFactory(user=UserFactory()))


def _add_returning(programme: Programme, count: int) -> None:
    """``programme`` becomes the next edition of one with ``count`` mentors and mentees."""
    previous = ProgrammeFactory()
    for number in range(count):
        ParticipationFactory(
            programme=previous, role="mentor" if number % 2 else "mentee", status="accepted"
        )
    programme.previous_edition = previous
    programme.save()


def _site_admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    return client


LIST_PAGES: list[tuple[str, Callable[[Programme], str], Callable[[Programme, int], None]]] = [
    ("participants", lambda p: f"/programmes/{p.slug}/participants/", _add_participants),
    ("pairs", lambda p: f"/programmes/{p.slug}/pairs/", _add_pairs),
    ("meetings", lambda p: f"/programmes/{p.slug}/meetings/", _add_meetings),
    ("audit trail", lambda p: f"/programmes/{p.slug}/audit/", _add_audit_entries),
    ("undelivered e-mail", lambda p: f"/programmes/{p.slug}/mail/", _add_undelivered_mail),
    ("organisations", lambda p: "/organisations/", _add_organisations),
    ("countries", lambda p: "/countries/", _add_organisations),
    ("programmes", lambda p: "/programmes/", _add_programmes),
    ("manager home", lambda p: "/home/", _add_programmes),
    ("API tokens", lambda p: "/profile/tokens/", _add_api_tokens),
    ("applications", lambda p: f"/programmes/{p.slug}/applications/", _add_applications),
    ("invitations", lambda p: f"/programmes/{p.slug}/invitations/", _add_invited_participants),
    ("closing", lambda p: f"/programmes/{p.slug}/closing/", _add_pairs),
    ("closing with certificates", lambda p: f"/programmes/{p.slug}/closing/", _add_certificates),
    ("invite back", lambda p: f"/programmes/{p.slug}/returning/", _add_returning),
]


@pytest.mark.parametrize(("page", "url", "add"), LIST_PAGES, ids=[row[0] for row in LIST_PAGES])
def test_list_page_queries_do_not_grow_with_items(page, url, add) -> None:
    counts = []
    for items in (1, 3):
        programme = ProgrammeFactory()
        client = _manager_client(programme)
        add(programme, items)
        counts.append(_queries(client, url(programme)))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries for 1 item, {counts[1]} for 3"


def test_operator_staff_page_queries_do_not_grow_with_staff() -> None:
    counts = []
    for items in (1, 3):
        client = _site_admin_client()
        _add_staff(items)
        counts.append(_queries(client, "/operators/"))
    assert counts[0] == counts[1], f"operators: {counts[0]} queries for 1 item, {counts[1]} for 3"


def test_mentor_home_queries_do_not_grow_with_meetings() -> None:
    counts = []
    for items in (1, 3):
        pair = PairFactory()
        user = UserFactory()
        pair.mentor.person.user = user
        pair.mentor.person.save()
        for _ in range(items):
            meeting = MeetingFactory(programme=pair.programme)
            InvitationFactory(meeting=meeting, person=pair.mentor.person)
        client = Client()
        client.force_login(user)
        counts.append(_queries(client, "/home/"))
    assert counts[0] == counts[1]
