"""Faults against real servers: the service under gunicorn meets a stopped PostgreSQL, a database
that never answers and a stopped Redis; it answers 503 or fails open, then heals by itself.

Each test prints what it measured (time to 503, time to recover); ``make test`` shows the lines.
"""

import statistics
import threading
import time

import pytest

from tests.servers import (
    Gunicorn,
    HangingListener,
    PostgresCluster,
    RedisServer,
    create_editor,
    load_dataset,
    production_environment,
    require_tools,
    wait_until,
)

pytestmark = pytest.mark.servers

API_LIST = "/api/v1/clusters/"
CONNECT_TIMEOUT = 2  # libpq's smallest
STATIC_FILE = "/static/admin/css/base.css"
# A request waits for at most the connect timeout; the rest is gunicorn, Django and the machine.
SLACK = 2.0


def report(capsys, line):
    with capsys.disabled():
        print(f"\n[faults] {line}")


def assert_api_unavailable(reply):
    assert reply.status == 503
    assert reply.headers["content-type"] == "application/json"
    assert int(reply.headers["retry-after"]) > 0
    assert "no-store" in reply.headers["cache-control"]
    body = reply.json()
    assert body["type"] == "server_error"
    assert [error["code"] for error in body["errors"]] == ["service_unavailable"]
    assert body["errors"][0]["attr"] is None


def assert_page_unavailable(reply):
    assert reply.status == 503
    assert reply.headers["content-type"].startswith("text/html")
    assert int(reply.headers["retry-after"]) > 0
    assert b"Traceback" not in reply.body
    assert len(reply.body) < 1000


@pytest.fixture(scope="module")
def postgres():
    """A throw-away PostgreSQL cluster holding the dataset and an editor, and its environment."""
    require_tools("initdb", "pg_ctl")
    with PostgresCluster() as cluster:
        environment = production_environment(
            cluster.create_database("banan"), DATABASE_CONNECT_TIMEOUT=CONNECT_TIMEOUT
        )
        load_dataset(environment)
        editor = create_editor(environment, "fault-editor")
        yield cluster, environment, editor


def test_postgresql_stopped_answers_503_then_heals_without_a_restart(
    postgres, collected_static, capsys
):
    """With PostgreSQL stopped, the API answers 503 JSON with Retry-After, an admin page a plain
    503, /healthz 200 and /readyz 503; started again, the same gunicorn workers answer 200."""
    cluster, environment, editor = postgres
    with Gunicorn(environment) as server:
        cookie = server.admin_session(editor.username, editor.password)
        assert server.request("GET", API_LIST).status == 200
        assert server.request("GET", "/admin/", headers={"Cookie": cookie}).status == 200
        workers = server.worker_pids()
        try:
            cluster.stop()
            stopped = time.monotonic()
            first = server.request("GET", API_LIST)
            time_to_503 = time.monotonic() - stopped
            assert_api_unavailable(first)
            assert_api_unavailable(server.request("GET", "/api/v1/enterprises/zongshen-group/"))
            assert_page_unavailable(server.request("GET", "/admin/", headers={"Cookie": cookie}))
            assert server.request("GET", "/healthz").status == 200
            readiness = server.request("GET", "/readyz")
            assert readiness.status == 503
            assert readiness.json()["checks"]["database"] == "unavailable"
        finally:
            if not cluster.running:
                cluster.start()
        started = time.monotonic()
        wait_until(
            lambda: server.request("GET", API_LIST).status == 200,
            timeout=15,
            what="the API answers 200 again",
        )
        time_to_recover = time.monotonic() - started
        # Every worker heals, not only the one that happened to answer first.
        assert {server.request("GET", API_LIST).status for _ in range(8)} == {200}
        assert server.request("GET", "/admin/", headers={"Cookie": cookie}).status == 200
        assert server.request("GET", "/readyz").json()["status"] == "ready"
        assert server.process.poll() is None
        assert server.worker_pids() == workers
    assert time_to_503 < CONNECT_TIMEOUT + SLACK
    assert time_to_recover < 5
    report(
        capsys,
        f"PostgreSQL stopped: first request answered 503 in {time_to_503:.3f} s; "
        f"started again: 200 after {time_to_recover:.3f} s, same workers",
    )


def test_a_postgresql_restart_between_requests_fails_no_request(postgres, capsys):
    """Persistent connections left stale by a restart are replaced before use: no request after
    the restart fails, on any worker."""
    cluster, environment, _ = postgres
    with Gunicorn(environment) as server:
        # Both workers hold a persistent connection (CONN_MAX_AGE) before the restart.
        assert {server.request("GET", API_LIST).status for _ in range(8)} == {200}
        try:
            cluster.stop()
        finally:
            cluster.start()
        statuses = [server.request("GET", API_LIST).status for _ in range(8)]
        assert statuses == [200] * 8, server.log()
    report(capsys, "PostgreSQL restarted between requests: 8 of 8 requests after it answered 200")


def test_a_database_that_never_answers_costs_a_bounded_wait_and_no_stuck_worker(
    collected_static, capsys
):
    """A database that accepts connections and never answers: a request answers 503 within the
    connect timeout; meanwhile and afterwards /healthz, static files and the next request answer."""
    with HangingListener() as listener:
        environment = production_environment(
            f"postgres://postgres@127.0.0.1:{listener.port}/banan",
            DATABASE_CONNECT_TIMEOUT=CONNECT_TIMEOUT,
        )
        with Gunicorn(environment) as server:
            replies = {}
            hanging = threading.Thread(
                target=lambda: replies.setdefault("first", server.request("GET", API_LIST))
            )
            hanging.start()
            wait_until(lambda: listener.connections_accepted, timeout=5, what="a connection")
            # One worker waits for the database; the other still serves what needs none.
            health = server.request("GET", "/healthz", timeout=CONNECT_TIMEOUT)
            static = server.request("GET", STATIC_FILE, timeout=CONNECT_TIMEOUT)
            hanging.join(timeout=CONNECT_TIMEOUT + SLACK + 5)
            first = replies["first"]
            second = server.request("GET", "/api/v1/enterprises/", timeout=CONNECT_TIMEOUT + 10)
            readiness = server.request("GET", "/readyz", timeout=CONNECT_TIMEOUT + 10)
            after = server.request("GET", "/healthz", timeout=CONNECT_TIMEOUT)
    assert health.status == static.status == after.status == 200
    assert health.seconds < 1
    assert static.seconds < 1
    assert_api_unavailable(first)
    assert_api_unavailable(second)
    assert readiness.status == 503
    assert readiness.json()["checks"]["database"] == "unavailable"
    for reply in (first, second, readiness):
        assert CONNECT_TIMEOUT - 0.5 < reply.seconds < CONNECT_TIMEOUT + SLACK
    report(
        capsys,
        f"database never answers: 503 after {first.seconds:.2f} s, next request "
        f"{second.seconds:.2f} s, /readyz {readiness.seconds:.2f} s (connect timeout "
        f"{CONNECT_TIMEOUT} s); /healthz {health.seconds * 1000:.0f} ms and a static file "
        f"{static.seconds * 1000:.0f} ms meanwhile",
    )


READS = [
    "/api/v1/",
    "/api/v1/clusters/",
    "/api/v1/enterprises/?cluster=biomedicine",
    "/api/v1/enterprises/zongshen-group/",
    "/api/v1/indicators/?format=csv",
    "/api/v1/summary/",
    "/api/schema/",
]


def test_redis_stopped_reads_fail_open_with_one_warning_then_heal(sqlite_dataset, capsys):
    """With Redis stopped, every read answers 200 (caching and throttling fail open), /readyz
    answers 200 "degraded", and the outage is logged once; started again, Redis is used again."""
    require_tools("redis-server")
    with (
        RedisServer() as redis,
        Gunicorn(production_environment(sqlite_dataset, redis.url(0)), workers=1) as server,
    ):
        assert {path: server.request("GET", path).status for path in READS} == dict.fromkeys(
            READS, 200
        )
        assert server.request("GET", "/readyz").json()["checks"]["cache"] == "ok"
        assert redis.key_count() > 0  # throttling counts clients in Redis
        try:
            redis.stop()
            outage = {
                (attempt, path): server.request("GET", path)
                for attempt in range(3)
                for path in READS
            }
            readiness = server.request("GET", "/readyz")
        finally:
            redis.start()
        warnings_in_outage = server.log().count("Cache (Redis) unreachable")
        started = time.monotonic()
        wait_until(
            lambda: server.request("GET", "/readyz").json()["checks"]["cache"] == "ok",
            timeout=10,
            what="/readyz says the cache is ok",
        )
        time_to_recover = time.monotonic() - started
        assert server.request("GET", API_LIST).status == 200
        assert redis.key_count() > 0
        warnings = server.log().count("Cache (Redis) unreachable")
    assert [reply.status for reply in outage.values()] == [200] * len(outage)
    assert readiness.status == 200
    assert readiness.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "migrations": "ok", "cache": "degraded"},
    }
    assert warnings_in_outage == warnings == 1
    # The schema is generated on every request, slow with or without Redis: left out here.
    data_reads = [reply.seconds for (_, path), reply in outage.items() if path != "/api/schema/"]
    report(
        capsys,
        f"Redis stopped: {len(outage)} reads answered 200 (API data reads: median "
        f"{statistics.median(data_reads) * 1000:.0f} ms, slowest {max(data_reads) * 1000:.0f} ms), "
        f"1 warning; started again: cache ok after {time_to_recover:.3f} s",
    )
