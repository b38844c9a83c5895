"""Real Chromium for the browser tests: Debian's build, driven through Playwright's sync API.

Playwright's own browser download is not used; CHROMIUM (default /usr/bin/chromium) names the
binary. Without it the tests skip loudly, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections
from playwright.sync_api import Browser, sync_playwright
from pytest_django import DjangoDbBlocker, Settings
from pytest_django.live_server_helper import LiveServer

from clusterbridge.demo.programme import build_demo

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
MISSING = (
    f"!!! Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM): "
    "SKIPPING the browser tests !!!"
)

# A flush's post_migrate signal recreates these, under new primary keys.
RECREATED_AFTER_FLUSH = {"contenttypes.contenttype", "auth.permission"}

_transfers_key = pytest.StashKey[dict[str, int]]()
_skipped_key = pytest.StashKey[bool]()


def _chromium_available() -> bool:
    path = Path(CHROMIUM)
    return path.is_file() and os.access(path, os.X_OK)


@pytest.fixture(scope="session")
def reference_data(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> str:
    """The rows the migrations seed (countries, sectors, competence framework...), as JSON.

    live_server tests are transactional: each ends by flushing every table, seeded rows
    included. pytest-django's serialized rollback cannot bring them back here, because once
    Playwright runs, Django sees a new database-connection object (its connections live in
    context variables), one without the snapshot. So take our own, before the browser starts.
    """
    with django_db_blocker.unblock():
        rows = (
            row
            for model in apps.get_models()
            if model._meta.label_lower not in RECREATED_AFTER_FLUSH
            for row in model._base_manager.order_by("pk")
        )
        dump: str = serializers.serialize("json", rows)
        return dump


@pytest.fixture
def demo_site(live_server: LiveServer, reference_data: str, settings: Settings) -> str:
    """The live server's URL, its database holding the seeded rows and the demo programme."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # As under `make demo`: the invented accounts sign in without a second factor. The TOTP
    # flow itself is tested in tests/accounts/test_security.py.
    settings.CLUSTERBRIDGE_REQUIRE_MFA = False
    connections[DEFAULT_DB_ALIAS].creation.deserialize_db_from_string(reference_data)
    build_demo()
    return live_server.url


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Skip before any database or server is set up. In CI the browser fixture fails instead.
    if _chromium_available() or os.environ.get("CI") == "true":
        return
    here = Path(__file__).parent
    mine = [item for item in items if here in item.path.parents]
    for item in mine:
        item.add_marker(pytest.mark.skip(reason=MISSING))
    if mine:
        config.stash[_skipped_key] = True


@pytest.fixture(scope="session")
def browser(reference_data: str) -> Iterator[Browser]:
    if not _chromium_available():
        pytest.fail(f"Chromium is required in CI but missing at {CHROMIUM}", pytrace=False)
    # Playwright's sync API keeps an asyncio loop in the main thread, which makes Django refuse
    # ORM calls there (SynchronousOnlyOperation). Only for the browser tests' lifetime.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe() -> Axe:
    # axe-core ships inside the axe-playwright-python package and is injected into the page;
    # nothing is fetched from a CDN.
    return Axe()


@pytest.fixture
def record_transfer(request: pytest.FixtureRequest) -> Callable[[str, int], None]:
    """Remember a transferred-bytes figure; the terminal summary lists them all."""
    transfers = request.config.stash.setdefault(_transfers_key, {})

    def record(label: str, size: int) -> None:
        transfers[label] = size

    return record


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    if config.stash.get(_skipped_key, False):
        terminalreporter.write_sep("!", MISSING.strip("! "), red=True, bold=True)
    transfers = config.stash.get(_transfers_key, {})
    if transfers:
        terminalreporter.write_sep("-", "first page after sign-in: bytes transferred (gzip)")
        for label, size in sorted(transfers.items()):
            terminalreporter.write_line(f"{label:<32} {size:>8} B  ({size / 1024:.1f} KB)")
