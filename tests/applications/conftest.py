"""A call for applications on programme "reloaded" of the shared world, and a valid form."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from clusterbridge.applications import services
from clusterbridge.applications.models import Call
from tests.conftest import World
from tests.factories import country

APPLY = "/programmes/reloaded/apply/"


def open_call(world: World, **changes: Any) -> Call:
    """Mentees from the South Mediterranean five, mentors from France and Palestine."""
    settings: dict[str, Any] = {
        "deadline": timezone.now() + timedelta(days=30),
        "seeks_mentees": True,
        "seeks_mentors": True,
        "mentee_countries": [country(code) for code in ("EG", "JO", "MA", "PS", "TN")],
        "mentor_countries": [country(code) for code in ("FR", "PS")],
        **changes,
    }
    return services.save_call(programme=world.reloaded, now=timezone.now(), **settings)


@pytest.fixture
def call(world: World) -> Call:
    return open_call(world)


def form_data(**changes: str) -> dict[str, str]:
    """A mentee's application that every check accepts."""
    return {
        "name": "Salma Haddad",
        "email": "salma@example.org",
        "country": "JO",
        "organisation": "Jordan ICT Cluster",
        "position": "Cluster manager",
        "role": "mentee",
        "languages": "ar:native, en:C1, fr:B1",
        "time_zone": "Asia/Amman",
        "motivation": "To grow our members' exports.",
        "consent_privacy": "on",
        "area_strategy": "5",
        "area_internationalisation": "4",
        **changes,
    }
