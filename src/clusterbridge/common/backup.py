"""Whole-database backup and restore: SQLite's online backup API, PostgreSQL's pg_dump.

A backup file is the engine's own format (a SQLite database file, or pg_dump's custom
archive), so it can also be opened with the engine's own tools. The file's first bytes say
which it is; restoring one engine's backup into the other is refused with a clear message.
Before anything is replaced, `check_backup` reads the whole file with the engine's own checks
and looks for clusterbridge's migrations in it, so a damaged or foreign file changes nothing.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
# Apps of clusterbridge's first release: every backup of it has their migrations recorded.
CORE_APPS = frozenset({"accounts", "directory", "programmes"})
_RESTORE_OPTIONS = ("--clean", "--if-exists", "--no-owner", "--no-privileges")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def backup(target: Path) -> None:
    if engine() == "sqlite":
        _sqlite_backup(target)
    else:
        _pg_backup(target)


def check_backup(source: Path) -> None:
    """Refuse a file that is another engine's, damaged, or not a clusterbridge database."""
    kind = file_kind(source)
    if kind != engine():
        raise BackupError(
            f"{source} is a {kind} backup but the database is {engine()}: restore it into a "
            f"{kind} database."
        )
    apps = _sqlite_checked_apps(source) if kind == "sqlite" else _pg_checked_apps(source)
    if not CORE_APPS.issubset(apps):
        raise BackupError(
            f"{source} is not a clusterbridge backup (it records no migration of "
            f"{', '.join(sorted(CORE_APPS))}): nothing was restored."
        )


def safety_copy() -> Path:
    """Back up the database as it is now into DATA_DIR/safety-copies/, and say where."""
    folder = Path(settings.DATA_DIR) / "safety-copies"
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"before-restore-{stamp}.backup"
    backup(target)
    return target


def restore(source: Path) -> None:
    """Replace every row with the backup's; call check_backup and safety_copy first."""
    if engine() == "sqlite":
        _sqlite_restore(source)
    else:
        _pg_restore(source)


def file_kind(path: Path) -> str:
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a clusterbridge backup (neither SQLite nor pg_dump).")


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    # Written beside the target and renamed, so a failed backup never leaves half a file.
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    destination = sqlite3.connect(partial)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    partial.replace(target)


def _damaged(source: Path, detail: str) -> BackupError:
    return BackupError(f"{source} is damaged ({detail}): nothing was restored; use another backup.")


def _sqlite_checked_apps(source: Path) -> set[str]:
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup_file:
            problems = [row[0] for row in backup_file.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise _damaged(source, "; ".join(problems[:3]))
            tables = {row[0] for row in backup_file.execute("SELECT name FROM sqlite_master")}
            if "django_migrations" not in tables:
                return set()
            return {row[0] for row in backup_file.execute("SELECT app FROM django_migrations")}
    except sqlite3.DatabaseError as error:
        raise _damaged(source, str(error)) from None


def _sqlite_restore(source: Path) -> None:
    connection.ensure_connection()
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools "
            "(apt-get install postgresql-client)."
        )
    return path


def _pg_environment() -> dict[str, str]:
    """libpq reads the connection from the environment, so no password is on a command line."""
    settings: dict[str, Any] = connection.settings_dict
    values = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run(command: list[str]) -> None:
    # The PostgreSQL tools quote bytes of a damaged archive in their messages: decoding them
    # strictly would turn a clear refusal into a UnicodeDecodeError traceback.
    result = subprocess.run(
        command,
        env=_pg_environment(),
        capture_output=True,
        check=False,
        encoding="utf-8",
        errors="replace",
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _pg_checked_apps(source: Path) -> set[str]:
    tool = _pg_tool("pg_restore")
    # Turning the whole archive into the script the restore would run (same options) reads and
    # decompresses every block, so the format's own checks (table of contents, zlib
    # checksums) find damaged table data, and every statement the restore runs is seen.
    # The messages go to a file, not a second pipe, so a long one cannot stall the reading.
    with tempfile.TemporaryFile() as messages:
        with subprocess.Popen(
            [tool, *_RESTORE_OPTIONS, "--file=-", str(source)],
            stdout=subprocess.PIPE,
            stderr=messages,
        ) as whole:
            unreadable = _first_invalid_text(whole.stdout) if whole.stdout else None
        messages.seek(0)
        detail = messages.read().decode("utf-8", errors="replace").strip()
    if whole.returncode != 0:
        raise _damaged(source, detail)
    if unreadable is not None:
        raise _damaged(source, f"its statements are not valid UTF-8 text near byte {unreadable}")
    migrations = subprocess.run(
        [tool, "--data-only", "--table=django_migrations", "--file=-", str(source)],
        capture_output=True,
        check=False,
        encoding="utf-8",
        errors="replace",
    )
    return _apps_in_copy_block(migrations.stdout)


def _first_invalid_text(stream: IO[bytes]) -> int | None:
    """Where the script stops being UTF-8, if it does.

    The archive's table of contents (every CREATE, ALTER and DROP statement) carries no
    checksum, so pg_restore replays a damaged statement as it is. clusterbridge's databases
    are UTF-8 and a flipped byte there almost never leaves valid UTF-8, so decoding the whole
    script catches the damage before anything is replaced.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    while chunk := stream.read(1 << 16):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            return offset + error.start
        offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        return offset + error.start
    return None


def _apps_in_copy_block(script: str) -> set[str]:
    """The app column of pg_restore's `COPY ... django_migrations (id, app, ...)` rows."""
    apps: set[str] = set()
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY ") and "django_migrations" in line:
            for row in lines:
                if row == "\\.":
                    return apps
                apps.add(row.split("\t")[1])
    return apps


def _pg_backup(target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    _run(
        [
            _pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={partial}",
        ]
    )
    partial.replace(target)


def _pg_restore(source: Path) -> None:
    tool = _pg_tool("pg_restore")
    connection.close()  # our own session must not hold locks on the tables being replaced
    try:
        _run(
            [
                tool,
                *_RESTORE_OPTIONS,
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ]
        )
    except BackupError as error:
        # One transaction: a statement that fails undoes every one before it.
        raise BackupError(
            f"{source} could not be restored ({error}): the restore was undone and the "
            "database is as it was; check the backup or use another one."
        ) from None
