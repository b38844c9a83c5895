"""Back up the demo, wipe the database, restore: every table holds the same rows again."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from pytest_django import Settings

from clusterbridge.common.backup import backup
from clusterbridge.demo.programme import build_demo
from tests.factories import UserFactory


def _every_row() -> dict[str, list[tuple[object, ...]]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(cursor.fetchall(), key=repr)
    return tables


@pytest.mark.slow
def test_backup_wipe_restore_gives_back_every_row(
    seeded_transactional_db: None, tmp_path: Path
) -> None:
    # Transactional: pg_restore runs in another process and must see committed rows.
    build_demo()
    before = _every_row()
    backup_file = tmp_path / "clusterbridge.backup"

    call_command("backup", str(backup_file))
    call_command("flush", interactive=False)
    assert _every_row() != before
    call_command("restore", str(backup_file), interactive=False)

    after = _every_row()
    assert {table: len(rows) for table, rows in after.items()} == {
        table: len(rows) for table, rows in before.items()
    }
    assert after == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    with pytest.raises(CommandError, match="is not a clusterbridge backup") as error:
        call_command("restore", str(bogus), interactive=False)
    assert error.value.returncode == 1


def test_restore_refuses_the_other_engines_backup(tmp_path: Path) -> None:
    other = tmp_path / "other.backup"
    other.write_bytes(b"PGDMP" if connection.vendor == "sqlite" else b"SQLite format 3\x00")
    with pytest.raises(CommandError, match="restore it into a"):
        call_command("restore", str(other), interactive=False)


def test_backup_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "nowhere" / "file.backup"))


def _live_database_url(tmp_path: Path) -> str:
    """A database another process can open: the test's own on PostgreSQL, a copy on SQLite."""
    if connection.vendor == "sqlite":
        live = tmp_path / "live.sqlite3"
        backup(live)
        return f"sqlite:///{live}"
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def _rows_of(database_url: str) -> dict[str, list[tuple[object, ...]]]:
    if not database_url.startswith("sqlite:///"):
        return _every_row()
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as live:
        tables = [
            row[0] for row in live.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            table: sorted(live.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in sorted(tables)
        }


def _clusterbridge(
    args: list[str], database_url: str, data_dir: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clusterbridge", *args],
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "CLUSTERBRIDGE_DATA_DIR": str(data_dir),
        },
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


def _damage(path: Path) -> None:
    """Damage a page the data lives on: a table's b-tree page in SQLite, table data in pg_dump's.

    In a SQLite file the middle page may be a free page, whose bytes nobody reads: damage
    there is harmless and no check could see it. The people table's root page is always read.
    """
    content = bytearray(path.read_bytes())
    if content.startswith(b"SQLite format 3\x00"):
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as database:
            (page_size,) = database.execute("PRAGMA page_size").fetchone()
            (root,) = database.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = 'directory_person'"
            ).fetchone()
        start = (root - 1) * page_size + (100 if root == 1 else 0)
    else:
        start = (len(content) // 2) // 4096 * 4096
    content[start : start + 16] = bytes(byte ^ 0xFF for byte in content[start : start + 16])
    path.write_bytes(bytes(content))


@pytest.mark.slow
def test_restore_refuses_a_damaged_backup_and_leaves_the_database_as_it_was(
    seeded_transactional_db: None, tmp_path: Path
) -> None:
    UserFactory(email="before@example.org")
    database_url = _live_database_url(tmp_path)
    damaged = tmp_path / "damaged.backup"
    assert _clusterbridge(["backup", str(damaged)], database_url, tmp_path).returncode == 0
    _damage(damaged)
    before = _rows_of(database_url)

    result = _clusterbridge(["restore", "--no-input", str(damaged)], database_url, tmp_path)

    assert result.returncode == 1
    assert "is damaged" in result.stderr
    assert "Traceback" not in result.stderr
    assert _rows_of(database_url) == before


@pytest.mark.slow
def test_restore_refuses_a_backup_whose_statements_are_damaged(
    seeded_transactional_db: None, tmp_path: Path
) -> None:
    # pg_dump's table of contents (the CREATE/DROP statements) has no checksum of its own:
    # damage there passes pg_restore's reading and used to fail half-way into the restore.
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's integrity check covers every page; this is pg_dump's format")
    UserFactory(email="before@example.org")
    database_url = _live_database_url(tmp_path)
    damaged = tmp_path / "damaged.backup"
    assert _clusterbridge(["backup", str(damaged)], database_url, tmp_path).returncode == 0
    content = bytearray(damaged.read_bytes())
    statement = content.index(b"DROP CONSTRAINT")
    content[statement : statement + 8] = bytes(byte ^ 0xFF for byte in b"DROP CON")
    damaged.write_bytes(bytes(content))
    before = _rows_of(database_url)

    result = _clusterbridge(["restore", "--no-input", str(damaged)], database_url, tmp_path)

    assert result.returncode == 1
    assert "is damaged" in result.stderr
    assert "nothing was restored" in result.stderr
    assert _rows_of(database_url) == before


def test_restore_refuses_a_database_of_another_application(db: None, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.backup"
    if connection.vendor == "sqlite":
        with sqlite3.connect(foreign) as other:
            other.execute("CREATE TABLE recipes (name TEXT)")
            other.execute("INSERT INTO recipes VALUES ('couscous')")
    else:
        # A sound pg_dump archive, but of one table: no record of clusterbridge's migrations.
        subprocess.run(
            ["pg_dump", "--format=custom", "--table=directory_sector", f"--file={foreign}"],
            env={
                **os.environ,
                "PGHOST": "127.0.0.1",
                "PGUSER": "postgres",
                "PGDATABASE": connection.settings_dict["NAME"],
            },
            check=True,
        )
    before = _every_row()

    with pytest.raises(CommandError, match="is not a clusterbridge backup") as error:
        call_command("restore", str(foreign), interactive=False)

    assert error.value.returncode == 1
    assert _every_row() == before


@pytest.mark.slow
def test_restore_keeps_a_safety_copy_of_the_database_it_replaced(
    seeded_transactional_db: None, tmp_path: Path, settings: Settings
) -> None:
    settings.DATA_DIR = tmp_path
    backup_file = tmp_path / "clusterbridge.backup"
    call_command("backup", str(backup_file))
    UserFactory(email="after-the-backup@example.org")
    after_the_backup = _every_row()

    call_command("restore", str(backup_file), interactive=False)
    (safety_copy,) = (tmp_path / "safety-copies").iterdir()
    assert _every_row() != after_the_backup
    call_command("restore", str(safety_copy), interactive=False)

    assert _every_row() == after_the_backup


@pytest.mark.slow
def test_restore_without_a_terminal_asks_for_no_input_and_changes_nothing(
    seeded_transactional_db: None, tmp_path: Path
) -> None:
    database_url = _live_database_url(tmp_path)
    backup_file = tmp_path / "clusterbridge.backup"
    assert _clusterbridge(["backup", str(backup_file)], database_url, tmp_path).returncode == 0
    UserFactory(email="after-the-backup@example.org")
    before = _rows_of(database_url)

    result = _clusterbridge(["restore", str(backup_file)], database_url, tmp_path)

    assert result.returncode == 1
    assert "--no-input" in result.stderr
    assert "Traceback" not in result.stderr
    assert _rows_of(database_url) == before
