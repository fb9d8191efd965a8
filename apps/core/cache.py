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
import threading
import time
from functools import partial

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class Outage:
    """Whether one Redis server is failing, and when to try it again."""

    def __init__(self):
        self._lock = threading.Lock()
        self.since = None
        self.retry_at = 0.0

    def backing_off(self):
        return time.monotonic() < self.retry_at

    def failed(self, error, backoff):
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

    def recovered(self):
        if self.since is None:
            return
        with self._lock:
            if self.since is None:
                return
            seconds, self.since, self.retry_at = time.monotonic() - self.since, None, 0.0
        logger.info("Cache (Redis) reachable again after %.1f s.", seconds)


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_of(location):
    with _outages_lock:
        return _outages.setdefault(location, Outage())


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache with short socket timeouts, answering as an empty cache during outages.

    The fallbacks are what Django's DummyCache answers, except ``incr`` (the new count, as if the
    key had been 0, so a counter-based limit lets the request through) and ``set_many`` (every key
    is reported as not stored).
    """

    def __init__(self, server, params):
        timeout = settings.REDIS_SOCKET_TIMEOUT
        options = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
        params = {**params, "OPTIONS": {**options, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._outage = outage_of(server if isinstance(server, str) else ",".join(server))

    def _fail_open(self, operation, fallback):
        if self._outage.backing_off():
            return fallback
        try:
            result = operation()
        except RedisError as error:
            self._outage.failed(error, settings.REDIS_OUTAGE_BACKOFF)
            return fallback
        self._outage.recovered()
        return result

    def is_available(self):
        """Ping Redis now, back-off or not: True when it answers (which ends an outage)."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._outage.failed(error, settings.REDIS_OUTAGE_BACKOFF)
            return False
        self._outage.recovered()
        return True

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open(partial(super().add, key, value, timeout, version), True)

    def get(self, key, default=None, version=None):
        return self._fail_open(partial(super().get, key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open(partial(super().set, key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open(partial(super().touch, key, timeout, version), False)

    def delete(self, key, version=None):
        return self._fail_open(partial(super().delete, key, version), False)

    def get_many(self, keys, version=None):
        return self._fail_open(partial(super().get_many, keys, version), {})

    def has_key(self, key, version=None):
        return self._fail_open(partial(super().has_key, key, version), False)

    def incr(self, key, delta=1, version=None):
        return self._fail_open(partial(super().incr, key, delta, version), delta)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open(partial(super().set_many, data, timeout, version), list(data))

    def delete_many(self, keys, version=None):
        return self._fail_open(partial(super().delete_many, keys, version), None)

    def clear(self):
        return self._fail_open(super().clear, False)
