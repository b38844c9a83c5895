"""Production settings, security headers, CSRF on every write, logs without secrets."""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client

from tests.conftest import World
from tests.factories import PASSWORD
from tests.test_permissions import POST_TABLE, TABLE

PRODUCTION_ENV = {
    "CLUSTERBRIDGE_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "mentoring.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "TRUSTED_PROXY_COUNT": "1",
}


def _clusterbridge(
    args: list[str], env: dict[str, str], data_dir: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clusterbridge", *args],
        env={**os.environ, "CLUSTERBRIDGE_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_passes_with_the_production_settings(tmp_path: Path) -> None:
    result = _clusterbridge(
        ["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_a_per_process_cache_in_production(tmp_path: Path) -> None:
    env = {**PRODUCTION_ENV, "CACHE_URL": "locmem://"}
    result = _clusterbridge(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 1
    assert "clusterbridge.W001" in result.stderr


def test_deploy_check_warns_behind_a_proxy_that_is_not_trusted(tmp_path: Path) -> None:
    env = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "0"}
    result = _clusterbridge(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 1
    assert "clusterbridge.W003" in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY is required when CLUSTERBRIDGE_ENV=production"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS is required when CLUSTERBRIDGE_ENV=production"),
    ],
)
def test_production_refuses_to_start_without(tmp_path: Path, missing: str, message: str) -> None:
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    clean = {key: value for key, value in os.environ.items() if key != missing}
    result = subprocess.run(
        [sys.executable, "-m", "clusterbridge", "check"],
        env={**clean, "CLUSTERBRIDGE_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_health_reports_the_database_as_json(db: None) -> None:
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_answers_503_when_the_database_is_down(tmp_path: Path) -> None:
    # A real unreachable server: nothing listens on port 1 of the loopback.
    script = (
        "from django.test import Client\n"
        "response = Client().get('/health/', headers={'host': 'localhost'})\n"
        "print(response.status_code, response.content.decode())\n"
    )
    result = _clusterbridge(
        ["shell", "-c", script],
        {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "LOG_LEVEL": "CRITICAL"},
        tmp_path,
    )
    expected = '503 {"status": "error", "database": "unavailable"}'
    assert result.stdout.strip().splitlines()[-1] == expected


def test_pages_carry_a_content_security_policy_without_inline_scripts(world: World) -> None:
    response = world.client_for("mona").get("/home/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


class _InlineCode(HTMLParser):
    """Collects inline <script> bodies, event-handler attributes and style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self._in_inline_script = True
        for name in names:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=...>")

    def handle_endtag(self, tag: str) -> None:
        self._in_inline_script = False

    def handle_data(self, data: str) -> None:
        if self._in_inline_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]}")


@pytest.mark.parametrize("role", ["anonymous", "ada", "mona", "marc"])
def test_no_page_has_inline_script_or_style(world: World, role: str) -> None:
    client = world.client_for(role)
    found = {}
    for name, url, _expected, _default in TABLE:
        response = client.get(url(world))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            parser = _InlineCode()
            parser.feed(response.content.decode())
            if parser.found:
                found[name] = parser.found
    assert found == {}


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label not in {"sessions.Session"}
    }


# One-click unsubscribe (RFC 8058): mail clients POST it without cookies or a CSRF token, so the
# signed token in its address is what authorises it (tests/notices/test_preferences.py).
CSRF_EXEMPT = ("notices:unsubscribe",)


@pytest.mark.parametrize("role", ["anonymous", "ada", "mona"])
def test_every_write_without_a_csrf_token_is_refused(world: World, role: str) -> None:
    client = world.client_for(role)
    client.handler.enforce_csrf_checks = True
    # Building some URLs creates their object (a post, a survey): do it before counting rows.
    urls = [
        (name, url(world))
        for name, url, _expected, _default in TABLE + POST_TABLE
        if not name.startswith(CSRF_EXEMPT)
    ]
    before = _row_counts()
    accepted = []
    for name, url in urls:
        # The REST API answers a method it does not have with 405, and a caller without a
        # session or token with 401, before any CSRF check: neither writes anything.
        refusals = (
            {403, 405, 401 if role == "anonymous" else 403} if name.startswith("api:") else {403}
        )
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, {"status": "closed", "language": "fr"})
            if response.status_code not in refusals:
                accepted.append(f"{method.upper()} {name}: {response.status_code}")
    assert accepted == []
    assert _row_counts() == before


def test_refused_access_is_logged_with_the_route_and_the_user(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="clusterbridge.security"):
        world.client_for("mona").get(f"/programmes/{world.other.slug}/")
    assert caplog.messages == [
        f"refused GET programmes/<slug:slug>/: status 404 for user {world.users['mona'].pk}"
    ]


def test_passwords_and_keys_never_reach_the_logs(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    wrong_password = "Wr0ng-but-secret-Pa55word"
    reset_key = "sEcReT-rEsEt-kEy-1234567890"
    client = Client()
    with caplog.at_level(logging.DEBUG):
        client.post("/accounts/login/", {"login": "marc@example.org", "password": wrong_password})
        client.post("/accounts/login/", {"login": "marc@example.org", "password": PASSWORD})
        client.post(
            "/accounts/password/change/",
            {"oldpassword": "wrong-old-secret", "password1": "x", "password2": "x"},
        )
        Client().get(f"/accounts/password/reset/key/1-{reset_key}/")
        Client().get(f"/accounts/confirm-email/{reset_key}/")
        world.client_for("amina").get(f"/people/{world.people['karim'].pk}/?token={reset_key}")
        world.client_for("amina").get(f"/programmes/{world.other.slug}/?token={reset_key}")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (wrong_password, PASSWORD, "wrong-old-secret", reset_key):
        assert secret not in logged
