"""Back up the demo, wipe the database, restore: every table holds the same rows again."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from clusterbridge.programmes.demo import build_demo


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
