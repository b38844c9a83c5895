"""The access log of the documented gunicorn set-up never holds a feed token or a reset key."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from clusterbridge.common.accesslog import AccessLogger, mask_path

SECRET = "s3cr3t-T0ken_value"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (f"/calendar/{SECRET}.ics", "/calendar/[secret].ics"),
        (f"/accounts/password/reset/key/1a-{SECRET}/", "/accounts/password/reset/key/[secret]/"),
        (f"/accounts/confirm-email/{SECRET}/", "/accounts/confirm-email/[secret]/"),
        (f"/directory/import/{SECRET}/", "/directory/import/[secret]/"),
        (f"/directory/import/{SECRET}/rejected.csv", "/directory/import/[secret]/rejected.csv"),
        ("/accounts/password/reset/key/done/", "/accounts/password/reset/key/done/"),
        ("/programmes/reloaded/pairs/", "/programmes/reloaded/pairs/"),
    ],
)
def test_paths_carrying_secrets_are_masked(path: str, logged: str) -> None:
    assert mask_path(path) == logged


def test_the_gunicorn_access_log_masks_path_query_and_referer() -> None:
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/calendar/{SECRET}.ics?token={SECRET}",
        "PATH_INFO": f"/calendar/{SECRET}.ics",
        "QUERY_STRING": f"token={SECRET}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://cb.example.org/accounts/password/reset/key/1a-{SECRET}/",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = AccessLogger(Config()).atoms(response, request, environ, dt.timedelta(seconds=1))

    line = str(atoms)
    assert SECRET not in line
    assert atoms["r"] == "GET /calendar/[secret].ics HTTP/1.1"
    assert atoms["f"] == "https://cb.example.org/accounts/password/reset/key/[secret]/"
