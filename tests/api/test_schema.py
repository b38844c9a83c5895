"""schemathesis against the app in process: every operation of /api/v1/openapi.json answers
only documented status codes, in the documented shape, and never a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from pytest_django import Settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from clusterbridge.api.services import create_api_token
from tests.conftest import World
from tests.factories import PASSWORD
from tests.journeys.factories import goal_of, log_of

pytestmark = [pytest.mark.django_db, pytest.mark.api_schema]

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Enough to reach every parameter's edge cases while keeping the run under a minute.
EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def wsgi_keeps_the_test_connection() -> Iterator[None]:
    """Django's WSGI handler closes the database connection after each request, which would
    end the test's transaction on PostgreSQL; the test client switches that off too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _schema() -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _known_parameters(world: World) -> dict[str, Any]:
    """Path parameters of objects that exist, so the 200 answers are checked too."""
    return {
        "/api/v1/organisations/{pk}": {"pk": world.people["marc"].organisation_id},
        "/api/v1/people/{pk}": {"pk": world.people["amina"].pk},
        "/api/v1/programmes/{slug}/pairs/{pk}": {"slug": "reloaded", "pk": world.pair.pk},
        "/api/v1/programmes/{slug}/pairs/{pk}/goals": {"slug": "reloaded", "pk": world.pair.pk},
        "/api/v1/programmes/{slug}/pairs/{pk}/session-logs": {
            "slug": "reloaded",
            "pk": world.pair.pk,
        },
        "/api/v1/programmes/{slug}/pairs/{pk}/assessments": {
            "slug": "reloaded",
            "pk": world.pair.pk,
        },
        # A pair's messages are its two members' alone: the site admin's token gets 404.
        "/api/v1/programmes/{slug}/pairs/{pk}/messages": {"slug": "reloaded", "pk": world.pair.pk},
        "/api/v1/conversations/{pk}/messages": {"pk": 1},
        "/api/v1/programmes/{slug}/meetings/{pk}": {"slug": "reloaded", "pk": world.meeting.pk},
        "/api/v1/programmes/{slug}/meetings/{pk}/ics": {
            "slug": "reloaded",
            "pk": world.meeting.pk,
        },
    }


@pytest.mark.usefixtures("wsgi_keeps_the_test_connection")
def test_every_operation_answers_as_documented(world: World) -> None:
    goal_of(world.pair)
    log_of(world.pair)
    _, key = create_api_token(user=world.users["ada"], name="schemathesis")
    # The in-process client does not inflate gzip: ask for plain bodies.
    headers = {"Authorization": f"Bearer {key}", "Accept-Encoding": "identity"}
    known = _known_parameters(world)
    failures: list[str] = []
    # Revocation last: it may revoke the token the other operations are called with.
    operations = sorted(
        (result.ok() for result in _schema().get_all_operations()),
        key=lambda operation: operation.method == "delete",
    )

    for operation in operations:
        path_parameters = known.get(operation.path)
        if path_parameters is None and "{slug}" in operation.path:
            path_parameters = {"slug": "reloaded"}
        if path_parameters is not None or "{" not in operation.path:
            case = operation.Case(path_parameters=path_parameters)
            try:
                case.validate_response(case.call(headers=headers), checks=CHECKS)
            except BaseExceptionGroup as error:
                failures.append(f"{operation.label} (known object): {error}")

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def generated(case: Any) -> None:
            case.validate_response(case.call(headers=headers), checks=CHECKS)

        try:
            generated()
        except BaseExceptionGroup as error:
            failures.append(f"{operation.label}: {error}")

    assert len(operations) >= 20
    assert failures == []


@pytest.fixture
def session_owing_second_factor(world: World, settings: Settings) -> dict[str, str]:
    """The session cookie of a manager signed in through the form, without a TOTP device.

    Taken before wsgi_keeps_the_test_connection: the test client reconnects the signal that
    fixture disconnects."""
    settings.CLUSTERBRIDGE_REQUIRE_MFA = True
    browser = Client()
    browser.post("/accounts/login/", {"login": "mona@example.org", "password": PASSWORD})
    return {"sessionid": browser.cookies["sessionid"].value}


def test_every_operation_documents_the_403_of_a_session_without_second_factor(
    world: World, session_owing_second_factor: dict[str, str], wsgi_keeps_the_test_connection: None
) -> None:
    session = session_owing_second_factor
    known = _known_parameters(world)
    failures: list[str] = []
    operations = [result.ok() for result in _schema().get_all_operations()]

    for operation in operations:
        path_parameters = known.get(operation.path, {"slug": "reloaded", "pk": 1})
        case = operation.Case(
            path_parameters={
                name: value for name, value in path_parameters.items() if name in operation.path
            },
            cookies=session,
            **(
                {"body": {"name": "laptop"}, "media_type": "application/json"}
                if operation.method == "post"
                else {}
            ),
        )
        response = case.call(headers={"Accept-Encoding": "identity"})
        if response.status_code != 403:
            failures.append(f"{operation.label}: {response.status_code}, not 403")
        try:
            case.validate_response(response, checks=CHECKS)
        except BaseExceptionGroup as error:
            failures.append(f"{operation.label}: {error}")

    assert len(operations) >= 20
    assert failures == []
