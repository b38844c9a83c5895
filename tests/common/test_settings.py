from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from clusterbridge.common import env


def test_env_bool_reads_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAG", "Yes")
    assert env.env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env.env_bool("FLAG", True) is False


def test_env_bool_refuses_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAG", "yes please")
    with pytest.raises(ImproperlyConfigured, match="FLAG='yes please' is not a boolean"):
        env.env_bool("FLAG", False)


def test_env_int_refuses_values_below_the_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNT", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env.env_int("COUNT", 0, minimum=0)


def test_env_time_zone_refuses_an_unknown_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONE", "Mars/Olympus")
    with pytest.raises(ImproperlyConfigured, match="not a known IANA time zone"):
        env.env_time_zone("ZONE", "UTC")


def test_command_refuses_a_nonsense_setting_with_a_clear_message(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clusterbridge", "check"],
        env={**os.environ, "DEBUG": "perhaps", "CLUSTERBRIDGE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "DEBUG='perhaps' is not a boolean" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["nonsense", "mysql://db/clusterbridge"])
def test_database_url_must_be_postgres_or_sqlite(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="must be a PostgreSQL or SQLite URL"):
        env.env_database("DATABASE_URL", "sqlite:///x", conn_max_age=0)


def test_email_url_with_an_unknown_scheme_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_URL", "carrier-pigeon://loft")
    with pytest.raises(ImproperlyConfigured, match="must be an e-mail URL"):
        env.env_email("EMAIL_URL", "console://")


def test_database_url_accepts_postgres_and_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cb")
    assert env.env_database("DATABASE_URL", "", conn_max_age=0)["NAME"] == "cb"
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/cb.sqlite3")
    assert env.env_database("DATABASE_URL", "", conn_max_age=0)["NAME"] == "/tmp/cb.sqlite3"


def _setting_in_a_fresh_process(tmp_path, env: dict[str, str], expression: str):
    script = f"from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-m", "clusterbridge", "shell", "--no-imports", "-c", script],
        env={**os.environ, "CLUSTERBRIDGE_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_trusted_proxy_is_read_from_the_environment(tmp_path) -> None:
    result = _setting_in_a_fresh_process(
        tmp_path,
        {"TRUSTED_PROXY_COUNT": "1", "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"},
        "settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER",
    )
    assert result.stdout.strip().splitlines()[-1] == "1 X-Real-IP", result.stderr


def test_no_proxy_is_trusted_unless_configured(tmp_path) -> None:
    clean = {"TRUSTED_PROXY_COUNT": "0", "TRUSTED_CLIENT_IP_HEADER": ""}
    result = _setting_in_a_fresh_process(
        tmp_path,
        clean,
        "settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER",
    )
    assert result.stdout.strip().splitlines()[-1] == "0 None", result.stderr


def test_env_header_refuses_a_name_that_is_no_http_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HEADER", "X Real IP")
    with pytest.raises(ImproperlyConfigured, match="HEADER='X Real IP' is not an HTTP header name"):
        env.env_header("HEADER", "")
