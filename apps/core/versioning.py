"""The data version: database triggers that move it on every write, and the one query that reads it.

Why triggers: a version kept by the application (signals, a cache counter) misses whatever
bypasses the ORM's save (``QuerySet.update``, ``bulk_update``, raw SQL, a restored dump) and, kept
per process, disagrees between workers. A trigger runs inside the writing transaction, so the
version moves exactly when the new data becomes visible, on every worker and every app instance
sharing the database; reading it is one primary-key lookup, whatever the size of the data.

Triggers are installed after every ``migrate`` (``post_migrate``) on every table of
``registry.data_tables()``: a new model gets them without a migration of its own, and SQLite, which
rebuilds a table to alter it (dropping its triggers), gets them back. PostgreSQL fires one trigger
per statement; SQLite has row triggers only.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import psycopg
from django.core.exceptions import ImproperlyConfigured
from django.db import InterfaceError, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.dateparse import parse_datetime
from psycopg import pq

from apps.core.models import DataVersion
from apps.core.registry import data_tables

TABLE = DataVersion._meta.db_table
TRIGGER_PREFIX = "data_version"

# Upsert: the row is created on the first write after it went missing (a flushed test database),
# with a fresh epoch. changed_at never goes backwards, even if the clock does.
_SQLITE_TRIGGER = f"""
CREATE TRIGGER IF NOT EXISTS "{{name}}" AFTER {{event}} ON "{{table}}"
BEGIN
    INSERT INTO "{TABLE}" (id, epoch, counter, changed_at)
    VALUES (1, lower(hex(randomblob(16))), 1, strftime('%Y-%m-%d %H:%M:%f000', 'now'))
    ON CONFLICT (id) DO UPDATE SET
        counter = counter + 1,
        changed_at = max(coalesce(changed_at, ''), excluded.changed_at);
END
"""
_POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "{TABLE}" (id, epoch, counter, changed_at)
    VALUES (1, replace(gen_random_uuid()::text, '-', ''), 1, clock_timestamp())
    ON CONFLICT (id) DO UPDATE SET
        counter = "{TABLE}".counter + 1,
        changed_at = greatest("{TABLE}".changed_at, excluded.changed_at);
    RETURN NULL;
END
$$
"""
_POSTGRESQL_TRIGGER = (
    'CREATE OR REPLACE TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
    'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION ' + TRIGGER_PREFIX + "_bump()"
)
SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")


_CREATE_ROW = {
    "sqlite": f'INSERT INTO "{TABLE}" (id, epoch, counter) '
    "VALUES (1, lower(hex(randomblob(16))), 0) ON CONFLICT (id) DO NOTHING",
    "postgresql": f'INSERT INTO "{TABLE}" (id, epoch, counter) '
    "VALUES (1, replace(gen_random_uuid()::text, '-', ''), 0) ON CONFLICT (id) DO NOTHING",
}


def install_triggers(using: str = "default") -> None:
    """Create the version row and the triggers on every data table that lacks them.

    Safe to run any number of times.
    """
    connection = connections[using]
    # After migrating an app backwards its tables are gone; the others still need their triggers.
    existing = set(connection.introspection.table_names())
    tables = [table for table in data_tables() if table in existing]
    with connection.cursor() as cursor:
        cursor.execute(_CREATE_ROW[connection.vendor])
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRESQL_FUNCTION)
            for table in tables:
                cursor.execute(_POSTGRESQL_TRIGGER.format(name=TRIGGER_PREFIX, table=table))
        elif connection.vendor == "sqlite":
            for table in tables:
                for event in SQLITE_EVENTS:
                    name = f"{TRIGGER_PREFIX}_{table}_{event.lower()}"
                    cursor.execute(_SQLITE_TRIGGER.format(name=name, event=event, table=table))
        else:  # pragma: no cover - the settings admit these two databases only
            raise ImproperlyConfigured(
                f"The data version needs SQLite or PostgreSQL, not {connection.vendor}."
            )


def tables_with_triggers(using: str = "default") -> set[str]:
    """The tables the triggers watch, as the database reports them (for tests and checks)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name = %s",
                [TRIGGER_PREFIX],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE %s",
                [f"{TRIGGER_PREFIX}_%"],
            )
        return {table for (table,) in cursor.fetchall()}


def lock_writes(using: str = "default") -> None:
    """Queue this transaction behind every other writing transaction, before it touches data.

    Every write moves the version row, so writers serialize on it anyway; taking its lock first,
    in a fixed order, means two writers can never hold rows the other one waits for (no deadlock),
    and a check made before writing (If-Match, a form's revision) still holds when the write
    happens. SQLite needs none of this: its writing transactions take the database's one write
    lock at BEGIN (``transaction_mode`` IMMEDIATE).
    """
    connection = connections[using]
    if connection.features.has_select_for_update:
        DataVersion.objects.using(using).select_for_update().filter(pk=1).exists()


@dataclass(frozen=True)
class Version:
    """What the version row says: ``token`` names the data's state, ``changed_at`` dates it."""

    token: str
    changed_at: datetime.datetime | None


EMPTY = Version(token="0", changed_at=None)
# On PostgreSQL the date is read as UTC text: psycopg's loader of a timestamptz costs as much as
# the rest of the row. (On SQLite, Django's converter reads the column as a datetime.)
_READ = {
    "sqlite": f'SELECT epoch, counter, changed_at FROM "{TABLE}" WHERE id = 1',
    "postgresql": f"SELECT epoch, counter, "
    f"to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') "
    f'FROM "{TABLE}" WHERE id = 1',
}


def current_version(using: str = "default") -> Version:
    """The data version, in one primary-key lookup; ``EMPTY`` before the first write.

    It is the first query of every read, so on a persistent connection it is also the connection's
    health check: Django would otherwise ping the server (``SELECT 1``) before it, a second round
    trip that cost a cached read on PostgreSQL a fifth of its time. A read that fails on a
    connection not yet checked in this request is tried once more on a new connection, which is
    what a failed ping would have led to.
    """
    connection = connections[using]
    # CONN_HEALTH_CHECKS' state (Django 4.1+), which django-stubs does not declare.
    unchecked = (
        connection.connection is not None
        and connection.health_check_enabled  # type: ignore[attr-defined]
        and not connection.health_check_done  # type: ignore[attr-defined]
    )
    if unchecked:
        connection.health_check_done = True  # type: ignore[attr-defined]
    try:
        row = _read(connection)
    except (OperationalError, InterfaceError):
        if not unchecked or connection.in_atomic_block:
            raise
        connection.close()
        row = _read(connection)
    if row is None:
        return EMPTY
    epoch, counter, changed_at = row
    if isinstance(changed_at, str):
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and changed_at.tzinfo is None:  # UTC, without a zone
        changed_at = changed_at.replace(tzinfo=datetime.UTC)
    return Version(token=f"{epoch}.{counter}", changed_at=changed_at)


# epoch, counter, changed_at (UTC, as text or, on SQLite, as Django's converter reads it)
_Row = tuple[str, int, datetime.datetime | str | None]


def _read(connection: BaseDatabaseWrapper) -> _Row | None:
    opened = connection.connection is not None
    if connection.vendor == "postgresql" and opened and not connection.queries_logged:
        return _read_with_libpq(connection)
    with connection.cursor() as cursor:
        cursor.execute(_READ[connection.vendor])
        return cursor.fetchone()  # type: ignore[no-any-return]


# The name of the prepared read on each connection, and the mark a connection carries once it has
# prepared it (a new connection is a new object, without the mark).
_STATEMENT = b"banan_data_version"
_PREPARED_MARK = "_banan_data_version_prepared"
_NO_SUCH_STATEMENT = b"26000"  # invalid_sql_statement_name
_ALREADY_PREPARED = b"42P05"  # duplicate_prepared_statement


def _read_with_libpq(connection: BaseDatabaseWrapper) -> _Row | None:
    """The row, read on the open connection through psycopg's libpq wrapper, as a statement
    prepared once per connection.

    Django's cursor and psycopg's take twice the client time of the read itself: a tenth of a
    304 on PostgreSQL; and parsing and planning the statement anew took a third of the read's
    round trip (about 40 of 120 microseconds here). A statement the session has lost (``DISCARD
    ALL``, a pooler's reset) is prepared again. Errors are Django's, as from a cursor
    (``wrap_database_errors``). Where queries are logged (DEBUG, tests that count them), the read
    goes through a cursor, so it is counted like any other.
    """
    raw = connection.connection
    pgconn = raw.pgconn
    with connection.wrap_database_errors:
        if not getattr(raw, _PREPARED_MARK, False):
            _prepare(pgconn)
            setattr(raw, _PREPARED_MARK, True)
        result = pgconn.exec_prepared(_STATEMENT, [])
        if result.error_field(pq.DiagnosticField.SQLSTATE) == _NO_SUCH_STATEMENT:
            _prepare(pgconn)
            result = pgconn.exec_prepared(_STATEMENT, [])
        _check(pgconn, result, pq.ExecStatus.TUPLES_OK)
    if not result.ntuples:
        return None
    # epoch and counter are NOT NULL; changed_at is NULL until the first write.
    epoch, counter, changed_at = (result.get_value(0, column) or b"" for column in range(3))
    return epoch.decode(), int(counter), changed_at.decode() or None


def _prepare(pgconn: Any) -> None:
    result = pgconn.prepare(_STATEMENT, _READ["postgresql"].encode())
    if result.error_field(pq.DiagnosticField.SQLSTATE) == _ALREADY_PREPARED:
        return
    _check(pgconn, result, pq.ExecStatus.COMMAND_OK)


def _check(pgconn: Any, result: Any, expected: pq.ExecStatus) -> None:
    if result.status != expected:
        if pgconn.status == pq.ConnStatus.BAD:  # lost, as psycopg reports it
            raise psycopg.OperationalError(result.get_error_message())
        raise psycopg.errors.error_from_result(result)
