"""Whole-database backup and restore: SQLite's online backup API, PostgreSQL's pg_dump.

A backup file is the engine's own format (a SQLite database file, or pg_dump's custom
archive), so it can also be opened with the engine's own tools. The file's first bytes say
which it is; restoring one engine's backup into the other is refused with a clear message.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def backup(target: Path) -> None:
    if engine() == "sqlite":
        _sqlite_backup(target)
    else:
        _pg_backup(target)


def restore(source: Path) -> None:
    kind = file_kind(source)
    if kind != engine():
        raise BackupError(
            f"{source} is a {kind} backup but the database is {engine()}: restore it into a "
            f"{kind} database."
        )
    if kind == "sqlite":
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
    result = subprocess.run(
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


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
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ]
    )
