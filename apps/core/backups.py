"""Backups of the service's database and their restore, for SQLite and PostgreSQL.

SQLite is copied with its online backup API: a consistent snapshot taken while the service keeps
serving. PostgreSQL is dumped with ``pg_dump --format=custom`` (a consistent snapshot too, which
blocks no reader or writer) and restored with ``pg_restore`` in one transaction. A backup holds
everything: the data, its history, accounts and tokens, and the applied migrations.

A restore goes into an empty database unless ``replace`` is asked for, so a mistyped
DATABASE_URL never overwrites live data.
"""

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def engine(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in SUFFIXES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def backup_name(connection: BaseDatabaseWrapper, now: datetime.datetime | None = None) -> str:
    """A file name that sorts by time and says what it holds: banan-<engine>-<database>-<UTC>."""
    now = now or datetime.datetime.now(datetime.UTC)
    database = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(str(connection.settings_dict["NAME"])).stem)
    kind = engine(connection)
    return f"banan-{kind}-{database}-{now:%Y%m%dT%H%M%SZ}{SUFFIXES[kind]}"


def back_up(connection: BaseDatabaseWrapper, destination: Path) -> None:
    """Write a backup of ``connection``'s database to ``destination`` (written whole or not
    at all: a partial file is removed)."""
    if not connection.introspection.table_names():
        raise BackupError("The database holds no tables: there is nothing to back up.")
    partial = destination.with_name(destination.name + ".partial")
    try:
        if engine(connection) == "sqlite":
            _sqlite_back_up(connection, partial)
        else:
            _pg_dump(connection, partial)
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)


def restore(backup: Path, connection: BaseDatabaseWrapper, *, replace: bool = False) -> None:
    """Restore ``backup`` into ``connection``'s database, which must be empty unless ``replace``."""
    kind = _kind_of(backup)
    if kind != engine(connection):
        raise BackupError(
            f"{backup} is a {kind} backup; the database to restore into is {engine(connection)}."
        )
    if not replace and (tables := connection.introspection.table_names()):
        raise BackupError(
            f"The database to restore into is not empty ({len(tables)} tables): restore into a "
            "fresh database, or pass --replace to overwrite it."
        )
    if kind == "sqlite":
        _sqlite_restore(backup, connection)
    else:
        _pg_restore(backup, connection, replace=replace)


def _kind_of(backup: Path) -> str:
    with backup.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{backup} is neither a SQLite backup nor a pg_dump custom-format archive.")


# --- SQLite ---------------------------------------------------------------------------------------


def _sqlite_back_up(connection: BaseDatabaseWrapper, destination: Path) -> None:
    if connection.in_atomic_block:
        # SQLite refuses to copy a database its own connection is writing (a transaction here
        # holds the write lock from BEGIN), and Python's backup() would retry forever.
        raise BackupError("Back up outside a transaction: this connection holds the write lock.")
    connection.ensure_connection()
    with sqlite3.connect(destination) as target:
        # One step: the copy is one consistent snapshot, whatever other connections write.
        connection.connection.backup(target)
        [result] = target.execute("PRAGMA quick_check").fetchone()
    target.close()
    if result != "ok":
        raise BackupError(f"The backup failed its integrity check: {result}")


def _sqlite_restore(backup: Path, connection: BaseDatabaseWrapper) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
        connection.close()


# --- PostgreSQL -----------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    if found := shutil.which(name):
        return found
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda path: int(path.parts[-3])
    )
    if versions:
        return str(versions[-1])
    raise BackupError(f"{name} not found: install the PostgreSQL client (postgresql-client).")


def _pg_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's variables for the database, so no password shows in the process list."""
    settings = connection.settings_dict
    options = settings.get("OPTIONS", {})
    variables = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGCONNECT_TIMEOUT": options.get("connect_timeout"),
    }
    return {**os.environ, **{name: str(value) for name, value in variables.items() if value}}


def _run(command: list[str], connection: BaseDatabaseWrapper) -> None:
    completed = subprocess.run(
        command, env=_pg_environment(connection), capture_output=True, text=True, check=False
    )
    if completed.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {completed.stderr.strip()}")


def _pg_dump(connection: BaseDatabaseWrapper, destination: Path) -> None:
    _run([_pg_tool("pg_dump"), "--format=custom", f"--file={destination}"], connection)


def _pg_restore(backup: Path, connection: BaseDatabaseWrapper, *, replace: bool) -> None:
    connection.close()  # holds no lock while pg_restore replaces the tables
    command = [
        _pg_tool("pg_restore"),
        "--single-transaction",
        "--exit-on-error",
        # Objects belong to whoever restores, so a backup restores under another role too.
        "--no-owner",
        "--no-privileges",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, str(backup)], connection)
