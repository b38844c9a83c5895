"""The preferences page: a delivery per category and the digest's frequency."""

from __future__ import annotations

import copy

import pytest

from clusterbridge.notices.models import Delivery, DeliveryPreference, DigestSubscription
from tests.conftest import World


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


def test_the_page_shows_the_defaults_weekly_and_announcements_at_once(world: World) -> None:
    page = world.client_for("karim").get("/notifications/preferences/").content.decode()

    assert 'value="weekly" required id="id_frequency_1" checked' in page
    assert 'value="immediate" required id="id_delivery_announcements_0" checked' in page
    assert "Announcements of your programmes" in page


def test_saving_keeps_the_frequency_and_each_categorys_delivery(world: World) -> None:
    response = world.client_for("karim").post(
        "/notifications/preferences/",
        {"frequency": "daily", "delivery_announcements": "digest", "delivery_messages": "never"},
    )

    assert response.status_code == 302
    karim = world.people["karim"]
    assert DigestSubscription.objects.get(person=karim).frequency == "daily"
    rows = DeliveryPreference.objects.filter(person=karim)
    chosen = dict(rows.values_list("category", "delivery"))
    assert chosen == {"announcements": Delivery.DIGEST, "messages": Delivery.NEVER}
    again = world.client_for("karim").get("/notifications/preferences/").content.decode()
    assert 'value="daily" required id="id_frequency_0" checked' in again


def test_a_nonsense_choice_is_refused_with_a_message_and_nothing_saved(world: World) -> None:
    response = world.client_for("karim").post(
        "/notifications/preferences/",
        {"frequency": "hourly", "delivery_announcements": "carrier-pigeon"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not DigestSubscription.objects.filter(person=world.people["karim"]).exists()
