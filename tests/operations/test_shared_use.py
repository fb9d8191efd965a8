"""Shared use against the real service (gunicorn, production settings), on SQLite and, where
DATABASE_URL names PostgreSQL (as in .ci/run), on PostgreSQL with Redis:

- concurrent writers of one record: every write is acknowledged or refused, none fails, and every
  acknowledged value is in the record at the end;
- reads never wait for a writer holding the database's write lock;
- the read rate limit holds across the workers of a host.

Bounded: ``SHARED_USE_SECONDS`` (default 5) of writing; the closing note's 30 s runs set it.
"""

import json
import os
import sqlite3
import threading
import time
from collections import Counter
from contextlib import contextmanager

import pytest

from tests.servers import (
    ON_POSTGRESQL,
    Gunicorn,
    create_editor,
    load_dataset,
    postgresql_databases,
    production_environment,
)

pytestmark = pytest.mark.servers

WRITERS = 8
SECONDS = float(os.environ.get("SHARED_USE_SECONDS", "5"))
RECORD = "/api/v1/enterprises/zongshen-group/"
# One text field per writer: each writer's last acknowledged value must survive the others.
FIELDS = (
    "description_en",
    "description_zh",
    "short_name_en",
    "short_name_zh",
    "listing_board_en",
    "listing_board_zh",
    "editors_note_en",
    "editors_note_zh",
)
ON_POSTGRESQL_ONLY = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="PostgreSQL only: DATABASE_URL names no PostgreSQL server"
)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=ON_POSTGRESQL_ONLY)]


@contextmanager
def database(backend, sqlite_dataset):
    """A database of the test's own holding the dataset: a SQLite file, or a fresh PostgreSQL
    database on the server DATABASE_URL names."""
    if backend == "sqlite":
        yield sqlite_dataset
        return
    with postgresql_databases("shared_use") as (url,):
        load_dataset(production_environment(url))
        yield url


def _environment(url, **overrides):
    redis_url = os.environ.get("REDIS_URL", "") if url.startswith("postgres") else ""
    return production_environment(url, redis_url, **{"API_ANON_THROTTLE_RATE": "", **overrides})


def _write_for(server, token, field, seconds, outcome):
    """PATCH ``field`` with new values until the time is up; record every answer's status and
    the last value the server acknowledged."""
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        count += 1
        value = f"{field}-{count}"
        reply = server.request(
            "PATCH", RECORD, headers=headers, body=json.dumps({field: value}), timeout=60
        )
        outcome["statuses"][reply.status] += 1
        if reply.status == 200:
            outcome["acknowledged"][field] = value


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_writers_lose_nothing_and_fail_nowhere(backend, sqlite_dataset):
    """Eight writers PATCH eight fields of one enterprise at once: all 200, none lost."""
    with database(backend, sqlite_dataset) as url:
        environment = _environment(url)
        token = create_editor(environment, "concurrent-writer").token
        outcome = {"statuses": Counter(), "acknowledged": {}}
        with Gunicorn(environment, workers=4) as server:
            writers = [
                threading.Thread(target=_write_for, args=(server, token, field, SECONDS, outcome))
                for field in FIELDS
            ]
            for writer in writers:
                writer.start()
            for writer in writers:
                writer.join()
            record = server.request("GET", RECORD).json()
    writes = sum(outcome["statuses"].values())
    print(
        f"\n[shared use] {backend}: {WRITERS} writers for {SECONDS:.0f} s: {writes} writes, "
        f"statuses {dict(outcome['statuses'])}"
    )
    assert set(outcome["statuses"]) == {200}, outcome["statuses"]
    assert writes >= WRITERS
    lost = {
        field: value for field, value in outcome["acknowledged"].items() if record[field] != value
    }
    assert lost == {}


@contextmanager
def _write_lock_held(url):
    """Another process's writing transaction, holding the database's write lock (SQLite) or the
    lock every writer of the service queues on (the data version row, PostgreSQL)."""
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE enterprises_enterprise SET short_name_en = short_name_en")
        try:
            yield
        finally:
            connection.execute("ROLLBACK")
            connection.close()
    else:
        import psycopg

        with psycopg.connect(url) as connection:
            connection.execute("SELECT 1 FROM core_dataversion WHERE id = 1 FOR UPDATE")
            connection.execute("UPDATE enterprises_enterprise SET short_name_en = short_name_en")
            yield
            connection.rollback()


@pytest.mark.parametrize("backend", BACKENDS)
def test_reads_never_wait_for_a_writer(backend, sqlite_dataset):
    """While a writer holds the lock, fresh (uncached) reads answer at once."""
    with (
        database(backend, sqlite_dataset) as url,
        Gunicorn(_environment(url), workers=2) as server,
        _write_lock_held(url),
    ):
        started = time.monotonic()
        replies = [
            server.request("GET", f"/api/v1/enterprises/?page_size={size}", timeout=30)
            for size in (3, 4, 5, 6)
        ]
        reading = time.monotonic() - started
    assert [reply.status for reply in replies] == [200] * 4
    # The database would make a waiting read wait DATABASE_STATEMENT_TIMEOUT (10 s).
    assert reading < 5, reading


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_read_limit_holds_across_workers(backend, sqlite_dataset, tmp_path):
    """Four workers, one client: the limit counts the client's reads wherever they land
    (in files the workers of the host share; in Redis on PostgreSQL's run)."""
    with database(backend, sqlite_dataset) as url:
        environment = _environment(
            url, API_ANON_THROTTLE_RATE="10/minute", RATE_LIMIT_DIRECTORY=tmp_path / "counts"
        )
        with Gunicorn(environment, workers=4) as server:
            statuses = Counter(
                server.request("GET", f"/api/v1/clusters/?page_size={5 + n % 2}").status
                for n in range(24)
            )
    assert statuses == {200: 10, 429: 14}
