"""A locked database: the form comes back with the input kept; /health/ says "busy"."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.test import Client

from tests.conftest import World


@contextmanager
def _write_lock_held_elsewhere() -> Iterator[None]:
    """Another connection holds the write lock, as a long import or a restore would."""
    database = connection.settings_dict
    other: sqlite3.Connection | psycopg.Connection[tuple[Any, ...]]
    if connection.vendor == "sqlite":
        other = sqlite3.connect(database["NAME"], uri=True, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    else:
        other = psycopg.connect(
            host=database["HOST"],
            port=database["PORT"],
            user=database["USER"],
            dbname=database["NAME"],
        )
        other.execute("LOCK TABLE directory_person IN EXCLUSIVE MODE")
        # The setting DATABASE_LOCK_TIMEOUT gives every connection this; ours opened earlier.
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
    try:
        yield
    finally:
        other.rollback()
        other.close()


def test_a_locked_database_shows_the_profile_form_again_with_the_input_kept(
    seeded_transactional_db: None, world: World
) -> None:
    client = world.client_for("carla")
    person = world.people["carla"]
    form = {
        "full_name": person.full_name,
        "position": "Head of cluster development",
        "time_zone": person.time_zone,
        "visibility": person.visibility,
    }

    with _write_lock_held_elsewhere():
        response = client.post("/profile/", form)

    assert response.status_code == 503
    assert "The database is busy" in response.content.decode()
    assert 'value="Head of cluster development"' in response.content.decode()
    person.refresh_from_db()
    assert person.position != "Head of cluster development"


def test_health_reports_a_database_that_cannot_take_a_write(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    holder = sqlite3.connect(live, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE anything (x)")
    holder.execute("BEGIN IMMEDIATE")
    script = (
        "from django.test import Client\n"
        "response = Client().get('/health/', headers={'host': 'localhost'})\n"
        "print(response.status_code, response.content.decode())\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-m", "clusterbridge", "shell", "--no-imports", "-c", script],
            env={
                **os.environ,
                "CLUSTERBRIDGE_DATA_DIR": str(tmp_path),
                "DATABASE_URL": f"sqlite:///{live}",
                "LOG_LEVEL": "CRITICAL",
            },
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        holder.rollback()
        holder.close()
    assert result.stdout.strip().splitlines()[-1] == (
        '503 {"status": "error", "database": "busy"}'
    ), result.stderr


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's case is the test above, in a subprocess"
)
def test_health_reports_a_postgresql_table_locked_by_another_session(
    seeded_transactional_db: None,
) -> None:
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"], dbname=database["NAME"]
    ) as other:
        # What pg_restore --clean or a migration holds while it works.
        other.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
        response = Client().get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "busy"}
