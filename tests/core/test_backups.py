"""Backups and restores of SQLite and PostgreSQL databases, and the commands behind make backup
and make restore. The round trip through a running service is tests/operations."""

import sqlite3

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import ConnectionHandler

from apps.core import backups
from apps.core.backups import BackupError, back_up, backup_name, restore

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def sqlite_connection(path):
    """A Django connection to the SQLite file ``path``, outside the configured databases."""
    return ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
    )["default"]


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These tests open SQLite files of their own, never the test database, so they may."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def sqlite_source(tmp_path):
    path = tmp_path / "source.sqlite3"
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE cluster (slug TEXT PRIMARY KEY, name TEXT)")
        database.executemany(
            "INSERT INTO cluster VALUES (?, ?)", [("biomedicine", "生物医药"), ("chips", "芯片")]
        )
    database.close()
    return sqlite_connection(path)


def rows(path):
    with sqlite3.connect(path) as database:
        return database.execute("SELECT * FROM cluster ORDER BY slug").fetchall()


def test_a_sqlite_backup_restores_into_a_fresh_database(sqlite_source, tmp_path):
    """Every row comes back, in a database that did not exist before."""
    backup = tmp_path / "backup.sqlite3"
    back_up(sqlite_source, backup)
    restore(backup, sqlite_connection(tmp_path / "fresh.sqlite3"))
    assert rows(tmp_path / "fresh.sqlite3") == [("biomedicine", "生物医药"), ("chips", "芯片")]
    assert not (tmp_path / "backup.sqlite3.partial").exists()


def test_a_restore_refuses_a_database_that_holds_tables(sqlite_source, tmp_path):
    """A mistyped DATABASE_URL must not overwrite live data: --replace is needed for that."""
    backup = tmp_path / "backup.sqlite3"
    back_up(sqlite_source, backup)
    live = tmp_path / "live.sqlite3"
    with sqlite3.connect(live) as database:
        database.execute("CREATE TABLE cluster (slug TEXT PRIMARY KEY, name TEXT)")
        database.execute("INSERT INTO cluster VALUES ('edited', 'kept')")
    database.close()
    with pytest.raises(BackupError, match="not empty"):
        restore(backup, sqlite_connection(live))
    assert rows(live) == [("edited", "kept")]
    restore(backup, sqlite_connection(live), replace=True)
    assert rows(live) == [("biomedicine", "生物医药"), ("chips", "芯片")]


def test_an_empty_database_is_not_backed_up(tmp_path):
    with pytest.raises(BackupError, match="no tables"):
        back_up(sqlite_connection(tmp_path / "empty.sqlite3"), tmp_path / "backup.sqlite3")
    assert not (tmp_path / "backup.sqlite3").exists()


def test_a_failed_backup_leaves_no_file(sqlite_source, tmp_path, monkeypatch):
    """A backup is written whole or not at all, so a half-written file is never restored."""

    def fail(connection, destination):
        destination.write_bytes(b"SQLite format 3\x00 and then the disk filled up")
        raise OSError("No space left on device")

    monkeypatch.setattr(backups, "_sqlite_back_up", fail)
    with pytest.raises(OSError, match="No space"):
        back_up(sqlite_source, tmp_path / "backup.sqlite3")
    assert list(tmp_path.glob("backup*")) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"PGDMP\x01\x0e", "is a postgresql backup"), (b"hello", "neither a SQLite backup")],
)
def test_a_file_that_is_not_a_backup_of_this_engine_is_refused(tmp_path, content, message):
    backup = tmp_path / "backup"
    backup.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        restore(backup, sqlite_connection(tmp_path / "fresh.sqlite3"))


def test_backup_names_sort_by_time_and_say_what_they_hold(sqlite_source):
    import datetime

    moment = datetime.datetime(2024, 3, 1, 8, 30, 5, tzinfo=datetime.UTC)
    assert backup_name(sqlite_source, moment) == "banan-sqlite-source-20240301T083005Z.sqlite3"


# Outside a test transaction: a backup reads the database as a command run by an operator does.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_database_writes_into_backup_dir(settings, tmp_path, capsys):
    """make backup: a file in BACKUP_DIR named after the database, its path printed."""
    settings.BACKUP_DIR = str(tmp_path / "backups")
    call_command("backup_database")
    [written] = (tmp_path / "backups").iterdir()
    assert capsys.readouterr().out.strip() == str(written)
    magic = backups.SQLITE_MAGIC if connection.vendor == "sqlite" else backups.PG_DUMP_MAGIC
    assert written.read_bytes().startswith(magic)
    assert written.name.startswith(f"banan-{connection.vendor}-")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_database_refuses_the_live_database_and_a_missing_file(tmp_path):
    backup = tmp_path / "backup"
    call_command("backup_database", output=backup)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_database", str(backup))
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore_database", str(tmp_path / "missing"))


def test_backup_database_reports_a_database_it_cannot_back_up(tmp_path, monkeypatch):
    def refuse(connection, destination):
        raise BackupError("pg_dump not found: install the PostgreSQL client (postgresql-client).")

    monkeypatch.setattr("apps.core.management.commands.backup_database.back_up", refuse)
    with pytest.raises(CommandError, match="pg_dump not found"):
        call_command("backup_database", output=tmp_path / "backup")


@on_postgresql
@pytest.mark.django_db
def test_a_postgresql_dump_restores_into_a_fresh_database(tmp_path):
    """pg_dump's archive of the test database restores every table into a new database."""
    backup = tmp_path / "backup.dump"
    back_up(connection, backup)
    fresh_name = f"{connection.settings_dict['NAME']}_restored"
    settings = {**connection.settings_dict, "NAME": fresh_name}
    admin = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')
    admin.execute(f'CREATE DATABASE "{fresh_name}"')
    fresh = ConnectionHandler({"default": settings})["default"]
    try:
        restore(backup, fresh)
        assert set(fresh.introspection.table_names()) == set(connection.introspection.table_names())
        with pytest.raises(BackupError, match="not empty"):
            restore(backup, fresh)
        restore(backup, fresh, replace=True)
    finally:
        fresh.close()
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh_name}" WITH (FORCE)')
        admin.close()
