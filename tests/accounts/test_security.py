"""Sign-in hardening: throttling, the second factor, sessions, password rules."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.sessions.models import Session
from django.test import Client
from pytest_django import Settings

from tests.conftest import World
from tests.factories import PASSWORD


def _current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    code: str = format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
    return code


def _sign_in(client: Client, email: str, password: str = PASSWORD) -> str:
    response = client.post("/accounts/login/", {"login": email, "password": password})
    return response.headers.get("Location", "")


def test_the_sixth_wrong_password_for_an_address_is_refused_even_when_right(world: World) -> None:
    client = Client()
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": "marc@example.org", "password": "x"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": "marc@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in str(response.context["form"].non_field_errors())
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_leave_another_address_open(world: World) -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"login": "marc@example.org", "password": "x"})
    assert _sign_in(client, "amina@example.org") == "/home/"


def test_the_admin_sign_in_is_the_throttled_allauth_form(world: World) -> None:
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")


def test_signing_in_gives_a_new_session_key_and_signing_out_ends_it(world: World) -> None:
    client = Client()
    client.get("/accounts/login/")
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else ""
    _sign_in(client, "marc@example.org")
    during = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    assert during != before
    assert not Session.objects.filter(session_key=during).exists()
    assert client.get("/home/").status_code == 302


def test_short_and_common_passwords_are_refused_at_sign_up(db: None) -> None:
    client = Client()
    for password in ("Sh0rt-pass", "password1234"):
        response = client.post(
            "/accounts/signup/",
            {"email": "new@example.org", "password1": password, "password2": password},
        )
        assert response.status_code == 200, password
        assert response.context["form"].errors["password1"], password


def test_a_manager_signing_in_must_set_up_totp_before_managing(
    seeded_transactional_db: None, world: World
) -> None:
    # Transactional: allauth announces the new authenticator when its transaction commits,
    # and that announcement confirms the session.
    client = Client()
    assert _sign_in(client, "mona@example.org") == "/home/"
    response = client.get(f"/programmes/{world.reloaded.slug}/edit/")
    assert response.headers["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before adding an authenticator.
    client.post(
        "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/", {"password": PASSWORD}
    )
    client.get("/accounts/2fa/totp/activate/")
    code = _current_code(client.session[SECRET_SESSION_KEY])
    client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert Authenticator.objects.filter(user=world.users["mona"], type="totp").exists()
    assert client.get(f"/programmes/{world.reloaded.slug}/edit/").status_code == 200


def test_a_manager_with_totp_is_asked_for_the_code_at_sign_in(world: World) -> None:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(world.users["mona"], secret)
    client = Client()
    assert _sign_in(client, "mona@example.org") == "/accounts/2fa/authenticate/"
    assert client.get("/home/").status_code == 302
    client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert client.get(f"/programmes/{world.reloaded.slug}/edit/").status_code == 200


def test_site_admins_need_the_second_factor_for_the_admin_too(world: World) -> None:
    client = Client()
    _sign_in(client, "ada@example.org")
    assert client.get("/admin/").headers["Location"] == "/accounts/2fa/totp/activate/"


def test_mentors_sign_in_with_a_password_alone(world: World) -> None:
    client = Client()
    assert _sign_in(client, "marc@example.org") == "/home/"
    assert client.get(f"/programmes/{world.reloaded.slug}/pairs/").status_code == 200


def test_the_requirement_can_be_turned_off_for_the_demo(world: World, settings: Settings) -> None:
    settings.CLUSTERBRIDGE_REQUIRE_MFA = False
    client = Client()
    _sign_in(client, "mona@example.org")
    assert client.get(f"/programmes/{world.reloaded.slug}/edit/").status_code == 200


def _fail_logins(client: Client, count: int, forwarded_for: str | None = None) -> None:
    # A new address each time, so only the per-IP limit (10 a minute) can refuse them.
    for number in range(count):
        headers = {"x-forwarded-for": forwarded_for or f"203.0.113.{number}"}
        client.post(
            "/accounts/login/",
            {"login": f"nobody{number}@example.org", "password": "x"},
            headers=headers,
        )


def _sign_in_from(client: Client, email: str, forwarded_for: str) -> str:
    response = client.post(
        "/accounts/login/",
        {"login": email, "password": PASSWORD},
        headers={"x-forwarded-for": forwarded_for},
    )
    return response.headers.get("Location", "")


def test_behind_a_trusted_proxy_failed_logins_are_counted_per_forwarded_client(
    world: World, settings: Settings
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _fail_logins(Client(), 10, forwarded_for="198.51.100.1")
    assert _sign_in_from(Client(), "marc@example.org", "198.51.100.1") == ""
    assert _sign_in_from(Client(), "marc@example.org", "198.51.100.2") == "/home/"


def test_without_a_trusted_proxy_a_forged_forwarded_header_is_ignored(world: World) -> None:
    _fail_logins(Client(), 10)
    assert _sign_in_from(Client(), "marc@example.org", "198.51.100.2") == ""
