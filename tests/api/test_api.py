"""The REST API: token and session authentication, visibility, private data, lists, .ics."""

from __future__ import annotations

import copy

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import timezone

from clusterbridge.api.models import ApiToken
from clusterbridge.api.services import create_api_token, key_digest, revoke_api_token
from clusterbridge.common import privacy
from tests.conftest import World
from tests.factories import PASSWORD, MeetingFactory, OrganisationFactory
from tests.journeys.factories import log_of


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """Built once for this module (tests/conftest.py); each test's writes are rolled back."""
    return copy.deepcopy(module_world)


pytestmark = pytest.mark.django_db


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_token_key_is_returned_once_and_only_its_digest_is_stored(world: World) -> None:
    token, key = create_api_token(user=world.users["marc"], name="script")

    assert token.key_digest == key_digest(key)
    assert ApiToken.objects.filter(key_digest=key).exists() is False


def test_token_authenticates_a_script_and_records_its_use(world: World) -> None:
    token, key = create_api_token(user=world.users["marc"], name="script")

    response = Client().get("/api/v1/programmes", headers=_bearer(key))

    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["reloaded"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_answers_401(world: World) -> None:
    token, key = create_api_token(user=world.users["marc"], name="script")
    revoke_api_token(token=token)

    response = Client().get("/api/v1/programmes", headers=_bearer(key))

    assert response.status_code == 401


def test_wrong_key_answers_401(world: World) -> None:
    response = Client().get("/api/v1/programmes", headers=_bearer("not-a-key"))

    assert response.status_code == 401


def test_token_of_a_site_admin_is_not_sent_to_the_second_factor(world: World, settings) -> None:
    settings.CLUSTERBRIDGE_REQUIRE_MFA = True
    _, key = create_api_token(user=world.users["ada"], name="script")

    response = Client().get("/api/v1/programmes", headers=_bearer(key))

    assert response.status_code == 200
    assert response.json()["count"] == 2


def _signed_in_through_the_form(email: str) -> Client:
    """A session as the browser gets it: the second-factor rule applies to these only."""
    client = Client()
    client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    return client


def test_manager_session_without_totp_answers_403_saying_where_to_set_it_up(
    world: World, settings
) -> None:
    settings.CLUSTERBRIDGE_REQUIRE_MFA = True
    client = _signed_in_through_the_form("mona@example.org")

    response = client.get("/api/v1/programmes")
    page = client.get(f"/programmes/{world.reloaded.slug}/")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "Two-factor authentication required: set up an authenticator app at "
        "/accounts/2fa/totp/activate/ to confirm this session."
    }
    # The pages still send the manager to the set-up form.
    assert page.headers["Location"] == "/accounts/2fa/totp/activate/"


def test_unconfirmed_session_cannot_write_through_the_api_either(world: World, settings) -> None:
    settings.CLUSTERBRIDGE_REQUIRE_MFA = True
    client = _signed_in_through_the_form("ada@example.org")

    response = client.post("/api/v1/tokens", {"name": "laptop"}, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Two-factor authentication required")
    assert ApiToken.objects.count() == 0


def test_manager_session_with_totp_but_no_code_yet_answers_403_saying_where_to_confirm(
    world: World, settings
) -> None:
    settings.CLUSTERBRIDGE_REQUIRE_MFA = True
    mona = world.users["mona"]
    mona.language = "fr"
    mona.save()
    client = _signed_in_through_the_form("mona@example.org")
    # Set up from another session: this one was never confirmed with a code.
    TOTP.activate(mona, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    response = client.get("/api/v1/programmes")

    assert response.status_code == 403
    detail = response.json()["detail"]
    assert detail.startswith("Authentification à deux facteurs requise")
    assert "/accounts/2fa/reauthenticate/" in detail


def test_session_post_without_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["marc"])

    response = client.post("/api/v1/tokens", {"name": "laptop"}, content_type="application/json")

    assert response.status_code == 403
    assert ApiToken.objects.count() == 0


def test_session_post_with_csrf_token_creates_a_token_shown_once(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["marc"])
    page_request = RequestFactory().get("/")
    token = get_token(page_request)
    client.cookies["csrftoken"] = page_request.META["CSRF_COOKIE"]

    response = client.post(
        "/api/v1/tokens",
        {"name": "laptop"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 201
    key = response.json()["key"]
    assert Client().get("/api/v1/programmes", headers=_bearer(key)).status_code == 200
    listed = client.get("/api/v1/tokens").json()
    assert [set(row) for row in listed] == [
        {"id", "name", "prefix", "created_at", "last_used_at", "revoked_at"}
    ]
    assert key.startswith(listed[0]["prefix"])
    assert len(listed[0]["prefix"]) == 8


def test_blank_token_name_is_refused_with_422(world: World) -> None:
    response = world.client_for("marc").post(
        "/api/v1/tokens", {"name": "  "}, content_type="application/json"
    )

    assert response.status_code == 422
    assert ApiToken.objects.count() == 0


def test_user_revokes_own_token_but_not_anothers(world: World) -> None:
    token, key = create_api_token(user=world.users["marc"], name="script")

    other = world.client_for("amina").delete(f"/api/v1/tokens/{token.pk}")
    own = world.client_for("marc").delete(f"/api/v1/tokens/{token.pk}")

    assert other.status_code == 404
    assert own.status_code == 200
    assert Client().get("/api/v1/programmes", headers=_bearer(key)).status_code == 401


def test_anonymous_call_answers_401(world: World) -> None:
    assert Client().get("/api/v1/organisations").status_code == 401


def test_mentor_reads_own_mentee_email_but_not_the_other_pairs(world: World) -> None:
    response = world.client_for("marc").get("/api/v1/people?limit=100")

    emails = {row["full_name"]: row["email"] for row in response.json()["items"]}
    assert emails["Amina"] == "amina@example.org"
    assert emails["Karim"] is None


def test_manager_reads_pairs_with_their_explanation(world: World) -> None:
    world.pair.explanation = {"language": 1.0}
    world.pair.save()

    response = world.client_for("mona").get(f"/api/v1/programmes/reloaded/pairs/{world.pair.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["explanation"] == {"language": 1.0}
    assert body["mentee"]["person"]["email"] == "amina@example.org"


def test_mentor_lists_only_their_own_pair(world: World) -> None:
    response = world.client_for("marc").get("/api/v1/programmes/reloaded/pairs")

    assert [row["id"] for row in response.json()["items"]] == [world.pair.pk]


def test_pair_of_another_programme_answers_404(world: World) -> None:
    response = world.client_for("mona").get(
        f"/api/v1/programmes/reloaded/pairs/{world.other_pair.pk}"
    )

    assert response.status_code == 404


def test_meeting_ics_is_a_calendar(world: World) -> None:
    response = world.client_for("amina").get(
        f"/api/v1/programmes/reloaded/meetings/{world.meeting.pk}/ics"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_list_is_paginated_filtered_and_sorted(world: World) -> None:
    for name in ("Beta", "Alpha", "Gamma"):
        OrganisationFactory(name=name, kind="funder")
    client = world.client_for("carla")

    first = client.get("/api/v1/organisations?kind=funder&ordering=-name&limit=2").json()
    rest = client.get("/api/v1/organisations?kind=funder&ordering=-name&limit=2&offset=2").json()

    assert [row["name"] for row in first["items"] + rest["items"]] == ["Gamma", "Beta", "Alpha"]
    assert first["count"] == 3


def test_unknown_ordering_and_too_large_limit_answer_422(world: World) -> None:
    client = world.client_for("carla")

    assert client.get("/api/v1/organisations?ordering=website").status_code == 422
    assert client.get("/api/v1/organisations?limit=101").status_code == 422


def test_meetings_filter_by_start_date(world: World) -> None:
    MeetingFactory(programme=world.reloaded, starts_at=timezone.now().replace(year=2001))
    client = world.client_for("mona")

    everything = client.get("/api/v1/programmes/reloaded/meetings").json()["count"]
    recent = client.get("/api/v1/programmes/reloaded/meetings?starts_on_or_after=2010-01-01")

    assert recent.json()["count"] == everything - 1


def test_tokens_are_in_the_personal_data_export(world: World) -> None:
    create_api_token(user=world.users["marc"], name="script")

    exported = privacy.export_data(world.people["marc"])

    assert [row["name"] for row in exported["data"]["api.ApiToken"]] == ["script"]
    assert "key_digest" not in exported["data"]["api.ApiToken"][0]


def test_manager_sees_that_a_session_took_place_but_not_what_the_pair_wrote(world: World) -> None:
    log_of(world.pair, shared_notes="Our plan")
    url = f"/api/v1/programmes/reloaded/pairs/{world.pair.pk}/session-logs"

    manager = world.client_for("mona").get(url).json()["items"][0]
    mentor = world.client_for("marc").get(url).json()["items"][0]

    assert (manager["topics"], manager["shared_notes"], manager["actions"]) == (
        "Action plan",
        None,
        None,
    )
    assert mentor["shared_notes"] == "Our plan"


def test_meetings_count_their_invitees_in_the_list_and_the_detail(world: World) -> None:
    # world.meeting invites Marc and Amina; a second meeting invites nobody.
    empty = MeetingFactory(programme=world.reloaded, title="Nobody yet")
    client = world.client_for("mona")

    listed = client.get("/api/v1/programmes/reloaded/meetings?ordering=title").json()["items"]
    detail = client.get(f"/api/v1/programmes/reloaded/meetings/{world.meeting.pk}").json()

    counts = {row["id"]: row["invitee_count"] for row in listed}
    assert counts[world.meeting.pk] == 2
    assert counts[empty.pk] == 0
    assert detail["invitee_count"] == 2


def test_a_deep_page_keeps_the_requested_order(world: World) -> None:
    for name in ("Delta", "Beta", "Epsilon", "Alpha", "Gamma"):
        OrganisationFactory(name=name, kind="funder")
    client = world.client_for("carla")

    page = client.get("/api/v1/organisations?kind=funder&ordering=name&limit=3&offset=1").json()

    assert [row["name"] for row in page["items"]] == ["Beta", "Delta", "Epsilon"]


def test_a_token_cannot_mint_new_tokens(world: World) -> None:
    _, key = create_api_token(user=world.users["marc"], name="script")

    response = Client().post(
        "/api/v1/tokens", {"name": "another"}, content_type="application/json", headers=_bearer(key)
    )

    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


def test_the_tokens_page_ignores_a_bearer_token(world: World) -> None:
    _, key = create_api_token(user=world.users["marc"], name="script")

    response = Client().post("/profile/tokens/", {"name": "another"}, headers=_bearer(key))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/programmes/reloaded/nope", "/api/v2/"])
def test_an_api_path_without_a_route_answers_a_json_404(world: World, path: str) -> None:
    response = world.client_for("marc").get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/v1/openapi.json" in response.json()["detail"]


@pytest.mark.parametrize("value", ["0", "1700000000", "2030-13-01", "2030-01-01T00:00:00"])
def test_a_date_filter_that_is_no_calendar_date_answers_422(world: World, value: str) -> None:
    response = world.client_for("mona").get(
        f"/api/v1/programmes/reloaded/meetings?starts_on_or_after={value}"
    )

    assert response.status_code == 422
    assert "YYYY-MM-DD" in str(response.json()["detail"])


def test_a_date_filter_keeps_meetings_from_that_day(world: World) -> None:
    world.meeting.refresh_from_db()
    day = world.meeting.starts_at.date().isoformat()

    response = world.client_for("mona").get(
        f"/api/v1/programmes/reloaded/meetings?starts_on_or_after={day}"
    )

    assert [item["id"] for item in response.json()["items"]] == [world.meeting.pk]
