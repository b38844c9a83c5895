"""Every URL of the app × every role → the status code it must answer.

Objects of another programme answer 404 (not 403), so their existence does not leak.
A test below fails when a URL is added without a row here.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import World

ROLES = ["anonymous", "ada", "mona", "olga", "marc", "amina", "carla"]
LOGIN = 302  # anonymous visitors are sent to the sign-in page

# (name, url builder, {role: status}); roles not listed expect the default given after the dict.
Row = tuple[str, Callable[[World], str], dict[str, int], int]

TABLE: list[Row] = [
    ("index", lambda w: "/", {"anonymous": 302}, 302),
    ("home", lambda w: "/home/", {"anonymous": LOGIN}, 200),
    ("health", lambda w: "/health/", {}, 200),
    ("programmes:list", lambda w: "/programmes/", {"anonymous": LOGIN}, 200),
    ("programmes:create", lambda w: "/programmes/new/", {"anonymous": LOGIN, "ada": 200}, 404),
    (
        "programmes:detail",
        lambda w: f"/programmes/{w.reloaded.slug}/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:detail (other programme)",
        lambda w: f"/programmes/{w.other.slug}/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:edit",
        lambda w: f"/programmes/{w.reloaded.slug}/edit/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:participants",
        lambda w: f"/programmes/{w.reloaded.slug}/participants/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:participant_add",
        lambda w: f"/programmes/{w.reloaded.slug}/participants/add/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:pairs",
        lambda w: f"/programmes/{w.reloaded.slug}/pairs/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:pair_create",
        lambda w: f"/programmes/{w.reloaded.slug}/pairs/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:audit",
        lambda w: f"/programmes/{w.reloaded.slug}/audit/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "programmes:audit (other programme)",
        lambda w: f"/programmes/{w.other.slug}/audit/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "programmes:meetings",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "programmes:meeting_create",
        lambda w: f"/programmes/{w.reloaded.slug}/meetings/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200},
        404,
    ),
    (
        "directory:person (a mentee)",
        lambda w: f"/people/{w.people['amina'].pk}/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "marc": 200, "amina": 200},
        404,
    ),
    (
        "directory:person (another programme's mentor)",
        lambda w: f"/people/{w.other_pair.mentor.person.pk}/",
        {"anonymous": LOGIN, "ada": 200, "olga": 200},
        404,
    ),
    (
        "directory:person_create",
        lambda w: "/people/new/",
        {"anonymous": LOGIN, "ada": 200, "mona": 200, "olga": 200},
        404,
    ),
    ("directory:my_profile", lambda w: "/profile/", {"anonymous": LOGIN, "ada": 404}, 200),
    ("directory:my_data", lambda w: "/profile/data.json", {"anonymous": LOGIN, "ada": 404}, 200),
    ("directory:organisations", lambda w: "/organisations/", {"anonymous": LOGIN}, 200),
    (
        "directory:organisation",
        lambda w: f"/organisations/{w.people['amina'].organisation.pk}/",
        {"anonymous": LOGIN},
        200,
    ),
    ("directory:countries", lambda w: "/countries/", {"anonymous": LOGIN}, 200),
    ("directory:country", lambda w: "/countries/MA/", {"anonymous": LOGIN}, 200),
    ("admin:index", lambda w: "/admin/", {"ada": 200}, 302),
    # allauth's pages: signed-in people are sent on from sign-in and sign-up pages.
    ("account_login", lambda w: "/accounts/login/", {"anonymous": 200}, 302),
    ("account_signup", lambda w: "/accounts/signup/", {"anonymous": 200}, 302),
    ("account_logout", lambda w: "/accounts/logout/", {"anonymous": 302}, 200),
    ("account_inactive", lambda w: "/accounts/inactive/", {}, 200),
    ("account_reauthenticate", lambda w: "/accounts/reauthenticate/", {"anonymous": LOGIN}, 200),
    ("account_email", lambda w: "/accounts/email/", {"anonymous": LOGIN}, 200),
    ("account_email_verification_sent", lambda w: "/accounts/confirm-email/", {}, 200),
    ("account_change_password", lambda w: "/accounts/password/change/", {"anonymous": LOGIN}, 200),
    ("account_set_password", lambda w: "/accounts/password/set/", {"anonymous": LOGIN}, 302),
    ("account_reset_password", lambda w: "/accounts/password/reset/", {}, 200),
    ("account_reset_password_done", lambda w: "/accounts/password/reset/done/", {}, 200),
    (
        "account_reset_password_from_key",
        lambda w: "/accounts/password/reset/key/1-bad-key/",
        {},
        200,
    ),
    (
        "account_reset_password_from_key_done",
        lambda w: "/accounts/password/reset/key/done/",
        {},
        200,
    ),
    ("account_confirm_email", lambda w: "/accounts/confirm-email/bad-key/", {}, 200),
    ("account_confirm_login_code", lambda w: "/accounts/login/code/confirm/", {}, 302),
    # allauth's two-factor pages. Without a recent password entry, set-up pages first ask for
    # it again (302); pages about an authenticator the user does not have answer 404.
    ("mfa_index", lambda w: "/accounts/2fa/", {"anonymous": LOGIN}, 200),
    ("mfa_authenticate", lambda w: "/accounts/2fa/authenticate/", {}, 302),
    ("mfa_reauthenticate", lambda w: "/accounts/2fa/reauthenticate/", {}, 302),
    ("mfa_activate_totp", lambda w: "/accounts/2fa/totp/activate/", {}, 302),
    ("mfa_deactivate_totp", lambda w: "/accounts/2fa/totp/deactivate/", {"anonymous": LOGIN}, 404),
    (
        "mfa_view_recovery_codes",
        lambda w: "/accounts/2fa/recovery-codes/",
        {"anonymous": LOGIN},
        404,
    ),
    ("mfa_generate_recovery_codes", lambda w: "/accounts/2fa/recovery-codes/generate/", {}, 302),
    (
        "mfa_download_recovery_codes",
        lambda w: "/accounts/2fa/recovery-codes/download/",
        {"anonymous": LOGIN},
        404,
    ),
]

# POST-only URLs: (name, url builder, {role: status}, default)
POST_TABLE: list[Row] = [
    ("set_language", lambda w: "/language/", {}, 302),
    (
        "programmes:status",
        lambda w: f"/programmes/{w.reloaded.slug}/status/",
        {"anonymous": LOGIN, "ada": 302, "mona": 302},
        404,
    ),
]

# Django admin's model pages: tests/test_admin.py opens each for the site admin, and the
# admin index row above shows everyone else is sent to the admin's own sign-in.
NOT_IN_TABLE_PREFIXES = ("admin:",)


def _cases(table: list[Row]) -> list[tuple[str, Callable[[World], str], str, int]]:
    return [
        (name, url, role, expected.get(role, default))
        for name, url, expected, default in table
        for role in ROLES
    ]


@pytest.mark.parametrize(("name", "url", "role", "status"), _cases(TABLE))
def test_get_answers_the_expected_status(world: World, name, url, role, status) -> None:  # type: ignore[no-untyped-def]
    response = world.client_for(role).get(url(world))
    assert response.status_code == status, f"{name} as {role}"


@pytest.mark.parametrize(("name", "url", "role", "status"), _cases(POST_TABLE))
def test_post_answers_the_expected_status(world: World, name, url, role, status) -> None:  # type: ignore[no-untyped-def]
    response = world.client_for(role).post(url(world), {"status": "closed", "language": "fr"})
    assert response.status_code == status, f"{name} as {role}"


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_of_the_app_is_in_the_table() -> None:
    covered = {row[0].split(" (")[0] for row in TABLE + POST_TABLE} | {"admin:index"}
    app_urls = {
        name for name in _url_names(get_resolver()) if not name.startswith(NOT_IN_TABLE_PREFIXES)
    }
    assert app_urls - covered == set()


def test_mentor_sees_own_mentee_email_but_not_other_pairs(world: World) -> None:
    client = world.client_for("marc")
    own = client.get(f"/people/{world.people['amina'].pk}/").content.decode()
    other = client.get(f"/people/{world.people['karim'].pk}/").content.decode()
    assert world.people["amina"].email in own
    assert world.people["karim"].email not in other


def test_mentor_pairs_page_lists_only_their_own_pair(world: World) -> None:
    content = world.client_for("marc").get(f"/programmes/{world.reloaded.slug}/pairs/")
    text = content.content.decode()
    assert "Amina" in text
    assert "Karim" not in text


def test_manager_of_another_programme_cannot_change_its_status(world: World) -> None:
    response = world.client_for("olga").post(
        f"/programmes/{world.reloaded.slug}/status/", {"status": "closed"}
    )
    world.reloaded.refresh_from_db()
    assert response.status_code == 404
    assert world.reloaded.status == "running"
