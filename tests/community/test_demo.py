"""The demo shows the community: opportunities with interests, every visibility, Arabic names."""

from __future__ import annotations

from collections import Counter

import pytest

from clusterbridge.community.models import Collaboration, Interest, Opportunity
from clusterbridge.directory import selectors
from clusterbridge.directory.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(module_demo: None, db: None) -> None:
    """The demo programme, built once for this module; what a test writes is rolled back."""


def test_demo_has_opportunities_interests_and_collaborations(demo: None) -> None:
    assert Opportunity.objects.count() == 4
    assert Interest.objects.filter(answered_at__isnull=False).count() == 1
    assert Collaboration.objects.count() == 3


def test_demo_people_have_every_visibility(demo: None) -> None:
    counts = Counter(Person.objects.values_list("visibility", flat=True))
    assert set(counts) == {"public", "community", "programme"}


def test_demo_people_are_found_by_their_arabic_names(demo: None) -> None:
    found = selectors.search_people(Person.objects.all(), "ليلى")
    by_alternate = selectors.search_people(Person.objects.all(), "سلمى")
    assert [person.email for person in found] == ["leila.alkhatib@clusterbridge.example"]
    assert [person.full_name for person in by_alternate] == ["Salma Bennani"]
