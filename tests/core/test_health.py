"""/healthz says the process answers and touches nothing; /readyz checks database, migrations
and cache, answering 200 when the service can serve and 503 when it cannot."""

import pytest
from django.db import OperationalError, connection

from apps.core import health
from tests.servers import RedisServer, free_port, require_tools

FAIL_OPEN_REDIS = "apps.core.cache.FailOpenRedisCache"


@pytest.fixture
def without_redis(settings):
    settings.REDIS_URL = ""
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "responses", "rate_limit")
    }


def test_healthz_answers_without_touching_the_database(client):
    """200 {"status": "ok"}, not cached, and no query: a probe cannot fail on the database.

    This test has no database access at all; any query would raise."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_the_probes_are_never_throttled(client, settings, without_redis, db):
    """A load balancer probing every second never meets the anonymous rate limit."""
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
    assert client.get("/api/v1/").status_code == 200
    assert client.get("/api/v1/").status_code == 429


def test_the_probes_answer_get_and_head_only(client, db):
    """HEAD works for probes that send it; anything else is 405."""
    assert client.head("/healthz").status_code == 200
    assert client.head("/readyz").status_code == 200
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405


def test_readyz_is_ready_with_the_database_migrated(client, without_redis, db):
    """Database reachable, every migration applied, no cache configured: 200 ready."""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "not_configured"},
    }
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_unavailable_while_migrations_are_pending(client, without_redis, db, monkeypatch):
    """Code newer than the database (a migration not applied yet) must not receive traffic."""

    class PendingMigration(health.MigrationExecutor):
        def migration_plan(self, targets, clean_start=False):
            return [(self.loader.get_migration("clusters", "0001_initial"), False)]

    monkeypatch.setattr(health, "MigrationExecutor", PendingMigration)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "migrations": "pending",
        "cache": "not_configured",
    }


def test_readyz_is_unavailable_without_the_database(client, without_redis, db, monkeypatch):
    """An unreachable database: 503 unavailable with Retry-After, the migrations unknown."""

    def refuse():
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "migrations": "unknown", "cache": "not_configured"},
    }


def test_readyz_stays_ready_but_says_degraded_without_redis(client, settings, db):
    """Redis configured but down: reads fail open, so the service is still ready (200)."""
    dead = f"redis://127.0.0.1:{free_port()}/0"
    settings.REDIS_URL = dead
    settings.CACHES = {"default": {"BACKEND": FAIL_OPEN_REDIS, "LOCATION": dead}}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "migrations": "ok", "cache": "degraded"},
    }


def test_readyz_says_the_cache_is_ok_when_redis_answers(client, settings, db):
    require_tools("redis-server")
    with RedisServer() as redis:
        settings.REDIS_URL = redis.url(0)
        settings.CACHES = {"default": {"BACKEND": FAIL_OPEN_REDIS, "LOCATION": redis.url(0)}}
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }
