"""The demo shows the community: opportunities with interests, every visibility, Arabic names."""

from __future__ import annotations

from collections import Counter

import pytest

from clusterbridge.community.models import Collaboration, Interest, Notification, Opportunity
from clusterbridge.directory import selectors
from clusterbridge.directory.models import Person
from clusterbridge.directory.services import update_person
from clusterbridge.programmes.demo import build_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    build_demo()


def test_demo_has_opportunities_interests_and_collaborations(demo: None) -> None:
    assert Opportunity.objects.count() == 4
    assert Interest.objects.filter(answered_at__isnull=False).count() == 1
    assert Collaboration.objects.count() == 3


def test_demo_notifies_in_the_app_but_mails_nobody_even_with_a_real_mail_server(
    smtp,
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        build_demo()
        # The consents are read when the mail leaves, after the commit: consenting now would
        # let any news mail the demo queued through to the inbox.
        for person in Person.objects.all():
            update_person(person=person, emails_consent=True)
    assert Notification.objects.count() == 5  # four interests and one answer
    assert smtp.messages == []


def test_demo_people_have_every_visibility(demo: None) -> None:
    counts = Counter(Person.objects.values_list("visibility", flat=True))
    assert set(counts) == {"public", "community", "programme"}


def test_demo_people_are_found_by_their_arabic_names(demo: None) -> None:
    found = selectors.search_people(Person.objects.all(), "ليلى")
    by_alternate = selectors.search_people(Person.objects.all(), "سلمى")
    assert [person.email for person in found] == ["leila.alkhatib@clusterbridge.example"]
    assert [person.full_name for person in by_alternate] == ["Salma Bennani"]
