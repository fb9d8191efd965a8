"""The Redis cache fails open: during an outage it answers as an empty cache, warns once, waits
a back-off before trying Redis again, and is used again as soon as Redis answers."""

import logging
import time
from warnings import catch_warnings, simplefilter

import pytest
from django.core.cache import caches

from apps.core import cache as fail_open
from apps.core.cache import FailOpenRedisCache, VersionKeyedRedisCache
from tests.servers import HangingListener, RedisServer, free_port, require_tools


@pytest.fixture(autouse=True)
def _no_outage_remembered():
    fail_open._outages.clear()
    yield
    fail_open._outages.clear()


def redis_cache(location, **params):
    return FailOpenRedisCache(location, params)


@pytest.fixture
def dead_redis():
    """A cache on a port where no Redis listens."""
    return redis_cache(f"redis://127.0.0.1:{free_port()}/0")


def warnings(caplog):
    return [r for r in caplog.records if r.name == "apps.core.cache" and r.levelname == "WARNING"]


def test_every_operation_answers_as_an_empty_cache_during_an_outage(dead_redis, caplog):
    """Reads miss, writes store nothing, and no operation raises."""
    assert dead_redis.get("key") is None
    assert dead_redis.get("key", "default") == "default"
    assert dead_redis.get_or_set("key", "computed") == "computed"
    assert dead_redis.set("key", 1) is None
    assert dead_redis.add("key", 1) is True
    assert dead_redis.incr("key", 3) == 3
    assert dead_redis.decr("key") == -1
    assert dead_redis.touch("key") is False
    assert dead_redis.delete("key") is False
    assert dead_redis.has_key("key") is False
    assert dead_redis.get_many(["a", "b"]) == {}
    assert dead_redis.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert dead_redis.delete_many(["a", "b"]) is None
    assert dead_redis.clear() is False
    assert dead_redis.is_available() is False


def test_an_outage_is_one_warning_for_the_whole_process(dead_redis, caplog, settings):
    """Many operations, and other threads' cache objects for the same server: one warning."""
    settings.REDIS_OUTAGE_BACKOFF = 0  # every operation tries Redis again
    other_thread_cache = redis_cache(dead_redis._servers[0])
    with caplog.at_level(logging.INFO, logger="apps.core.cache"):
        for _ in range(5):
            dead_redis.get("key")
            other_thread_cache.set("key", 1)
    [warning] = warnings(caplog)
    assert "Cache (Redis) unreachable" in warning.getMessage()
    assert "Connection refused" in warning.getMessage()


def test_during_the_back_off_redis_is_not_tried(dead_redis, settings, monkeypatch):
    """After a failure, operations answer at once without connecting, until the back-off ends."""
    settings.REDIS_OUTAGE_BACKOFF = 60
    dead_redis.get("key")
    attempts = []
    real_get_client = dead_redis._cache.get_client
    monkeypatch.setattr(
        dead_redis._cache, "get_client", lambda *a, **k: attempts.append(1) or real_get_client()
    )
    for _ in range(10):
        assert dead_redis.get("key", "default") == "default"
    assert attempts == []
    fail_open.outage_of(dead_redis._servers[0]).retry_at = 0.0  # the back-off is over
    dead_redis.get("key")
    assert attempts == [1]


def test_a_hung_redis_costs_at_most_the_socket_timeout(settings):
    """A server that accepts and never answers: the operation gives up after the timeout."""
    settings.REDIS_SOCKET_TIMEOUT = 0.2
    with HangingListener() as listener:
        hung = redis_cache(f"redis://127.0.0.1:{listener.port}/0")
        started = time.monotonic()
        assert hung.get("key", "default") == "default"
        assert time.monotonic() - started < 2


def test_the_cache_is_used_again_once_redis_is_back(caplog, settings):
    """Stopped: reads miss and one warning; started again: is_available() ends the outage
    (logged) and values are stored and read again."""
    require_tools("redis-server")
    settings.REDIS_OUTAGE_BACKOFF = 60
    with RedisServer() as redis, caplog.at_level(logging.INFO, logger="apps.core.cache"):
        cache = redis_cache(redis.url(0))
        cache.set("key", "value")
        assert cache.get("key") == "value"
        redis.stop()
        try:
            assert cache.get("key") is None
            assert cache.is_available() is False
        finally:
            redis.start()
        assert cache.get("key") is None  # still backing off: Redis is not tried yet
        assert cache.is_available() is True
        cache.set("key", "again")
        assert cache.get("key") == "again"
    assert len(warnings(caplog)) == 1
    assert any("reachable again" in r.getMessage() for r in caplog.records)


def test_operations_share_one_redis_client():
    """Django would make a redis.Redis (and its callback table) for every operation."""
    cache = redis_cache("redis://127.0.0.1:1/0")
    client = cache._cache.get_client()
    assert cache._cache.get_client("key", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(False)


def test_any_key_is_taken_without_memcacheds_warnings():
    """Redis takes keys memcached would refuse (spaces, control characters, over 250
    characters): no CacheKeyWarning is checked for, character by character, on every read."""
    require_tools("redis-server")
    with RedisServer() as redis, catch_warnings():
        simplefilter("error")
        cache = redis_cache(redis.url(0))
        key = "a key\twith spaces " + "x" * 300
        cache.set(key, "value")
        assert cache.get(key) == "value"


def test_socket_timeouts_come_from_the_settings_unless_the_cache_sets_its_own(settings):
    settings.REDIS_SOCKET_TIMEOUT = 0.3
    default = redis_cache("redis://127.0.0.1:1/0")
    own = redis_cache("redis://127.0.0.1:1/0", OPTIONS={"socket_timeout": 2})
    assert default._options == {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}
    assert own._options == {"socket_connect_timeout": 0.3, "socket_timeout": 2}


@pytest.mark.django_db
def test_reads_and_throttling_fail_open_without_redis(api_client, settings, dataset):
    """With the configured Redis down, API reads answer 200 and the limit lets them through."""
    location = f"redis://127.0.0.1:{free_port()}/0"
    settings.REDIS_URL = location
    settings.CACHES = {
        alias: {"BACKEND": "apps.core.cache.FailOpenRedisCache", "LOCATION": location}
        for alias in ("default", "responses", "rate_limit")
    }
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    assert isinstance(caches["default"], FailOpenRedisCache)
    for path in ("/api/v1/clusters/", "/api/v1/clusters/", "/api/schema/"):
        assert api_client.get(path).status_code == 200


def test_version_keyed_values_read_once_are_kept_near(settings):
    """A value read or written, one or many at a time, is answered again without Redis, and
    through an outage; the process's copies go with forget_local, and clear empties Redis too."""
    require_tools("redis-server")
    with RedisServer() as redis:
        cache = VersionKeyedRedisCache(redis.url(0), {"KEY_PREFIX": "responses"})
        elsewhere = redis_cache(redis.url(0), KEY_PREFIX="responses")
        cache.set("written", b"answer")
        elsewhere.set("read", b"other answer")
        assert cache.get("read") == b"other answer"
        elsewhere.delete_many(["written", "read"])
        assert (cache.get("written"), cache.get("read")) == (b"answer", b"other answer")
        cache.set_many({"row-1": {"slug": "one"}, "row-2": {"slug": "two"}})
        elsewhere.set("row-3", {"slug": "three"})
        assert cache.get_many(["row-1", "row-3", "row-4"]) == {
            "row-1": {"slug": "one"},
            "row-3": {"slug": "three"},
        }
        elsewhere.delete_many(["row-1", "row-2", "row-3"])
        assert cache.get_many(["row-1", "row-2", "row-3"]) == {
            "row-1": {"slug": "one"},
            "row-2": {"slug": "two"},
            "row-3": {"slug": "three"},
        }
        redis.stop()
        try:
            assert cache.get("read") == b"other answer"
            assert cache.get("missing", "default") == "default"
            assert cache.get_many(["row-2", "row-4"]) == {"row-2": {"slug": "two"}}
        finally:
            redis.start()
        cache.forget_local()
        assert cache.get("read") is None
        cache.set("kept", None)
        assert cache.get("kept", "default") is None
        elsewhere.set("stored", 1)
        cache.clear()
        assert (elsewhere.get("stored"), cache.get("kept", "default")) == (None, "default")


@pytest.mark.django_db
def test_a_worker_forgets_its_near_copies_when_the_version_moves(
    api_client, token_client, dataset, settings
):
    """Through the response cache: a write leaves only the current version's near copies."""
    require_tools("redis-server")
    with RedisServer() as redis:
        settings.CACHES = {
            **settings.CACHES,
            "responses": {
                "BACKEND": "apps.core.cache.VersionKeyedRedisCache",
                "LOCATION": redis.url(0),
                "KEY_PREFIX": "responses",
            },
        }
        near = caches["responses"]._near
        api_client.get("/api/v1/clusters/")
        one_answer = len(near)  # the answer, its count and its records
        for path in ("/api/v1/parks/", "/clusters/"):
            api_client.get(path)
        assert len(near) > one_answer
        token_client("change_cluster").patch("/api/v1/clusters/biomedicine/", {"name_en": "Bio"})
        response = api_client.get("/api/v1/clusters/")
        assert "Bio" in response.content.decode()
        assert len(near) == one_answer


def test_near_copies_keep_to_their_byte_budget():
    """The least recently used go first; a value over an eighth of the budget is not kept."""
    near = fail_open.NearCopies(max_bytes=8000)
    for number in range(40):
        near.set(f"key-{number}", b"x" * 500)
        assert near.size <= 8000
    assert near.get("key-0") is fail_open._ABSENT
    assert near.get("key-39") == b"x" * 500
    near.set("large", b"x" * 1001)
    assert near.get("large") is fail_open._ABSENT
    near.set("key-39", b"y")
    assert near.get("key-39") == b"y"
    near.clear()
    assert (len(near), near.size) == (0, 0)
