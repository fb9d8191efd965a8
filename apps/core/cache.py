"""A Redis cache that fails open: while Redis is unreachable the service runs as if uncached.

The cache only holds what can be recomputed (throttling counts, cached responses), so losing it
must never fail a request. Every operation that meets a Redis error answers what an empty cache
would (a miss; nothing stored), and then:

- the outage is logged once per process, as one warning, and its end as one info line;
- for ``REDIS_OUTAGE_BACKOFF`` seconds no operation tries Redis again, so a dead or hung server
  costs at most one short socket timeout (``REDIS_SOCKET_TIMEOUT``) per back-off period instead of
  one per request. The first operation after the back-off tries again; ``is_available`` (the
  /readyz probe) tries at once.

Django keeps one cache object per thread; the outage state is per server and shared by them all.
"""

import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_T = TypeVar("_T")


class Outage:
    """Whether one Redis server is failing, and when to try it again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.since: float | None = None
        self.retry_at = 0.0

    def backing_off(self) -> bool:
        return time.monotonic() < self.retry_at

    def failed(self, error: Exception, backoff: float) -> None:
        with self._lock:
            now = time.monotonic()
            self.retry_at = now + backoff
            if self.since is not None:
                return
            self.since = now
        logger.warning(
            "Cache (Redis) unreachable (%s): serving without the cache, so throttling and "
            "response caching are off, and trying it again every %g s.",
            error,
            backoff,
        )

    def recovered(self) -> None:
        if self.since is None:
            return
        with self._lock:
            if self.since is None:
                return
            seconds, self.since, self.retry_at = time.monotonic() - self.since, None, 0.0
        logger.info("Cache (Redis) reachable again after %.1f s.", seconds)


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_of(location: str) -> Outage:
    with _outages_lock:
        return _outages.setdefault(location, Outage())


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django makes a new ``redis.Redis`` for every operation, and each one sets up its table of
    about 170 response callbacks: a fifth of a cached answer's Redis round trip. A ``redis.Redis``
    is safe to share between threads (its pool hands each command a connection).
    """

    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own attributes, which django-stubs does not declare.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            made = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            client = self._clients.setdefault(id(pool), made)
        return client


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache with short socket timeouts, answering as an empty cache during outages.

    The fallbacks are what Django's DummyCache answers, except ``incr`` (the new count, as if the
    key had been 0, so a counter-based limit lets the request through) and ``set_many`` (every key
    is reported as not stored).
    """

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        timeout = settings.REDIS_SOCKET_TIMEOUT
        options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
        params = {**params, "OPTIONS": {**options, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._outage = outage_of(server if isinstance(server, str) else ",".join(server))

    def validate_key(self, key: str) -> None:
        """Nothing to check: Redis takes any key. Django's default warns about keys memcached
        would refuse, character by character: a twentieth of a list read from kept records."""

    def _fail_open(self, operation: Callable[[], _T], fallback: _T) -> _T:
        if self._outage.backing_off():
            return fallback
        try:
            result = operation()
        except RedisError as error:
            self._outage.failed(error, _outage_backoff())
            return fallback
        self._outage.recovered()
        return result

    def is_available(self) -> bool:
        """Ping Redis now, back-off or not: True when it answers (which ends an outage)."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._outage.failed(error, _outage_backoff())
            return False
        self._outage.recovered()
        return True

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return self._fail_open(partial(super().add, key, value, timeout, version), True)

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        return self._fail_open(partial(super().get, key, default, version), default)

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        return self._fail_open(partial(super().set, key, value, timeout, version), None)

    def touch(
        self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._fail_open(partial(super().touch, key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._fail_open(partial(super().delete, key, version), False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._fail_open(partial(super().get_many, keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._fail_open(partial(super().has_key, key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._fail_open(partial(super().incr, key, delta, version), delta)

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        return self._fail_open(partial(super().set_many, data, timeout, version), list(data))

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        return self._fail_open(partial(super().delete_many, keys, version), None)

    # Django's RedisCache.clear answers the client's bool, where the stubs say None.
    def clear(self) -> bool | None:  # type: ignore[override]
        operation: Callable[[], bool | None] = super().clear
        cleared: bool | None = False
        return self._fail_open(operation, cleared)


# What the near copies answer for a key they do not hold (None may be a stored value).
_ABSENT = object()


class NearCopies:
    """A process's copies of immutable values, bounded in bytes: the least recently used go
    first, and no one value may take more than an eighth of the budget (an answer of megabytes is
    read from Redis each time rather than crowding out hundreds of small ones). Shared by the
    threads of a process."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._pickles: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pickles)

    @property
    def size(self) -> int:
        """Bytes held."""
        return self._bytes

    def get(self, key: str) -> Any:
        with self._lock:
            data = self._pickles.get(key)
            if data is None:
                return _ABSENT
            self._pickles.move_to_end(key)
        return pickle.loads(data)

    def set(self, key: str, value: Any) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes // 8:
            return
        with self._lock:
            replaced = self._pickles.pop(key, None)
            self._bytes += len(data) - (len(replaced) if replaced is not None else 0)
            self._pickles[key] = data
            while self._bytes > self.max_bytes:
                _, dropped = self._pickles.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._pickles.clear()
            self._bytes = 0


_near_copies: dict[str, NearCopies] = {}


class VersionKeyedRedisCache(FailOpenRedisCache):
    """For keys that each name one immutable value (every key of the ``responses`` cache holds
    the data version): each process keeps copies of the values it has read or written in front
    of Redis (``NearCopies``, ``OPTIONS["NEAR_MAX_BYTES"]``), so a repeated hit costs no round
    trip.

    A kept value is never stale, since a newer value has a new key; ``forget_local`` (called
    when the process first sees a new data version) drops what older keys hold. ``clear`` empties
    both. Reads and writes of one value (the answers) or of many (the records of a list, in one
    round trip) go through the copies; nothing else uses the cache.
    """

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        near_max_bytes = int(options.pop("NEAR_MAX_BYTES", 64 * 1024 * 1024))
        super().__init__(server, {**params, "OPTIONS": options})
        location = server if isinstance(server, str) else ",".join(server)
        with _outages_lock:
            self._near = _near_copies.setdefault(
                f"{location}|{self.key_prefix}", NearCopies(near_max_bytes)
            )

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        made_key = self.make_and_validate_key(key, version)
        value = self._near.get(made_key)
        if value is _ABSENT:
            value = super().get(key, _ABSENT, version)
            if value is _ABSENT:
                return default
            self._near.set(made_key, value)
        return value

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self._near.set(self.make_and_validate_key(key, version), value)
        super().set(key, value, timeout, version)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        found: dict[Any, Any] = {}
        wanted: dict[Any, str] = {}
        for key in keys:
            made_key = self.make_and_validate_key(key, version)
            value = self._near.get(made_key)
            if value is _ABSENT:
                wanted[key] = made_key
            else:
                found[key] = value
        if wanted:
            fetched = super().get_many(wanted, version)
            for key, value in fetched.items():
                self._near.set(wanted[key], value)
            found.update(fetched)
        return found

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        for key, value in data.items():
            self._near.set(self.make_and_validate_key(key, version), value)
        return super().set_many(data, timeout, version)

    def forget_local(self) -> None:
        """Drop this process's copies; Redis keeps its entries until they expire."""
        self._near.clear()

    def clear(self) -> bool | None:  # type: ignore[override]  # as FailOpenRedisCache's
        self._near.clear()
        return super().clear()


def _outage_backoff() -> float:
    # A number: banan_service/checks.py refuses to serve with anything else.
    return cast(float, settings.REDIS_OUTAGE_BACKOFF)
