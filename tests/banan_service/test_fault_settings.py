"""The fault settings: bounded database waits from the environment, stale connections checked,
and the fail-open Redis cache whenever REDIS_URL is set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def _load_settings(**environment):
    """The default database and cache settings, imported in a fresh interpreter."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "banan_service.settings.test",
        **environment,
    }
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "database = settings.DATABASES['default'];"
        "print(json.dumps({'options': database['OPTIONS'],"
        " 'health_checks': database['CONN_HEALTH_CHECKS'],"
        " 'cache': settings.CACHES['default']['BACKEND']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    return result if result.returncode else json.loads(result.stdout)


def test_postgresql_gets_a_connect_and_a_statement_timeout():
    """Defaults: 5 s to connect, 10 s per statement; stale connections are checked."""
    loaded = _load_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/banan")
    assert loaded["options"] == {"connect_timeout": 5, "options": "-c statement_timeout=10000"}
    assert loaded["health_checks"] is True


def test_the_timeouts_come_from_the_environment_and_keep_other_options():
    loaded = _load_settings(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/banan?options=-c%20search_path%3Ddata",
        DATABASE_CONNECT_TIMEOUT="3",
        DATABASE_STATEMENT_TIMEOUT="20",
    )
    assert loaded["options"] == {
        "connect_timeout": 3,
        "options": "-c search_path=data -c statement_timeout=20000",
    }


def test_sqlite_waits_the_statement_timeout_for_a_lock():
    loaded = _load_settings(DATABASE_URL="sqlite:////tmp/banan.sqlite3")
    assert loaded["options"]["timeout"] == 10


@pytest.mark.parametrize(
    "variable",
    ["DATABASE_CONNECT_TIMEOUT", "DATABASE_STATEMENT_TIMEOUT", "REDIS_SOCKET_TIMEOUT"],
)
def test_a_timeout_that_would_wait_forever_is_refused(variable):
    """Zero would mean no limit: a hung server would hold a worker for good. The system check
    names the variable, and the service refuses to start (banan_service/checks.py)."""
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "banan_service.settings.test",
        variable: "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert variable in result.stderr


def test_redis_url_selects_the_fail_open_cache():
    assert _load_settings(REDIS_URL="redis://127.0.0.1:6379/0")["cache"] == (
        "apps.core.cache.FailOpenRedisCache"
    )
    assert _load_settings()["cache"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db
def test_postgresql_sessions_run_with_the_statement_timeout(settings):
    """The server itself enforces the timeout on every session the service opens."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        [value] = cursor.fetchone()
    assert value == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"
