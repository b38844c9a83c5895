"""The API tokens page: a user lists, creates and revokes their own tokens; keys are shown once."""

from __future__ import annotations

import copy
import logging
import re
from datetime import UTC, datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.test import Client

from clusterbridge.api.models import ApiToken
from clusterbridge.api.services import create_api_token
from tests.conftest import World
from tests.factories import PASSWORD


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


pytestmark = pytest.mark.django_db

PAGE = "/profile/tokens/"
NEW_KEY = re.compile(r'id="new-token-key"[^>]*value="([^"]+)"')


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _create_on_the_page(client: Client, name: str = "Monthly report") -> tuple[str, str]:
    """POST the form, follow the redirect; return (redirect location, the key shown)."""
    response = client.post(PAGE, {"name": name})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    match = NEW_KEY.search(page.content.decode())
    assert match is not None, "the new key is not on the page after the redirect"
    return response.headers["Location"], match.group(1)


def test_created_key_is_shown_once_and_authenticates_against_the_api(world: World) -> None:
    client = world.client_for("marc")

    location, key = _create_on_the_page(client)

    assert location == PAGE
    token = ApiToken.objects.get(user=world.users["marc"])
    assert token.name == "Monthly report"
    assert key.startswith(token.key_prefix)
    api = Client().get("/api/v1/programmes", headers=_bearer(key))
    assert api.status_code == 200
    assert [item["slug"] for item in api.json()["items"]] == ["reloaded"]
    reloaded = client.get(PAGE).content.decode()
    assert key not in reloaded
    assert "Monthly report" in reloaded


def test_page_showing_a_key_is_never_cached(world: World) -> None:
    client = world.client_for("marc")
    client.post(PAGE, {"name": "laptop"})

    response = client.get(PAGE)

    assert NEW_KEY.search(response.content.decode())
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_key_leaves_the_session_once_shown_and_never_reaches_logs_audit_or_urls(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    client = world.client_for("marc")
    with caplog.at_level(logging.DEBUG):
        location, key = _create_on_the_page(client)
        client.get(PAGE)

    token = ApiToken.objects.get(user=world.users["marc"])
    assert key not in location
    assert key not in "\n".join(record.getMessage() for record in caplog.records)
    trail = " ".join(str(entry.changes) for entry in LogEntry.objects.get_for_object(token))
    assert "Monthly report" in trail
    for derived in (key, token.key_prefix, token.key_digest):
        assert derived not in trail
    assert not any(key in str(session.get_decoded()) for session in Session.objects.all())


def test_revoking_after_the_confirmation_makes_the_api_answer_401(world: World) -> None:
    token, key = create_api_token(user=world.users["marc"], name="Old laptop")
    client = world.client_for("marc")
    revoke_url = f"/profile/tokens/{token.pk}/revoke/"

    confirmation = client.get(revoke_url)
    token.refresh_from_db()
    assert "Old laptop" in confirmation.content.decode()
    assert token.revoked_at is None
    assert Client().get("/api/v1/programmes", headers=_bearer(key)).status_code == 200

    response = client.post(revoke_url)

    assert response.headers["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/programmes", headers=_bearer(key)).status_code == 401
    listed = client.get(PAGE).content.decode()
    assert "status-revoked" in listed
    assert revoke_url not in listed


def test_another_users_token_is_not_found_and_stays_active(world: World) -> None:
    token, key = create_api_token(user=world.users["marc"], name="Marc's script")
    amina = world.client_for("amina")

    seen = amina.get(f"/profile/tokens/{token.pk}/revoke/")
    revoked = amina.post(f"/profile/tokens/{token.pk}/revoke/")

    assert (seen.status_code, revoked.status_code) == (404, 404)
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Marc&#x27;s script" not in amina.get(PAGE).content.decode()
    assert Client().get("/api/v1/programmes", headers=_bearer(key)).status_code == 200


def test_list_shows_own_tokens_with_prefix_status_and_times_in_the_viewers_zone(
    world: World,
) -> None:
    active, _ = create_api_token(user=world.users["marc"], name="Active one")
    revoked, _ = create_api_token(user=world.users["marc"], name="Revoked one")
    # Marc's profile is in Europe/Paris: 09:00 UTC on 5 March is 10:00 there.
    ApiToken.objects.filter(pk=active.pk).update(
        created_at=datetime(2030, 3, 5, 9, tzinfo=UTC),
        last_used_at=datetime(2030, 3, 6, 15, 30, tzinfo=UTC),
    )
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=datetime(2030, 3, 7, tzinfo=UTC))

    content = world.client_for("marc").get(PAGE).content.decode()

    assert f'<code dir="ltr">{active.key_prefix}…</code>' in content
    # Day before month, the month named, a 24-hour clock: never "03/05/2030 10 a.m.".
    assert '<time datetime="2030-03-05T09:00:00+00:00">5 Mar 2030, 10:00</time>' in content
    assert '<time datetime="2030-03-06T15:30:00+00:00">6 Mar 2030, 16:30</time>' in content
    assert content.count("status-active") == 1
    assert content.count("status-revoked") == 1
    assert f"/profile/tokens/{active.pk}/revoke/" in content
    assert f"/profile/tokens/{revoked.pk}/revoke/" not in content


def test_a_blank_name_is_refused_with_a_message_and_no_token(world: World) -> None:
    response = world.client_for("marc").post(PAGE, {"name": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_page_explains_how_to_call_the_api_with_a_token(world: World) -> None:
    content = world.client_for("carla").get(PAGE).content.decode()

    assert "Authorization: Bearer YOUR_TOKEN" in content
    assert "http://testserver/api/v1/" in content
    assert 'href="/api/v1/openapi.json"' in content


def test_profile_page_links_to_the_tokens_page(world: World) -> None:
    content = world.client_for("amina").get("/profile/").content.decode()

    assert f'href="{PAGE}"' in content


def test_a_signed_in_user_without_a_profile_finds_the_page_in_the_navigation(
    world: World,
) -> None:
    without_profile = world.client_for("ada").get("/home/").content.decode()
    with_profile = world.client_for("marc").get("/home/").content.decode()

    assert f'href="{PAGE}"' in without_profile
    assert f'href="{PAGE}"' not in with_profile


def test_a_manager_without_the_second_factor_cannot_reach_the_page(world: World) -> None:
    client = Client()
    client.post("/accounts/login/", {"login": "mona@example.org", "password": PASSWORD})

    response = client.get(PAGE)

    assert response.headers["Location"] == "/accounts/2fa/totp/activate/"
    assert client.post(PAGE, {"name": "bypass"}).status_code == 302
    assert not ApiToken.objects.exists()
