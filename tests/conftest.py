"""Named people for every role, in two programmes, so permission tests read like sentences.

Programme "reloaded": manager Mona, mentor Marc paired with mentee Amina, second pair mentor
Paola with mentee Karim. Programme "other": its own manager Olga and pair. Carla is a community
member with no programme. Ada is the site admin.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client, override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from pytest_django import DjangoDbBlocker

from clusterbridge.accounts.models import User
from clusterbridge.demo.programme import build_demo
from clusterbridge.directory.models import Organisation, Person
from clusterbridge.meetings.models import Meeting
from clusterbridge.programmes.models import Pair, Programme
from tests.factories import (
    PASSWORD,
    InvitationFactory,
    MeetingFactory,
    PairFactory,
    ParticipationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
    country,
)

# No time limit per example: the suite shares two cores with everything else on the machine,
# and speed is measured by the benchmarks, never by a test.
hypothesis_settings.register_profile("clusterbridge", deadline=None)
hypothesis_settings.load_profile("clusterbridge")

# The loopback SMTP server of every mail test: the `smtp` fixture.
pytest_plugins = ["tests.smtp"]

T = TypeVar("T")


@dataclass
class World:
    reloaded: Programme
    other: Programme
    users: dict[str, User]
    people: dict[str, Person]
    pair: Pair
    second_pair: Pair
    other_pair: Pair
    meeting: Meeting
    other_meeting: Meeting

    def organisation_of(self, name: str) -> Organisation:
        """Every named person works for an organisation: the factory gives each one."""
        organisation = self.people[name].organisation
        assert organisation is not None
        return organisation

    def client_for(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _person_with_login(name: str, **kwargs: object) -> tuple[Person, User]:
    user = UserFactory(email=f"{name}@example.org")
    person = PersonFactory(
        full_name=name.capitalize(), email=f"{name}@example.org", user=user, **kwargs
    )
    return person, user


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@contextmanager
def built_for_the_module(blocker: DjangoDbBlocker, build: Callable[[], T]) -> Iterator[T]:
    """Rows built once for the tests of a module, in a transaction rolled back after them.

    Each test still runs in its own savepoint (the `db` fixture), so what one test writes is
    undone before the next. Between tests the database stays blocked: a test without `db`
    cannot write into the shared rows. Every test of the module runs inside that transaction,
    so a module using this must not also hold transactional tests.
    """
    with blocker.unblock(), transaction.atomic():
        built = build()
        with blocker.block():
            yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[World]:
    """The world for modules with many tests that read it: building it costs more than most
    requests a test makes. Take a copy (`copy.deepcopy`) per test, so what a test changes in
    the objects in memory does not carry over either."""
    with built_for_the_module(django_db_blocker, build_world) as world:
        yield world


@pytest.fixture(scope="module")
def module_demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The demo programme (`build_demo`), built once for the tests of a module (~3 s each)."""
    with built_for_the_module(django_db_blocker, build_demo):
        yield


def build_world() -> World:
    reloaded = ProgrammeFactory(name="Reloaded", slug="reloaded")
    other = ProgrammeFactory(name="Other", slug="other")
    people: dict[str, Person] = {}
    users: dict[str, User] = {}
    for name, extra in {
        "mona": {"country": country("ES"), "time_zone": "Europe/Madrid"},
        "marc": {"country": country("FR"), "time_zone": "Europe/Paris"},
        "amina": {},
        "paola": {"country": country("IT"), "time_zone": "Europe/Rome"},
        "karim": {"country": country("TN"), "time_zone": "Africa/Tunis"},
        "olga": {"country": country("FR"), "time_zone": "Europe/Paris"},
        "carla": {"country": country("FR"), "time_zone": "Europe/Paris"},
    }.items():
        people[name], users[name] = _person_with_login(name, **extra)
    users["ada"] = UserFactory(email="ada@example.org", is_superuser=True, is_staff=True)
    ParticipationFactory(programme=reloaded, person=people["mona"], role="manager")
    ParticipationFactory(programme=other, person=people["olga"], role="manager")
    pair = PairFactory(
        programme=reloaded,
        mentor=ParticipationFactory(programme=reloaded, person=people["marc"], role="mentor"),
        mentee=ParticipationFactory(programme=reloaded, person=people["amina"], role="mentee"),
    )
    second_pair = PairFactory(
        programme=reloaded,
        mentor=ParticipationFactory(programme=reloaded, person=people["paola"], role="mentor"),
        mentee=ParticipationFactory(programme=reloaded, person=people["karim"], role="mentee"),
    )
    other_pair = PairFactory(programme=other)
    meeting = MeetingFactory(programme=reloaded, pair=pair, title="Amina and Marc")
    for name in ("marc", "amina"):
        InvitationFactory(meeting=meeting, person=people[name])
    other_meeting = MeetingFactory(programme=other, title="Elsewhere")
    return World(
        reloaded=reloaded,
        other=other,
        users=users,
        people=people,
        pair=pair,
        second_pair=second_pair,
        other_pair=other_pair,
        meeting=meeting,
        other_meeting=other_meeting,
    )


# A flush's post_migrate signal recreates these, under new primary keys.
RECREATED_AFTER_FLUSH = {"contenttypes.contenttype", "auth.permission"}


# Autouse: taken when the session starts, before any transactional test can flush the tables
# (one that asked for it after such a flush would have restored nothing).
@pytest.fixture(scope="session", autouse=True)
def seeded_rows(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> str:
    """The rows the migrations seed (countries, sectors, competence framework), as JSON."""
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
def seeded_transactional_db(transactional_db: None, seeded_rows: str) -> None:
    """A transactional test's database, seeded rows included.

    Transactional tests end by flushing every table, seeded rows too, and pytest-django's
    serialized rollback clashes with the content types the flush recreates; so put the
    seeded rows back ourselves before the test.
    """
    connections[DEFAULT_DB_ALIAS].creation.deserialize_db_from_string(seeded_rows)


@pytest.fixture(scope="session")
def _migrated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("migrated")
    env = {**os.environ, "CLUSTERBRIDGE_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "clusterbridge", "migrate", "-v0"], env=env, check=True)
    return data_dir


@pytest.fixture
def command_env(_migrated_data_dir: Path, tmp_path: Path) -> dict[str, str]:
    """The environment of a `clusterbridge` command run as a subprocess: a fresh data folder
    whose SQLite database is migrated and empty. Migrating takes ~5 s, so it is done once and
    the folder copied for each test."""
    data_dir = tmp_path / "data"
    shutil.copytree(_migrated_data_dir, data_dir)
    env = {**os.environ, "CLUSTERBRIDGE_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return env


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True, scope="session")
def _fast_test_settings() -> Iterator[None]:
    """Settings that only save time; session-wide, so module-scoped fixtures gain too."""
    with override_settings(
        # Real hashing costs ~0.3 s per user; tests check permissions, not key stretching.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Every test client builds its own middleware, and WhiteNoise serving from the finders
        # indexes every static file then (~65 ms a client); this way it looks up only the
        # files a request asks for, as under `runserver`.
        WHITENOISE_AUTOREFRESH=True,
    ):
        yield


@pytest.fixture(scope="session")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True, scope="session")
def _uploads_in_a_temporary_folder(media_root: Path) -> Iterator[None]:
    # Uploaded photos go to a folder of the test run, never to the data directory.
    with override_settings(MEDIA_ROOT=media_root):
        yield


@pytest.fixture(autouse=True)
def _isolated_language_and_cache() -> Iterator[None]:
    # A request activates its viewer's language in the test's thread and pages cache the demo
    # notice; neither may leak into the next test.
    cache.clear()
    with translation.override(settings.LANGUAGE_CODE):
        yield
    cache.clear()
